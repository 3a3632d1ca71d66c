import type { GitHubClient } from "@upkeep/shared/github/client.js";
import { findMarkers } from "@upkeep/shared/github/markers.js";
import { listIssueSnapshots } from "@upkeep/shared/plan/rest-issue.js";
import type { IssueSnapshot } from "@upkeep/shared/plan/types.js";
import type { RepoRef } from "./repo-files.js";

/**
 * Every issue of the repository (open and closed) that carries an Upkeep marker. Pages are listed oldest
 * first, so a change touches only its own page: with the ETag cache an idle repository answers every page
 * with 304 (not counted), and one edited issue costs one counted page. Throws GitHubApiError on failure.
 */
export async function listUpkeepIssues(client: GitHubClient, repo: RepoRef): Promise<IssueSnapshot[]> {
  const all = await listIssueSnapshots(client, {
    owner: repo.owner,
    repo: repo.name,
    sort: "created",
    direction: "asc",
  });
  return all.filter((i) => findMarkers(i.body).length > 0);
}
