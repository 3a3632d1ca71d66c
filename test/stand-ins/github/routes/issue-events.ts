// `GET /repos/{owner}/{repo}/issues/{issue_number}/events`: the label history of an issue (labeled and
// unlabeled events, with who did it). Events are recorded by the label routes in issues.ts through
// `recordLabelChanges`; issues seeded through `state.addIssue` start with no history, like an import.
import type { Handler, RouteContext } from "../context.js";
import { HttpError } from "../context.js";
import type { IssueRecord, RepoRecord } from "../state.js";

interface LabelEvent {
  id: number;
  event: "labeled" | "unlabeled";
  actor: string;
  label: string;
  createdAt: string;
}

const history = new WeakMap<IssueRecord, LabelEvent[]>();
let nextId = 9_000_000;

/** Records `labeled`/`unlabeled` events for the difference between `before` and the issue's labels now. */
export function recordLabelChanges(ctx: RouteContext, issue: IssueRecord, before: readonly string[]): void {
  const lower = (xs: readonly string[]) => new Set(xs.map((x) => x.toLowerCase()));
  const was = lower(before);
  const now = lower(issue.labels);
  const list = history.get(issue) ?? [];
  const at = ctx.state.now();
  for (const l of issue.labels)
    if (!was.has(l.toLowerCase()))
      list.push({ id: nextId++, event: "labeled", actor: ctx.auth.login, label: l, createdAt: at });
  for (const l of before)
    if (!now.has(l.toLowerCase()))
      list.push({ id: nextId++, event: "unlabeled", actor: ctx.auth.login, label: l, createdAt: at });
  history.set(issue, list);
}

function serialize(ctx: RouteContext, repo: RepoRecord, e: LabelEvent): Record<string, unknown> {
  const color = repo.labels.find((l) => l.name.toLowerCase() === e.label.toLowerCase())?.color ?? "ededed";
  return {
    id: e.id,
    node_id: `LE_${e.id}`,
    url: `${ctx.ser.repoUrl(repo)}/issues/events/${e.id}`,
    actor: ctx.ser.user(e.actor),
    event: e.event,
    commit_id: null,
    commit_url: null,
    created_at: e.createdAt,
    performed_via_github_app: null,
    label: { name: e.label, color },
  };
}

const listEvents: Handler = (ctx) => {
  const repo = ctx.repo();
  const issue = repo.issues.find((i) => i.number === Number(ctx.params.issue_number));
  if (!issue) throw new HttpError(404, "Not Found");
  return { status: 200, list: (history.get(issue) ?? []).map((e) => serialize(ctx, repo, e)) };
};

export const issueEventRoutes: Record<string, Handler> = {
  "GET /repos/{owner}/{repo}/issues/{issue_number}/events": listEvents,
};
