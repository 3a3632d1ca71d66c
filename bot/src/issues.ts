import type { GitHubClient } from "@upkeep/shared/github/client.js";
import { findMarkers } from "@upkeep/shared/github/markers.js";
import type { IssueSnapshot } from "@upkeep/shared/plan/types.js";
import type { RepoRef } from "./repo-files.js";

interface RestIssue {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  state_reason?: string | null;
  labels: (string | { name?: string })[];
  created_at: string;
  closed_at: string | null;
  closed_by?: { login?: string } | null;
  html_url: string;
  pull_request?: unknown;
}

/** Converts a REST issue into the snapshot planners read. */
export function toSnapshot(i: RestIssue): IssueSnapshot {
  return {
    number: i.number,
    title: i.title,
    body: i.body ?? "",
    state: i.state === "closed" ? "closed" : "open",
    stateReason: i.state_reason ?? null,
    labels: i.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))),
    createdAt: i.created_at,
    closedAt: i.closed_at,
    ...(i.closed_by?.login ? { closedBy: i.closed_by.login } : {}),
    url: i.html_url,
  };
}

/**
 * Every issue of the repository (open and closed) that carries an Upkeep marker. Pages are listed oldest
 * first, so a change touches only its own page: with the ETag cache an idle repository answers every page
 * with 304 (not counted), and one edited issue costs one counted page. Throws GitHubApiError on failure.
 */
export async function listUpkeepIssues(client: GitHubClient, repo: RepoRef): Promise<IssueSnapshot[]> {
  const all = (await client.paginate(client.rest.issues.listForRepo, {
    owner: repo.owner,
    repo: repo.name,
    state: "all",
    sort: "created",
    direction: "asc",
    per_page: 100,
  })) as RestIssue[];
  return all.filter((i) => !i.pull_request && findMarkers(i.body).length > 0).map(toSnapshot);
}
