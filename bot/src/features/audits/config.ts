import type { GitHubClient } from "@upkeep/shared/github/client.js";
import type { RepoRef } from "../../repo-files.js";

/**
 * The latest patch-check results of the repository: the newest check run whose name mentions patch-check
 * on the commit the bot read the config at (the job of the patch-check workflow). Undefined when the
 * repository does not run patch-check. One request, made only when an audit issue is about to open.
 * Throws GitHubApiError when GitHub fails.
 */
export async function latestPatchCheckUrl(
  client: GitHubClient,
  repo: RepoRef,
  sha: string,
): Promise<string | undefined> {
  const { data } = await client.rest.checks.listForRef({ owner: repo.owner, repo: repo.name, ref: sha, per_page: 100 });
  const run = data.check_runs
    .filter((r) => /patch[-\s]?check/i.test(r.name))
    .sort((a, b) => String(b.started_at ?? "").localeCompare(String(a.started_at ?? "")))[0];
  return run ? (run.html_url ?? run.details_url ?? undefined) : undefined;
}
