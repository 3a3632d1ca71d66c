/**
 * The pull request behind a workflow run, read from the event payload (`GITHUB_EVENT_PATH`), and whether
 * an action should comment on it. Shared by the action shells; no @actions import, so tests and the CLI
 * can use it with a plain payload.
 */

/** Events whose payload carries `pull_request`. */
export const PULL_REQUEST_EVENTS: ReadonlySet<string> = new Set(["pull_request", "pull_request_target"]);

/** A pull request as the action shells need it. */
export interface PullRequestEvent {
  number: number;
  /** The title: what lands as the commit header on squash-merge. `""` when the payload has none. */
  title: string;
  /** The description; `""` when empty. */
  body: string;
  /** Label names. */
  labels: string[];
  /** Login of the author (`dependabot[bot]`), `""` when unknown. */
  author: string;
  baseSha: string | undefined;
  headSha: string | undefined;
  /** Base branch name (`main`). */
  baseRef: string | undefined;
  /** The head repository is not the base repository (or was deleted): the token is then read-only. */
  isFork: boolean;
}

/** The triggering event: its name and, on pull request events, the pull request. */
export interface EventInfo {
  name: string;
  pullRequest?: PullRequestEvent;
}

/** `sticky PR comment` modes of the action inputs named `comment`. */
export type CommentMode = "auto" | "true" | "false";

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : undefined;
}

/**
 * Reads the pull request out of a `pull_request` / `pull_request_target` payload; undefined for any other
 * event or a payload without a numbered `pull_request`. A missing head repository (a deleted fork) counts
 * as a fork. Never throws.
 */
export function pullRequestOf(eventName: string, payload: unknown): PullRequestEvent | undefined {
  if (!PULL_REQUEST_EVENTS.has(eventName)) return undefined;
  const pr = record(record(payload)?.pull_request);
  if (!pr || typeof pr.number !== "number") return undefined;
  const base = record(pr.base);
  const head = record(pr.head);
  const baseRepo = str(record(base?.repo)?.full_name);
  const headRepo = str(record(head?.repo)?.full_name);
  const labels = Array.isArray(pr.labels)
    ? pr.labels.map((l) => str(record(l)?.name)).filter((n): n is string => n !== undefined)
    : [];
  return {
    number: pr.number,
    title: str(pr.title) ?? "",
    body: str(pr.body) ?? "",
    labels,
    author: str(record(pr.user)?.login) ?? "",
    baseSha: str(base?.sha),
    headSha: str(head?.sha),
    baseRef: str(base?.ref),
    isFork: headRepo === undefined || (baseRepo !== undefined && headRepo.toLowerCase() !== baseRepo.toLowerCase()),
  };
}

/** {@link EventInfo} of an event: its name, plus the pull request on pull request events. Never throws. */
export function eventInfo(eventName: string, payload: unknown): EventInfo {
  const pullRequest = pullRequestOf(eventName, payload);
  return pullRequest ? { name: eventName, pullRequest } : { name: eventName };
}

/**
 * Whether to post the sticky comment: only when the event has a pull request, and never with `false`
 * (`auto` and `true` behave alike here; `true` only adds a warning elsewhere when there is no pull request).
 */
export function shouldComment(mode: CommentMode, event: { pullRequest?: unknown }): boolean {
  return mode !== "false" && event.pullRequest !== undefined;
}
