import type { FeedbackConfig, FeedbackKind } from "@upkeep/shared/config/types.js";
import { FEEDBACK_KINDS } from "@upkeep/shared/feedback/history.js";
import type { GitHubClient } from "@upkeep/shared/github/client.js";
import type { RepoRef } from "../../repo-files.js";

/**
 * Kinds whose label was taken off the issue at some point (an `unlabeled` event): someone decided against
 * it, so triage never puts it back. One paginated request. Throws GitHubApiError when it fails.
 */
export async function removedKinds(
  client: GitHubClient,
  repo: RepoRef,
  issue: number,
  config: FeedbackConfig,
): Promise<FeedbackKind[]> {
  const events = (await client.paginate(client.rest.issues.listEvents, {
    owner: repo.owner,
    repo: repo.name,
    issue_number: issue,
    per_page: 100,
  })) as { event: string; label?: { name: string } }[];
  const removed = new Set(
    events.filter((e) => e.event === "unlabeled" && e.label).map((e) => e.label!.name.toLowerCase()),
  );
  return FEEDBACK_KINDS.filter((k) => removed.has(config.labels[k].toLowerCase()));
}
