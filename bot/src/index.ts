import { describeError } from "@upkeep/shared/errors.js";
import { findMarkers } from "@upkeep/shared/github/markers.js";
import { type Logger, silentLogger } from "@upkeep/shared/logger.js";
import type { Clock } from "@upkeep/shared/ports.js";
import type { ApplicationFunction, Context, Probot } from "probot";
import { appClientFactory, type ClientFactory, type ClientSettings } from "./clients.js";
import type { EtagCache } from "./etag-cache.js";
import type { Feature } from "./feature.js";
import { auditsFeature } from "./features/audits/index.js";
import { backupFeature } from "./features/backup/index.js";
import { configErrorsFeature } from "./features/config-errors/index.js";
import { incidentsFeature } from "./features/incidents/index.js";
import { maintenanceFeature } from "./features/maintenance/index.js";
import { type ProtectionRulePayload, StagingGateService } from "./features/staging-gate/index.js";
import { pinoLogger } from "./logger.js";
import type { RepoFiles, RepoRef } from "./repo-files.js";
import { healthRoute, icalRoute } from "./routes.js";
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
}

/** The running app: what the server needs to sweep on a timer and to wait for queued work. */
export interface UpkeepApp {
  appFn: ApplicationFunction;
  queue: WorkQueue;
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

  const gate = new StagingGateService({
    clients: () => clients,
    clock: options.clock,
    logger: () => logger ?? silentLogger,
    filesCache,
    schedule: (key, job) => queue.push(key, job),
    ...(options.gateTimeScale !== undefined ? { timeScale: options.gateTimeScale } : {}),
  });

  const deps = (log: Logger): SweepDeps => ({ features, clock: options.clock, logger: log, filesCache, lastSwept });

  function enqueue(context: Context, what: string, job: (log: Logger) => Promise<void>): void {
    const payload = context.payload as RepoPayload;
    const repo = repoOf(payload);
    const log = pinoLogger(context.log, options.secrets);
    const key = repo ? `${repo.owner}/${repo.name}`.toLowerCase() : `installation:${payload.installation?.id ?? "?"}`;
    queue.push(key, async () => {
      try {
        await job(log);
      } catch (error) {
        log.error(`delivery ${context.id} (${what}): ${describeError(error)}`);
      }
    });
  }

  async function sweepOne(installationId: number, repo: RepoRef, log: Logger, force = false): Promise<void> {
    if (!clients) return;
    const client = await clients.installation(installationId);
    if (force) filesCache.delete(`${repo.owner}/${repo.name}`.toLowerCase());
    await sweepRepository(client, repo, deps(log));
  }

  const appFn: ApplicationFunction = (app: Probot, { addHandler }) => {
    const settings: ClientSettings = {
      baseUrl: options.baseUrl,
      writeIntervalMs: options.writeIntervalMs,
      retryAfterScaleMs: options.retryAfterScaleMs,
      cache: options.cache,
      logger: pinoLogger(app.log, options.secrets),
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
        queue.push(r.full_name.toLowerCase(), async () => {
          try {
            await sweepOne(p.installation.id, repo, pinoLogger(context.log, options.secrets));
          } catch (error) {
            logger?.error(`delivery ${context.id}: first sweep of ${r.full_name} failed: ${describeError(error)}`);
          }
        });
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

    // Ticking the last box of an audit, or reopening an issue, changes what the audit engine plans.
    app.on(["issues.edited", "issues.reopened", "issues.closed"], async (context) => {
      const installationId = context.payload.installation?.id;
      if (installationId === undefined || findMarkers(context.payload.issue.body).length === 0) return;
      const repo = repoOf(context.payload as RepoPayload)!;
      enqueue(context, `issues.${context.payload.action}`, (log) => sweepOne(installationId, repo, log));
    });

    // The staging gate as a custom deployment protection rule: answered through the run's callback URL.
    app.on("deployment_protection_rule.requested", async (context) => {
      gate.requested(context.payload as ProtectionRulePayload, context.id);
    });

    addHandler(healthRoute(() => ({ queued: queue.size, gateWaiting: gate.waiting })));
    addHandler(icalRoute({ clients: factory, clock: options.clock, logger: settings.logger, filesCache }));
  };

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

  return { appFn, queue, sweepAll, logger: () => logger ?? silentLogger, gate };
}
