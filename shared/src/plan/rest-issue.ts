/**
 * Issues as the GitHub REST API returns them, turned into what the planners, the plan executor and the
 * audit report read, and listed for a repository. One conversion for the bot, the CLI and the executor.
 */
import type { GitHubClient } from "../github/client.js";
import type { IssueSnapshot } from "./types.js";

/** The fields of a REST issue (list, get, create, update and search answers) that Upkeep reads. */
export interface RestIssue {
  number: number;
  node_id?: string;
  title: string;
  body?: string | null;
  state: string;
  state_reason?: string | null;
  labels: (string | { name?: string })[];
  created_at: string;
  closed_at?: string | null;
  closed_by?: { login?: string } | null;
  html_url: string;
  /** Set when the "issue" is a pull request (the issues endpoints list both). */
  pull_request?: unknown;
}

/** What every view of an issue carries. */
export interface IssueFields {
  number: number;
  title: string;
  /** `""` for an empty body. */
  body: string;
  state: "open" | "closed";
  stateReason: string | null;
  labels: string[];
  createdAt: string;
  url: string;
}

/** The fields of `i` every view shares; a state other than `closed` counts as open. Never throws. */
export function issueFields(i: RestIssue): IssueFields {
  return {
    number: i.number,
    title: i.title,
    body: i.body ?? "",
    state: i.state === "closed" ? "closed" : "open",
    stateReason: i.state_reason ?? null,
    labels: i.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))),
    createdAt: i.created_at,
    url: i.html_url,
  };
}

/**
 * The snapshot planners read. `closedBy` is set only when the answer names who closed the issue (list
 * answers never do; the single-issue endpoint does). Never throws.
 */
export function issueSnapshot(i: RestIssue): IssueSnapshot {
  return {
    ...issueFields(i),
    closedAt: i.closed_at ?? null,
    ...(i.closed_by?.login ? { closedBy: i.closed_by.login } : {}),
  };
}

/** Which issues {@link listIssueSnapshots} lists (the `GET /repos/{owner}/{repo}/issues` parameters). */
export interface IssueQuery {
  owner: string;
  repo: string;
  /** Only issues with this label (or these, comma-separated). */
  labels?: string;
  /** Default: the API's, newest created first. */
  sort?: "created" | "updated" | "comments";
  direction?: "asc" | "desc";
}

/**
 * Every issue (open and closed, pull requests left out) matching `query`, every page, as snapshots.
 * Throws GitHubApiError when the API fails.
 */
export async function listIssueSnapshots(client: GitHubClient, query: IssueQuery): Promise<IssueSnapshot[]> {
  // Parameters in the order the callers always sent them: the query string (and so the ETag cache key) stays the same.
  const all = (await client.paginate(client.rest.issues.listForRepo, {
    owner: query.owner,
    repo: query.repo,
    state: "all",
    ...(query.labels !== undefined ? { labels: query.labels } : {}),
    ...(query.sort !== undefined ? { sort: query.sort } : {}),
    ...(query.direction !== undefined ? { direction: query.direction } : {}),
    per_page: 100,
  })) as RestIssue[];
  return all.filter((i) => !i.pull_request).map(issueSnapshot);
}
