import type { GitHubClient } from "@upkeep/shared/github/client.js";
import type { Logger } from "@upkeep/shared/logger.js";
import type { Clock } from "@upkeep/shared/ports.js";
import type { RepoFiles } from "./repo-files.js";

/** What the comment handler needs. */
export interface CommandDeps {
  client: GitHubClient;
  clock: Clock;
  logger: Logger;
  filesCache: Map<string, RepoFiles>;
  deliveryId: string;
  dryRun?: boolean;
}

/** Handles `/maintenance` and `/incident` in a new issue comment. */
export async function handleCommentCommand(_payload: unknown, _deps: CommandDeps): Promise<void> {}
