import { readFileSync } from "node:fs";
import { fileSystemConfigSource } from "@upkeep/shared/config/fs-source.js";
import { loadConfig } from "@upkeep/shared/config/load.js";
import { InputError } from "@upkeep/shared/errors.js";
import type { GitHubClient } from "@upkeep/shared/github/client.js";
import { nodeFileSystem } from "@upkeep/shared/io/node-fs.js";
import type { Logger } from "@upkeep/shared/logger.js";
import { MAINTENANCE_DIR } from "@upkeep/shared/maintenance/files.js";
import { executePlan } from "@upkeep/shared/plan/execute.js";
import { renderPlan, renderResults } from "@upkeep/shared/plan/render.js";
import type { IssueSnapshot, Plan } from "@upkeep/shared/plan/types.js";
import type { Permission } from "@upkeep/shared/slash-commands/types.js";
import type { Feature, RepoContext } from "./feature.js";
import { listUpkeepIssues } from "./issues.js";
import { type RepoFiles, type RepoRef, readRepoFiles } from "./repo-files.js";
import { type CommentPayload, gitHubRepoReader, planCommentCommand, type RepoReader } from "./slash-command-handler.js";
import { planFeatures } from "./sweep.js";

/** Events `replay` understands. */
export type ReplayEvent = "issue_comment" | "push" | "issues" | "schedule";

/** Options of {@link replayDelivery}. */
export interface ReplayOptions {
  payload: unknown;
  /** Default: guessed from the payload (`comment` → issue_comment, `ref` + `commits` → push, `issue` → issues). */
  event?: string;
  now: Date;
  features: readonly Feature[];
  logger: Logger;
  /** Read GitHub through this client; without one the replay is offline (see below). */
  client?: GitHubClient;
  /** With a client: apply the plan. Default false (print only). Offline replays never write. */
  apply?: boolean;
  /** Offline: the commenter's permission. Default `write`. */
  permission?: Permission;
  /** Offline: the working tree whose `.github/upkeep.yml` and `.github/maintenance/*.yml` stand for the repository's. Default cwd. */
  root?: string;
}

/** Reads a delivery file: the payload itself, or a `{ "event", "payload" }` / Probot fixture `{ "name", "payload" }` wrapper. */
export function readDeliveryFile(path: string): { event?: string; payload: unknown } {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new InputError(`cannot read ${path} as JSON: ${(error as Error).message}`, {
      hint: "pass a webhook payload, e.g. one copied from the App's Advanced > Recent deliveries page",
    });
  }
  const o = data as { event?: unknown; name?: unknown; payload?: unknown };
  if (o && typeof o === "object" && o.payload && typeof o.payload === "object") {
    const event = typeof o.event === "string" ? o.event : typeof o.name === "string" ? o.name : undefined;
    return { ...(event ? { event } : {}), payload: o.payload };
  }
  return { payload: data };
}

function guessEvent(payload: Record<string, unknown>): ReplayEvent | undefined {
  if (payload.comment && payload.issue) return "issue_comment";
  if (typeof payload.ref === "string" && Array.isArray(payload.commits)) return "push";
  if (payload.issue) return "issues";
  return undefined;
}

function repoOf(payload: Record<string, unknown>): RepoRef {
  const r = payload.repository as { name?: string; owner?: { login?: string }; default_branch?: string } | undefined;
  if (!r?.name || !r.owner?.login) {
    throw new InputError("the payload has no repository (repository.name and repository.owner.login)");
  }
  return { owner: r.owner.login, name: r.name, ...(r.default_branch ? { defaultBranch: r.default_branch } : {}) };
}

async function localFiles(root: string): Promise<RepoFiles> {
  const fs = nodeFileSystem(root);
  const config = await loadConfig({ source: fileSystemConfigSource(fs), strict: false });
  const maintenance = new Map<string, string>();
  if (await fs.exists(MAINTENANCE_DIR)) {
    for (const f of await fs.walk({ dir: MAINTENANCE_DIR })) {
      if (/\.ya?ml$/i.test(f)) maintenance.set(f, await fs.readText(f));
    }
  }
  return { sha: "local", readAt: Date.now(), config, maintenance };
}

function offlineReader(files: RepoFiles, permission: Permission, issues: IssueSnapshot[]): RepoReader {
  return {
    permission: async () => permission,
    config: async () => files.config.config,
    issues: async () => issues,
  };
}

/**
 * What the bot would do with one delivery, without a server: the plan as text (and, with `apply` and a
 * client, the results). Offline (no client) the repository is the working tree at `root`, it has no Upkeep
 * issues yet and the commenter has `permission`; with a client, the real repository is read. `push`,
 * `issues` and `schedule` replay the repository's sweep (a feature that throws is logged and left out, as
 * in the sweep). Throws InputError for an unreadable or unknown
 * payload, GitHubApiError when GitHub fails.
 */
export async function replayDelivery(
  options: ReplayOptions,
): Promise<{ event: ReplayEvent; plan: Plan; text: string }> {
  const payload = (options.payload ?? {}) as Record<string, unknown>;
  const event = (options.event ?? guessEvent(payload)) as ReplayEvent | undefined;
  if (!event || !["issue_comment", "push", "issues", "schedule"].includes(event)) {
    throw new InputError(`cannot replay event ${JSON.stringify(event ?? "unknown")}`, {
      hint: "pass --event issue_comment, push, issues or schedule",
    });
  }
  const repo = repoOf(payload);
  const fullName = `${repo.owner}/${repo.name}`;
  const cache = new Map<string, RepoFiles>();
  const files = options.client
    ? await readRepoFiles(options.client, repo, cache)
    : await localFiles(options.root ?? process.cwd());
  const issues = options.client ? await listUpkeepIssues(options.client, repo) : [];
  let plan: Plan;
  if (event === "issue_comment") {
    const reader = options.client
      ? gitHubRepoReader(options.client, repo, cache)
      : offlineReader(files, options.permission ?? "write", issues);
    const result = await planCommentCommand(payload as unknown as CommentPayload, reader, options.now);
    plan = result.plan;
  } else {
    const ctx: RepoContext = { repo, fullName, files, issues, now: options.now, logger: options.logger };
    plan = await planFeatures(options.features, options.client ? { ...ctx, client: options.client } : ctx);
  }
  const header = `${event} on ${fullName} at ${options.now.toISOString()} (${options.client ? "read from GitHub" : "offline: working tree, no existing issues"})`;
  let text = `${header}\n${renderPlan(plan)}`;
  if (options.client && options.apply) {
    const results = await executePlan(options.client, plan, { logger: options.logger });
    text += `\n${renderResults(results)}`;
  }
  return { event, plan, text };
}
