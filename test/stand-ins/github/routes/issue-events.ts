// Label history for `GET /repos/{owner}/{repo}/issues/{issue_number}/events` (served by gate.ts): the label
// routes in issues.ts call `recordLabelChanges`, so labels added or removed through the API show up as
// `labeled`/`unlabeled` events with who did it, next to the events tests seed with gate.ts's `addLabelEvent`.
import type { RouteContext } from "../context.js";
import type { IssueRecord, RepoRecord } from "../state.js";
import { gateState } from "./gate.js";

/** Records `labeled`/`unlabeled` events for the difference between `before` and the issue's labels now. */
export function recordLabelChanges(
  ctx: RouteContext,
  repo: RepoRecord,
  issue: IssueRecord,
  before: readonly string[],
): void {
  const lower = (xs: readonly string[]) => new Set(xs.map((x) => x.toLowerCase()));
  const was = lower(before);
  const now = lower(issue.labels);
  const events = gateState(repo).labelEvents;
  const push = (event: "labeled" | "unlabeled", label: string) =>
    events.push({
      id: ctx.state.nextId(),
      issueNumber: issue.number,
      label,
      actor: ctx.auth.login,
      event,
      createdAt: ctx.state.now(),
    });
  for (const l of issue.labels) if (!was.has(l.toLowerCase())) push("labeled", l);
  for (const l of before) if (!now.has(l.toLowerCase())) push("unlabeled", l);
}
