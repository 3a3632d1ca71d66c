import { describeError } from "@upkeep/shared/errors.js";
import { findMarkers } from "@upkeep/shared/github/markers.js";
import { type Logger, silentLogger } from "@upkeep/shared/logger.js";
import type { Clock, SharedState } from "@upkeep/shared/ports.js";
import { withLock } from "@upkeep/shared/state/lock.js";
import { memorySharedState } from "@upkeep/shared/state/memory.js";
import type { ApplicationFunction, Context, Probot } from "probot";
import { type ApiCall, appClientFactory, type ClientFactory, type ClientSettings } from "./clients.js";
import type { EtagCache } from "./etag-cache.js";
import type { Feature } from "./feature.js";
import { auditsFeature } from "./features/audits/index.js";
import { backupFeature } from "./features/backup/index.js";
import { configErrorsFeature } from "./features/config-errors/index.js";
import {
  type FeedbackDeps,
  feedbackFeature,
  handleFeedbackComment,
  handleIssueEdited,
  handleIssueOpened,
  type IssueCommentPayload,
  type IssuePayload,
} from "./features/feedback/index.js";
import { FeedbackStore, useFeedbackStore } from "./features/feedback/store.js";
import { incidentsFeature } from "./features/incidents/index.js";
import { maintenanceFeature } from "./features/maintenance/index.js";
import { type ProtectionRulePayload, StagingGateService } from "./features/staging-gate/index.js";
import { pinoLogger } from "./logger.js";
import type { RepoFiles, RepoRef } from "./repo-files.js";
import { loadRepoState, saveRepoState } from "./repo-state.js";
import { healthRoute, icalRoute, type RouteHandler } from "./routes.js";
import { type CommentPayload, handleCommentCommand } from "./slash-command-handler.js";
import { type RepoSweepResult, type SweepDeps, sweepInstallations, sweepRepository } from "./sweep.js";
import { WorkQueue } from "./work-queue.js";

/** Every feature, in the order their sweep plans run. */
export const features: readonly Feature[] = [
  configErrorsFeature,
  maintenanceFeature,
  incidentsFeature,
  auditsFeature,
  backupFeature,
  feedbackFeature,
];

/** Settings of {@link createUpkeepApp}. */
export interface UpkeepAppOptions {
  appId: number;
  privateKey: string;
  baseUrl: string;
  writeIntervalMs: number;
  retryAfterScaleMs: number;
  cache: EtagCache;
  clock: Clock;
  /** Values never to log (webhook secret, private key). */
  secrets?: string[];
  /** Multiplies the staging gate's waits (poll interval, maximum wait); tests shrink it. Default 1. */
  gateTimeScale?: number;
  /** State shared with the other instances (issue 13). Default: a memory one (a single instance). */
  state?: SharedState;
  /**
   * Run each handler's work inside the handler, under the repository's shared lock, instead of the local queue:
   * how the job worker runs a delivery (its job completes once the work is done; a crash re-runs it elsewhere).
   * Default false: acknowledge at once and queue locally, as a single instance does.
   */
  inline?: boolean;
  /** TTL of a repository lock, renewed while held (UPKEEP_LOCK_TTL_MS). Default 30,000. */
  lockTtlMs?: number;
  /** Pace each installation's writes together with the other instances (on `state`). Default false. */
  sharedPacing?: boolean;
  /** Every GitHub answer (metrics, rate-limit gate). */
  observe?: (call: ApiCall) => void;
  /** Folder for the feedback feature's duplicate indexes; undefined keeps them in memory. */
  feedbackCacheDir?: string;
}

/** The running app: what the server needs to sweep on a timer and to wait for queued work. */
export interface UpkeepApp {
  appFn: ApplicationFunction;
  queue: WorkQueue;
  /**
   * The HTTP routes (`/healthz`, the iCal feed); appFn adds them itself when Probot's server loads it. `health`
   * replaces the body fields of `/healthz` (default `{ queued }` of the local queue).
   */
  routes(health?: () => Promise<Record<string, unknown>>): RouteHandler[];
  /**
   * With `inline`: resolves once every piece of work started by delivery `id` finished, rejects when one
   * failed (so the job that ran the delivery is retried). Resolves at once for unknown ids.
   */
  settle(id: string): Promise<void>;
  /**
   * One repository's sweep as the job worker runs it: under the repository's shared lock, with the
   * repository's last-swept time and files read from (and written back to) the shared state. Returns the
   * result; `onlyDue` skips a repository swept less than its interval ago.
   */
  sweepRepo(
    installationId: number,
    repo: RepoRef,
    log: Logger,
    options?: { onlyDue?: boolean },
  ): Promise<RepoSweepResult>;
  /** The shared state (memory, or Redis with REDIS_URL): features keep their own namespaces in it. */
  state: SharedState;
  /** The app's client factory (undefined until Probot loaded the app). */
  clients(): ClientFactory | undefined;
  /** Sweeps every installation's due repositories (through the queue, so webhook work never races it). */
  sweepAll(options?: { onlyDue?: boolean }): Promise<RepoSweepResult[]>;
  /** The app's logger (silent until Probot loaded the app). */
  logger(): Logger;
  /** The staging gate's protection rule requests (recover after a restart, stop timers on shutdown). */
  gate: StagingGateService;
}

interface RepoPayload {
  repository?: { name: string; owner: { login: string }; default_branch?: string };
  installation?: { id: number };
}

function repoOf(payload: RepoPayload): RepoRef | undefined {
  const r = payload.repository;
  if (!r) return undefined;
  return { owner: r.owner.login, name: r.name, ...(r.default_branch ? { defaultBranch: r.default_branch } : {}) };
}

/**
 * Builds the Probot app: webhook handlers for every feature, `/healthz`, the iCal route and the sweep.
 * Handlers acknowledge at once and queue their work per repository (GitHub wants an answer within 10 s;
 * paced writes take longer); a failure is logged with the delivery id and never thrown into Probot.
 */
export function createUpkeepApp(options: UpkeepAppOptions): UpkeepApp {
  let clients: ClientFactory | undefined;
  let logger: Logger | undefined;
  const filesCache = new Map<string, RepoFiles>();
  const lastSwept = new Map<string, number>();
  const queue = new WorkQueue((error, key) => logger?.error(`${key}: ${describeError(error)}`));
  const state = options.state ?? memorySharedState();
  // One instance keeps the feedback index in memory (and beside the cache file); several share it on Redis.
  const feedbackStore = new FeedbackStore(options.feedbackCacheDir, {
    retrain: true,
    ...(state.backend === "redis" ? { shared: state } : {}),
  });
  useFeedbackStore(feedbackStore);
  const lockTtlMs = options.lockTtlMs ?? 30_000;
  const pending = new Map<string, Promise<void>[]>();

  const gate = new StagingGateService({
    clients: () => clients,
    clock: options.clock,
    logger: () => logger ?? silentLogger,
    filesCache,
    schedule: (key, job) => queue.push(key, job),
    state,
    leaseMs: lockTtlMs,
    ...(options.gateTimeScale !== undefined ? { timeScale: options.gateTimeScale } : {}),
  });

  const deps = (log: Logger): SweepDeps => ({ features, clock: options.clock, logger: log, filesCache, lastSwept });

  /**
   * Runs `job` for delivery `context` on `key` (a repository): queued locally and acknowledged at once, or with
   * `inline` awaited under the shared lock of `key`. Errors are logged with the delivery id; inline, they also
   * fail the delivery's job (see `settle`).
   */
  function enqueueOn(key: string, context: Context, what: string, job: (log: Logger) => Promise<void>): Promise<void> {
    const log = pinoLogger(context.log, options.secrets);
    const run = async () => {
      try {
        await job(log);
      } catch (error) {
        log.error(`delivery ${context.id} (${what}): ${describeError(error)}`);
        if (options.inline) throw error;
      }
    };
    if (!options.inline) {
      queue.push(key, run);
      return Promise.resolve();
    }
    const work = withLock(state, `repo:${key}`, run, { ttlMs: lockTtlMs, waitMs: 10 * lockTtlMs });
    const list = pending.get(context.id) ?? [];
    list.push(work);
    pending.set(context.id, list);
    work.catch(() => {});
    return work;
  }

  function enqueue(context: Context, what: string, job: (log: Logger) => Promise<void>): Promise<void> {
    const payload = context.payload as RepoPayload;
    const repo = repoOf(payload);
    const key = repo ? `${repo.owner}/${repo.name}`.toLowerCase() : `installation:${payload.installation?.id ?? "?"}`;
    return enqueueOn(key, context, what, job);
  }

  async function sweepOne(installationId: number, repo: RepoRef, log: Logger, force = false): Promise<void> {
    if (!clients) return;
    const client = await clients.installation(installationId);
    const key = `${repo.owner}/${repo.name}`.toLowerCase();
    await loadRepoState(state, key, { filesCache, lastSwept });
    if (force) filesCache.delete(key);
    await sweepRepository(client, repo, deps(log));
    await saveRepoState(state, key, { filesCache, lastSwept });
  }

  const appFn: ApplicationFunction = (app: Probot, { addHandler }) => {
    const settings: ClientSettings = {
      baseUrl: options.baseUrl,
      writeIntervalMs: options.writeIntervalMs,
      retryAfterScaleMs: options.retryAfterScaleMs,
      cache: options.cache,
      logger: pinoLogger(app.log, options.secrets),
      ...(options.sharedPacing ? { pace: (key: string, ms: number) => state.pace(key, ms) } : {}),
      ...(options.observe ? { observe: options.observe } : {}),
    };
    clients = appClientFactory({ appId: options.appId, privateKey: options.privateKey }, settings);
    logger = settings.logger;
    const factory = clients;

    // A push to the default branch may change .github/upkeep.yml or the window files: sweep that repository
    // now (config problems reported, file windows announced) instead of waiting for the timer.
    app.on("push", async (context) => {
      const p = context.payload;
      if (p.ref !== `refs/heads/${p.repository.default_branch}` || !p.installation) return;
      const installationId = p.installation.id;
      const repo = repoOf(p as RepoPayload)!;
      enqueue(context, "push", (log) => sweepOne(installationId, repo, log, true));
    });

    app.on(["installation.created", "installation_repositories.added"], async (context) => {
      const p = context.payload as {
        installation: { id: number };
        repositories?: { full_name: string }[];
        repositories_added?: { full_name: string }[];
      };
      const added = p.repositories_added ?? p.repositories ?? [];
      for (const r of added) {
        const [owner, name] = r.full_name.split("/");
        if (!owner || !name) continue;
        const repo = { owner, name };
        enqueueOn(r.full_name.toLowerCase(), context, `first sweep of ${r.full_name}`, (log) =>
          sweepOne(p.installation.id, repo, log),
        );
      }
    });

    app.on(["installation.deleted", "installation_repositories.removed"], async (context) => {
      const p = context.payload as {
        repositories?: { full_name: string }[];
        repositories_removed?: { full_name: string }[];
      };
      for (const r of p.repositories_removed ?? p.repositories ?? []) {
        filesCache.delete(r.full_name.toLowerCase());
        lastSwept.delete(r.full_name.toLowerCase());
        options.cache.forget(`/repos/${r.full_name}/`);
        await state
          .store("last-swept")
          .delete(r.full_name.toLowerCase())
          .catch(() => {});
      }
    });

    app.on("issue_comment.created", async (context) => {
      const installationId = context.payload.installation?.id;
      if (installationId === undefined) return;
      enqueue(context, "issue_comment", async (log) => {
        const client = await factory.installation(installationId);
        await handleCommentCommand(context.payload as CommentPayload, {
          client,
          clock: options.clock,
          logger: log,
          filesCache,
          deliveryId: context.id,
        });
      });
    });

    // Feedback triage (features/feedback): new issues, the reporter's edits and replies, /duplicate.
    const feedbackDeps = async (installationId: number, log: Logger, deliveryId: string): Promise<FeedbackDeps> => ({
      client: await factory.installation(installationId),
      clock: options.clock,
      logger: log,
      filesCache,
      store: feedbackStore,
      deliveryId,
    });
    app.on(["issues.opened", "issues.edited"], async (context) => {
      const installationId = context.payload.installation?.id;
      if (installationId === undefined) return;
      const action = context.payload.action;
      enqueue(context, `feedback issues.${action}`, async (log) => {
        const deps = await feedbackDeps(installationId, log, context.id);
        const payload = context.payload as unknown as IssuePayload;
        await (action === "opened" ? handleIssueOpened(payload, deps) : handleIssueEdited(payload, deps));
      });
    });
    app.on("issue_comment.created", async (context) => {
      const installationId = context.payload.installation?.id;
      if (installationId === undefined) return;
      enqueue(context, "feedback issue_comment", async (log) => {
        const deps = await feedbackDeps(installationId, log, context.id);
        await handleFeedbackComment(context.payload as unknown as IssueCommentPayload, deps);
      });
    });

    // Ticking the last box of an audit, or reopening an issue, changes what the audit engine plans.
    app.on(["issues.edited", "issues.reopened", "issues.closed"], async (context) => {
      const installationId = context.payload.installation?.id;
      if (installationId === undefined || findMarkers(context.payload.issue.body).length === 0) return;
      const repo = repoOf(context.payload as RepoPayload)!;
      enqueue(context, `issues.${context.payload.action}`, (log) => sweepOne(installationId, repo, log));
    });

    // The staging gate as a custom deployment protection rule: answered through the run's callback URL.
    app.on("deployment_protection_rule.requested", async (context) => {
      await gate.requested(context.payload as ProtectionRulePayload, context.id);
    });

    // Probot's server passes addHandler; a Probot loaded by the job worker has no HTTP server.
    if (addHandler) for (const route of routes()) addHandler(route);
  };

  function routes(health?: () => Promise<Record<string, unknown>>): RouteHandler[] {
    if (!clients || !logger) return [];
    return [
      healthRoute(health ?? (() => ({ queued: queue.size, gateWaiting: gate.waiting }))),
      icalRoute({ clients, clock: options.clock, logger, filesCache }),
    ];
  }

  async function settle(id: string): Promise<void> {
    const list = pending.get(id) ?? [];
    pending.delete(id);
    const results = await Promise.allSettled(list);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  }

  async function sweepRepo(
    installationId: number,
    repo: RepoRef,
    log: Logger,
    sweepOptions: { onlyDue?: boolean } = {},
  ): Promise<RepoSweepResult> {
    if (!clients) throw new Error("the app is not loaded yet");
    const factory = clients;
    const key = `${repo.owner}/${repo.name}`.toLowerCase();
    return withLock(
      state,
      `repo:${key}`,
      async () => {
        await loadRepoState(state, key, { filesCache, lastSwept });
        const client = await factory.installation(installationId);
        const result = await sweepRepository(client, repo, { ...deps(log), onlyDue: sweepOptions.onlyDue ?? true });
        if (!result.skipped) await saveRepoState(state, key, { filesCache, lastSwept });
        return result;
      },
      { ttlMs: lockTtlMs, waitMs: 10 * lockTtlMs },
    );
  }

  async function sweepAll(sweepOptions: { onlyDue?: boolean } = {}): Promise<RepoSweepResult[]> {
    if (!clients || !logger) return [];
    const log = logger;
    const results = await sweepInstallations(clients, {
      ...deps(log),
      onlyDue: sweepOptions.onlyDue ?? true,
      // One queued job per repository, so a sweep never interleaves with webhook work on it.
      schedule: (key, job) =>
        new Promise<void>((resolve) => {
          queue.push(key, async () => {
            try {
              await job();
            } finally {
              resolve();
            }
          });
        }),
    });
    options.cache.save();
    return results;
  }

  return {
    appFn,
    queue,
    routes,
    settle,
    sweepRepo,
    state,
    clients: () => clients,
    sweepAll,
    logger: () => logger ?? silentLogger,
    gate,
  };
}
