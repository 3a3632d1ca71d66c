import { describeError } from "@upkeep/shared/errors.js";
import type { GitHubClient } from "@upkeep/shared/github/client.js";
import type { Logger } from "@upkeep/shared/logger.js";
import { executePlan, planSucceeded } from "@upkeep/shared/plan/execute.js";
import type { Plan, StepResult } from "@upkeep/shared/plan/types.js";
import type { Clock } from "@upkeep/shared/ports.js";
import type { ClientFactory } from "./clients.js";
import type { Feature, RepoContext } from "./feature.js";
import { listUpkeepIssues } from "./issues.js";
import { type RepoFiles, type RepoRef, readRepoFiles } from "./repo-files.js";

/** What a sweep needs besides the client. `filesCache` and `lastSwept` live as long as the process. */
export interface SweepDeps {
  features: readonly Feature[];
  clock: Clock;
  logger: Logger;
  filesCache: Map<string, RepoFiles>;
  /** `owner/name` (lower case) -> when it was last swept (clock ms); used by `onlyDue`. */
  lastSwept?: Map<string, number>;
  /** Print the plan, write nothing. Default false. */
  dryRun?: boolean;
  /** Skip repositories swept less than their `bot.sweepIntervalMinutes` ago. Default false (sweep all). */
  onlyDue?: boolean;
  /** Repositories swept at once. Default 4. */
  concurrency?: number;
  /**
   * Runs one repository's sweep; the server passes its work queue so a sweep never interleaves with webhook
   * work on the same repository. Default: run it directly.
   */
  schedule?: (repoKey: string, job: () => Promise<void>) => Promise<void>;
}

/** The outcome of one repository's sweep. */
export interface RepoSweepResult {
  repo: string;
  plan: Plan;
  results: StepResult[];
  /** Set when the sweep itself failed (reading files or issues); the next sweep tries again. */
  error?: unknown;
  skipped?: boolean;
}

function full(repo: RepoRef): string {
  return `${repo.owner}/${repo.name}`;
}

/**
 * The time-driven plan of one repository: every feature's sweep plan, in the order of `features`. A feature
 * that throws is logged on `ctx.logger` and left out; the others still plan. Never throws.
 */
export async function planFeatures(features: readonly Feature[], ctx: RepoContext): Promise<Plan> {
  const steps = [];
  for (const feature of features) {
    if (!feature.sweep) continue;
    try {
      steps.push(...(await feature.sweep(ctx)).steps);
    } catch (error) {
      ctx.logger.error(`${ctx.fullName}: ${feature.id} sweep failed: ${describeError(error)}`);
    }
  }
  return { steps };
}

/**
 * Sweeps one repository: reads its files (one conditional request when nothing was pushed) and its Upkeep
 * issues (conditional pages), asks every feature for its time-driven plan and executes the plans. A feature
 * that throws is logged and skipped; the others still run. Never throws: failures are in the result, and
 * whatever failed is planned again by the next sweep (plans are idempotent).
 */
export async function sweepRepository(client: GitHubClient, repo: RepoRef, deps: SweepDeps): Promise<RepoSweepResult> {
  const name = full(repo);
  const key = name.toLowerCase();
  const now = deps.clock.now();
  if (deps.onlyDue && deps.lastSwept) {
    const last = deps.lastSwept.get(key);
    const interval = (deps.filesCache.get(key)?.config.config.bot.sweepIntervalMinutes ?? 15) * 60_000;
    if (last !== undefined && now.getTime() - last < interval)
      return { repo: name, plan: { steps: [] }, results: [], skipped: true };
  }
  try {
    const files = await readRepoFiles(client, repo, deps.filesCache);
    const issues = await listUpkeepIssues(client, repo);
    const ctx: RepoContext = { repo, fullName: name, client, files, issues, now, logger: deps.logger };
    const plan = await planFeatures(deps.features, ctx);
    const results = await executePlan(client, plan, { dryRun: deps.dryRun ?? false, logger: deps.logger });
    if (!planSucceeded(results)) deps.logger.warning(`${name}: some steps failed; the next sweep retries them`);
    else deps.lastSwept?.set(key, now.getTime());
    return { repo: name, plan, results };
  } catch (error) {
    deps.logger.error(`${name}: sweep failed, retried next sweep: ${describeError(error)}`);
    return { repo: name, plan: { steps: [] }, results: [], error };
  }
}

async function pool<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(size, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

interface RestRepo {
  name: string;
  owner: { login: string };
  default_branch?: string;
  archived?: boolean;
}

/** Every repository an installation client can reach (conditional pages: free when unchanged). */
export async function installationRepos(client: GitHubClient): Promise<RepoRef[]> {
  const repos = (await client.paginate("GET /installation/repositories", { per_page: 100 })) as unknown as RestRepo[];
  return repos
    .filter((r) => !r.archived)
    .map((r) => ({
      owner: r.owner.login,
      name: r.name,
      ...(r.default_branch ? { defaultBranch: r.default_branch } : {}),
    }));
}

/**
 * Sweeps every repository of every installation of the app. An installation that cannot be reached (suspended,
 * token refused) is logged and skipped. Never throws for GitHub failures: see each result.
 */
export async function sweepInstallations(factory: ClientFactory, deps: SweepDeps): Promise<RepoSweepResult[]> {
  const appClient = await factory.app();
  const installations = (await appClient.paginate("GET /app/installations", { per_page: 100 })) as {
    id: number;
    suspended_at?: string | null;
  }[];
  const out: RepoSweepResult[] = [];
  for (const installation of installations) {
    if (installation.suspended_at) continue;
    let client: GitHubClient;
    let repos: RepoRef[];
    try {
      client = await factory.installation(installation.id);
      repos = await installationRepos(client);
    } catch (error) {
      deps.logger.error(`installation ${installation.id}: skipped this sweep: ${describeError(error)}`);
      continue;
    }
    await pool(repos, deps.concurrency ?? 4, async (repo) => {
      const job = async () => {
        out.push(await sweepRepository(client, repo, deps));
      };
      await (deps.schedule ? deps.schedule(full(repo).toLowerCase(), job) : job());
    });
  }
  return out;
}
