import type { GitHubClient } from "@upkeep/shared/github/client.js";
import type { Logger } from "@upkeep/shared/logger.js";
import type { IssueSnapshot, Plan } from "@upkeep/shared/plan/types.js";
import type { Clock, SharedState } from "@upkeep/shared/ports.js";
import type { RepoFiles, RepoRef } from "./repo-files.js";

/** Everything a feature sees of one repository during a sweep or after a webhook. */
export interface RepoContext {
  repo: RepoRef;
  /** `owner/name`. */
  fullName: string;
  /** Absent when replaying offline: features then plan without extra look-ups. */
  client?: GitHubClient;
  files: RepoFiles;
  /** Issues carrying an Upkeep marker, open and closed, oldest first. */
  issues: IssueSnapshot[];
  now: Date;
  logger: Logger;
}

/**
 * One bot feature (design §1: a thin shell over an engine). `sweep` returns the time-driven plan for one
 * repository (reminders, status changes, periods opening); webhook handlers are registered by the
 * feature's folder in index.ts. A sweep plan must be empty when nothing is due, so an idle sweep writes
 * nothing.
 */
export interface Feature {
  id: string;
  sweep?(ctx: RepoContext): Plan | Promise<Plan>;
}

/** Services shared by the features of one process. */
export interface BotServices {
  clock: Clock;
  logger: Logger;
  /**
   * State shared by every instance (memory on one, Redis with REDIS_URL): a feature keeps its own namespace,
   * e.g. `state.store("staging-gate:pending")`. See docs/bot.md "Using the shared state from a feature".
   */
  state?: SharedState;
}
