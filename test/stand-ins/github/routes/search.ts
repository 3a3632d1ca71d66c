// `GET /search/issues` with the qualifiers Upkeep uses. GitHub's query language has no published grammar or
// parser package, so this tokenizer covers: repo:, org:/user:, is:issue|pr|open|closed, state:, type:, label:,
// -label:, author:, no:label, in:title|body, and free words or "quoted phrases" (case-insensitive substrings).
import type { Handler } from "../context.js";
import { validationFailed } from "../context.js";
import type { IssueRecord, RepoRecord } from "../state.js";

interface Term {
  negated: boolean;
  key: string | undefined;
  value: string;
}

const QUALIFIERS = new Set([
  "repo",
  "org",
  "user",
  "owner",
  "is",
  "type",
  "state",
  "label",
  "author",
  "assignee",
  "no",
  "in",
]);

function tokenize(q: string): Term[] {
  const terms: Term[] = [];
  const re = /(-?)(?:([a-z_]+):)?(?:"([^"]*)"|(\S+))/gi;
  for (const m of q.matchAll(re)) {
    const key = m[2]?.toLowerCase();
    const value = m[3] ?? m[4] ?? "";
    // `word:rest` with an unknown qualifier is plain text to GitHub (markers look like `upkeep:patch-check`).
    if (key !== undefined && !QUALIFIERS.has(key))
      terms.push({ negated: m[1] === "-", key: undefined, value: `${m[2]}:${value}` });
    else terms.push({ negated: m[1] === "-", key, value });
  }
  return terms;
}

export const searchIssues: Handler = (ctx) => {
  const q = String(ctx.query.q ?? "");
  if (q.trim() === "") throw validationFailed("Search", "q", "missing");
  if (q.length > 256) throw validationFailed("Search", "q", "invalid", "The search is longer than 256 characters.");
  const terms = tokenize(q);
  const inFields = new Set(terms.filter((t) => t.key === "in").map((t) => t.value.toLowerCase()));
  const texts = terms.filter((t) => t.key === undefined);
  const visible = [...ctx.state.repos.values()].filter((repo) => {
    if (ctx.auth.repositories && !ctx.auth.repositories.has(`${repo.owner}/${repo.name}`.toLowerCase())) return false;
    return !repo.private || ctx.auth.kind !== "anonymous";
  });
  const matches = (repo: RepoRecord, issue: IssueRecord): boolean => {
    for (const t of terms) {
      const v = t.value.toLowerCase();
      let ok = true;
      switch (t.key) {
        case "repo":
          ok = `${repo.owner}/${repo.name}`.toLowerCase() === v;
          break;
        case "org":
        case "user":
        case "owner":
          ok = repo.owner.toLowerCase() === v;
          break;
        case "is":
        case "type":
        case "state":
          if (v === "issue") ok = !issue.pull;
          else if (v === "pr" || v === "pull-request") ok = Boolean(issue.pull);
          else if (v === "open" || v === "closed") ok = issue.state === v;
          else if (v === "merged") ok = Boolean(issue.pull?.merged);
          else if (v === "unmerged") ok = Boolean(issue.pull) && !issue.pull?.merged;
          break;
        case "label":
          ok = v.split(",").some((name) => issue.labels.some((l) => l.toLowerCase() === name));
          break;
        case "author":
          ok = issue.user.toLowerCase() === v;
          break;
        case "assignee":
          ok = issue.assignees.some((a) => a.toLowerCase() === v);
          break;
        case "no":
          if (v === "label") ok = issue.labels.length === 0;
          else if (v === "assignee") ok = issue.assignees.length === 0;
          else if (v === "milestone") ok = issue.milestone === null;
          break;
        case "in":
          continue;
        case undefined: {
          const fields = inFields.size > 0 ? inFields : new Set(["title", "body"]);
          const haystack = [
            fields.has("title") ? issue.title : "",
            fields.has("body") ? (issue.body ?? "") : "",
            fields.has("comments")
              ? repo.comments
                  .filter((c) => c.issueNumber === issue.number)
                  .map((c) => c.body)
                  .join("\n")
              : "",
          ]
            .join("\n")
            .toLowerCase();
          ok = haystack.includes(v);
          break;
        }
        default:
          ok = true;
      }
      if (ok === t.negated) return false;
    }
    return true;
  };
  const hits: { repo: RepoRecord; issue: IssueRecord }[] = [];
  for (const repo of visible) for (const issue of repo.issues) if (matches(repo, issue)) hits.push({ repo, issue });
  const sort = ctx.query.sort as string | undefined;
  const sign = ctx.query.order === "asc" ? 1 : -1;
  const key = (i: IssueRecord) =>
    sort === "updated"
      ? Date.parse(i.updatedAt)
      : sort === "comments"
        ? 0
        : texts.length > 0 && !sort
          ? Date.parse(i.createdAt)
          : Date.parse(i.createdAt);
  hits.sort((a, b) => (key(a.issue) - key(b.issue) || a.issue.id - b.issue.id) * sign);
  // GitHub answers at most the first 1,000 results of any search.
  const list = hits.slice(0, 1000).map(({ repo, issue }) => ctx.ser.searchItem(repo, issue));
  return {
    status: 200,
    list,
    wrap: (items, _total) => ({
      total_count: hits.length,
      incomplete_results: false,
      items,
      search_type: "lexical",
    }),
  };
};

/** Search routes by `METHOD /template`. */
export const searchRoutes: Record<string, Handler> = {
  "GET /search/issues": searchIssues,
};
