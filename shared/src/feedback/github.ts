/**
 * Reading what feedback needs from GitHub, shared by `upkeep feedback` and the bot: a repository's labelled
 * issues (training data), and for the digest the issues
 * opened since a date (listed by `since`, which GitHub applies to `updated_at`, a superset), every open issue
 * (the backlog), and the comments of the issues whose first response or unanswered state matters.
 */
import type { FeedbackConfig } from "../config/types.js";
import type { GitHubClient } from "../github/client.js";
import { listIssueSnapshots } from "../plan/rest-issue.js";
import type { DigestIssue } from "./digest.js";
import { labelledFromIssues } from "./history.js";
import type { LabelledIssue } from "./train.js";

/**
 * The issues of `owner/name` (open and closed, oldest first) carrying exactly one of the configured kind
 * labels, as training data grouped under the repository's name. One paginated listing. Throws GitHubApiError
 * when GitHub fails.
 */
export async function listLabelledIssues(
  client: GitHubClient,
  repo: { owner: string; name: string },
  labels: FeedbackConfig["labels"],
): Promise<LabelledIssue[]> {
  const snapshots = await listIssueSnapshots(client, {
    owner: repo.owner,
    repo: repo.name,
    sort: "created",
    direction: "asc",
  });
  return labelledFromIssues(snapshots, labels, `${repo.owner}/${repo.name}`);
}

interface RestUser {
  login: string;
  type?: string;
}

interface RestIssueRow {
  number: number;
  title: string;
  body?: string | null;
  user: RestUser | null;
  labels: ({ name?: string } | string)[];
  state: string;
  created_at: string;
  closed_at: string | null;
  comments: number;
  pull_request?: unknown;
}

function isBot(u: RestUser | null | undefined): boolean {
  return !u || u.type === "Bot" || /\[bot\]$/i.test(u.login);
}

/**
 * The issues of `owner/repo` for a digest from `since`: opened since then, plus every open issue. Comments are
 * listed only for issues opened in the period (first response) and open question issues (unanswered),
 * and only when the issue has any. Throws GitHubApiError when GitHub fails.
 */
export async function listDigestIssues(
  client: GitHubClient,
  owner: string,
  repo: string,
  since: Date,
  questionLabel: string,
): Promise<DigestIssue[]> {
  const recent = (await client.paginate(client.rest.issues.listForRepo, {
    owner,
    repo,
    state: "all",
    since: since.toISOString(),
    per_page: 100,
  })) as RestIssueRow[];
  const open = (await client.paginate(client.rest.issues.listForRepo, {
    owner,
    repo,
    state: "open",
    per_page: 100,
  })) as RestIssueRow[];
  const byNumber = new Map<number, RestIssueRow>();
  for (const i of [...recent, ...open]) if (!i.pull_request) byNumber.set(i.number, i);
  const out: DigestIssue[] = [];
  for (const i of [...byNumber.values()].sort((a, b) => a.number - b.number)) {
    const labels = i.labels.map((l) => (typeof l === "string" ? l : (l.name ?? "")));
    const inPeriod = Date.parse(i.created_at) >= since.getTime();
    const question = labels.some((l) => l.toLowerCase() === questionLabel.toLowerCase());
    let comments: DigestIssue["comments"] = [];
    if (i.comments > 0 && (inPeriod || (i.state === "open" && question))) {
      const rows = (await client.paginate(client.rest.issues.listComments, {
        owner,
        repo,
        issue_number: i.number,
        per_page: 100,
      })) as { user: RestUser | null; created_at: string }[];
      comments = rows.map((c) => ({
        author: c.user?.login ?? "",
        authorIsBot: isBot(c.user),
        createdAt: c.created_at,
      }));
    }
    out.push({
      number: i.number,
      title: i.title,
      body: i.body ?? "",
      author: i.user?.login ?? "",
      authorIsBot: isBot(i.user),
      labels,
      state: i.state === "closed" ? "closed" : "open",
      createdAt: i.created_at,
      closedAt: i.closed_at,
      comments,
    });
  }
  return out;
}
