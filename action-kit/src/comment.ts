/**
 * The sticky pull request comment of an action run: whether to post it, and what to log when it cannot be
 * posted. No @actions import; the shells pass their logger and client.
 */

import type { GitHubClient } from "@upkeep/shared/github/client.js";
import { type CommentMode, type EventInfo, shouldComment } from "@upkeep/shared/github/event.js";
import { upsertStickyComment } from "@upkeep/shared/github/sticky-comment.js";
import type { Logger } from "@upkeep/shared/logger.js";

/** What {@link postActionComment} needs besides the comment body. */
export interface ActionCommentOptions {
  /** The step's `comment` input. */
  mode: CommentMode;
  event: Pick<EventInfo, "name"> & { pullRequest?: { number: number } };
  /** The lazily made client; undefined without a token. */
  client: () => GitHubClient | undefined;
  owner: string;
  repo: string;
  /** Marker key of the sticky comment (the action's name). */
  key: string;
  logger: Logger;
}

/**
 * Creates or updates the action's sticky comment on the event's pull request, when `mode` and the event
 * call for one. Warns (and posts nothing) when `mode` is `true` on an event without a pull request, when
 * there is no token, or when the token may not write to the pull request (pull requests from forks); the
 * job summary and annotations hold the results then. `body` is rendered only when the comment is posted.
 * Throws GitHubApiError for any other API failure.
 */
export async function postActionComment(options: ActionCommentOptions, body: () => string): Promise<void> {
  const { event, logger } = options;
  if (options.mode === "true" && !event.pullRequest) {
    logger.warning(`comment is true but the ${event.name} event has no pull request to comment on`);
  }
  if (!shouldComment(options.mode, event) || !event.pullRequest) return;
  const number = event.pullRequest.number;
  const client = options.client();
  if (!client) {
    logger.warning("no PR comment: the token input is empty");
    return;
  }
  const outcome = await upsertStickyComment(
    client,
    { owner: options.owner, repo: options.repo, issueNumber: number, key: options.key },
    body(),
    { tolerateForbidden: true, logger },
  );
  if (outcome.action === "forbidden") {
    logger.warning(
      `could not comment on pull request #${number}: the token may not write to it (${outcome.reason}). ` +
        "This is expected on pull requests from forks; the job summary and annotations hold the results.",
    );
    return;
  }
  logger.info(`PR comment ${outcome.action}: ${outcome.url}`);
}
