// Sweeps and webhook work as jobs on BullMQ (issue 13). BullMQ rather than another Node queue: it runs on the
// Redis that Probot itself supports (REDIS_URL; one service to operate), it is actively maintained,
// and it has what the bot needs built in: job schedulers (repeatable jobs that exactly one instance produces),
// retries with exponential backoff, custom job ids (adding an id twice is a no-op), stalled-job recovery (a
// SIGKILLed instance's active jobs go back to the queue for another instance) and delaying a job from inside
// its processor (rate-limit and per-installation back-pressure). Agenda needs MongoDB, pg-boss PostgreSQL, and
// Bee-Queue has neither schedulers nor stalled-job recovery of the same kind.
import { describeError } from "@upkeep/shared/errors.js";
import type { Logger } from "@upkeep/shared/logger.js";
import { planSucceeded } from "@upkeep/shared/plan/execute.js";
import type { Lease, SharedState } from "@upkeep/shared/ports.js";
import { DelayedError, type Job, Queue, Worker } from "bullmq";
import type { UpkeepApp } from "./index.js";
import type { BotMetrics } from "./metrics.js";
import { installationRepos } from "./sweep.js";

/** A webhook delivery as it travels through the queue. */
export interface QueuedDelivery {
  id: string;
  name: string;
  payload: unknown;
}

interface InstallationJob {
  installationId: number;
}

interface RepoJob {
  installationId: number;
  owner: string;
  name: string;
  defaultBranch?: string;
}

/** Settings of {@link startJobs}; the server reads them from `UPKEEP_*` variables (docs/bot.md). */
export interface JobSettings {
  redisUrl: string;
  /** Key prefix of the queue in Redis (BULL_PREFIX). Default `upkeep-bull`. */
  prefix?: string;
  /** Milliseconds between sweeps of one installation (UPKEEP_SWEEP_TICK_SECONDS). */
  tickMs: number;
  /** Jobs this instance runs at once (UPKEEP_CONCURRENCY). Default 4. */
  concurrency?: number;
  /** Repositories of one installation swept at once across all instances (UPKEEP_INSTALLATION_CONCURRENCY). Default 2. */
  installationConcurrency?: number;
  /** A job's lock; a job whose instance died is taken over after this (UPKEEP_JOB_LOCK_MS). Default 30,000. */
  jobLockMs?: number;
  /** Calls left below which an installation's sweeps wait for the reset (UPKEEP_RATE_LIMIT_RESERVE). Default 100. */
  rateLimitReserve?: number;
  /** How long a delivery id is remembered (de-duplication). Default 24 h. */
  deliveryTtlMs?: number;
  /** Tries of a job before it is left failed. Default 5 (backoff 1 s, 2 s, 4 s, 8 s). */
  attempts?: number;
  /** This instance's name (logs, delivery claims). */
  instanceId: string;
}

/** What the server needs from the jobs. */
export interface JobSystem {
  /**
   * Takes a verified delivery: claims its id (a duplicate from any instance is dropped) and queues it. When Redis
   * does not answer, the delivery waits in this instance's outbox and is queued once Redis is back. Never throws;
   * returns within a few seconds whatever Redis does.
   */
  intake(delivery: QueuedDelivery): Promise<"queued" | "duplicate" | "buffered">;
  /** Deliveries waiting in the outbox for Redis. */
  outboxSize(): number;
  /** Jobs queued, active or due in the shared queue (schedulers' future runs excluded). */
  pendingJobs(): Promise<number>;
  /** Queue counts and the lag of the oldest waiting job, for /metrics. */
  queueStats(): Promise<{ counts: Record<string, number>; lagSeconds: number }>;
  /** True while the worker takes jobs. */
  running(): boolean;
  /** Stops taking jobs, waits up to `graceMs` for the running ones (others are released to the queue), closes. */
  close(graceMs?: number): Promise<void>;
}

/** The queue's name in Redis. */
export const QUEUE_NAME = "upkeep";

function safeId(text: string): string {
  return text.replace(/:/g, "_");
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The parts of a pino logger the jobs use: a child with job fields. */
export interface StructuredLog {
  child(bindings: Record<string, unknown>): StructuredLog;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  debug(msg: string): void;
}

function asLogger(log: StructuredLog): Logger {
  return {
    debug: (m) => log.debug(m),
    info: (m) => log.info(m),
    warning: (m) => log.warn(m),
    error: (m) => log.error(m),
  };
}

/**
 * Starts the queue, the worker and the sweep scheduler of this instance. `receive` runs a delivery through the
 * app's handlers (a Probot loaded with `inline: true`), `upkeep` is that app. Resolves once the worker runs.
 */
export async function startJobs(deps: {
  settings: JobSettings;
  upkeep: UpkeepApp;
  receive: (delivery: QueuedDelivery) => Promise<void>;
  state: SharedState;
  stateUp: () => boolean;
  log: StructuredLog;
  metrics: BotMetrics;
}): Promise<JobSystem> {
  const { settings, upkeep, state, metrics } = deps;
  const prefix = settings.prefix ?? "upkeep-bull";
  const lockMs = settings.jobLockMs ?? 30_000;
  const reserve = settings.rateLimitReserve ?? 100;
  const perInstallation = settings.installationConcurrency ?? 2;
  const jobOptions = {
    attempts: settings.attempts ?? 5,
    backoff: { type: "exponential", delay: 1000 },
    removeOnComplete: { age: 3600, count: 50_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
  // The producer fails fast when Redis is away (the webhook is acknowledged from the outbox); the worker's
  // connection waits and reconnects for as long as it takes (BullMQ requires maxRetriesPerRequest null there).
  const queue = new Queue(QUEUE_NAME, {
    prefix,
    connection: { url: settings.redisUrl, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 },
    defaultJobOptions: jobOptions,
  });
  queue.on("error", () => {});
  const outbox: QueuedDelivery[] = [];
  let flushing: NodeJS.Timeout | undefined;
  let closing = false;

  async function enqueueDelivery(d: QueuedDelivery): Promise<"queued" | "duplicate"> {
    const fresh = await withTimeout(
      state.claimOnce(`delivery:${d.id}`, settings.deliveryTtlMs ?? 24 * 3600_000, settings.instanceId),
      3000,
      "claiming the delivery",
    );
    if (!fresh) return "duplicate";
    await withTimeout(queue.add("delivery", d, { jobId: `delivery-${safeId(d.id)}` }), 3000, "queueing the delivery");
    return "queued";
  }

  function scheduleFlush(): void {
    if (flushing || closing) return;
    flushing = setTimeout(async () => {
      flushing = undefined;
      while (outbox.length > 0 && deps.stateUp()) {
        const next = outbox[0]!;
        try {
          const outcome = await enqueueDelivery(next);
          outbox.shift();
          metrics.deliveries.inc({ event: next.name, outcome: outcome === "queued" ? "queued-late" : outcome });
        } catch {
          break;
        }
      }
      if (outbox.length > 0) scheduleFlush();
    }, 500);
    flushing.unref?.();
  }

  async function intake(d: QueuedDelivery): Promise<"queued" | "duplicate" | "buffered"> {
    let outcome: "queued" | "duplicate" | "buffered";
    if (!deps.stateUp() || outbox.length > 0) {
      outbox.push(d);
      outcome = "buffered";
    } else {
      try {
        outcome = await enqueueDelivery(d);
      } catch (error) {
        deps.log
          .child({ deliveryId: d.id })
          .warn(`Redis unreachable, delivery kept in memory: ${describeError(error)}`);
        outbox.push(d);
        outcome = "buffered";
      }
    }
    if (outcome === "buffered") scheduleFlush();
    metrics.deliveries.inc({ event: d.name, outcome });
    return outcome;
  }

  // The per-installation slots and the rate-limit gate: a job that may not run now is put back, delayed, without
  // counting as a try (DelayedError).
  async function deferUnlessAllowed(job: Job, token: string | undefined, installationId: number): Promise<Lease> {
    const limit = await state.store("rate-limit").get<{ remaining: number; reset: number }>(String(installationId));
    const now = Date.now();
    if (limit && limit.remaining <= reserve && limit.reset * 1000 > now) {
      await job.moveToDelayed(limit.reset * 1000 + 1000, token);
      metrics.jobs.inc({ name: job.name, outcome: "deferred" });
      throw new DelayedError();
    }
    const lease = await state.acquire(`installation:${installationId}`, { ttlMs: lockMs, limit: perInstallation });
    if (!lease) {
      await job.moveToDelayed(now + 200 + Math.floor(Math.random() * 300), token);
      metrics.jobs.inc({ name: job.name, outcome: "deferred" });
      throw new DelayedError();
    }
    return lease;
  }

  async function processJob(job: Job, token?: string): Promise<unknown> {
    const started = Date.now();
    // From when the job was due (created, or its delay over) to now.
    const due = job.timestamp + (job.opts.delay ?? 0);
    metrics.jobWait.observe({ name: job.name }, Math.max(0, started - due) / 1000);
    const bindings: Record<string, unknown> = { jobId: job.id, job: job.name, instance: settings.instanceId };
    switch (job.name) {
      case "delivery": {
        const d = job.data as QueuedDelivery;
        const installation = (d.payload as { installation?: { id?: number } }).installation?.id;
        const log = deps.log.child({ ...bindings, deliveryId: d.id, installation, event: d.name });
        log.info(`delivery ${d.id} (${d.name}) started, try ${job.attemptsMade + 1}`);
        await deps.receive(d);
        await upkeep.settle(d.id);
        return { delivery: d.id };
      }
      case "discover":
        return discover(deps.log.child(bindings));
      case "installation": {
        const { installationId } = job.data as InstallationJob;
        const clients = upkeep.clients();
        if (!clients) throw new Error("the app is not loaded yet");
        const client = await clients.installation(installationId);
        const repos = await installationRepos(client);
        await queue.addBulk(
          repos.map((r) => ({
            name: "repo",
            data: { installationId, owner: r.owner, name: r.name, defaultBranch: r.defaultBranch } satisfies RepoJob,
            // One id per repository and installation run: a retried fan-out never queues a repository twice.
            opts: { jobId: safeId(`repo|${installationId}|${r.owner}/${r.name}|${job.id}`) },
          })),
        );
        return { repos: repos.length };
      }
      case "repo": {
        const data = job.data as RepoJob;
        const log = deps.log.child({
          ...bindings,
          installation: data.installationId,
          repo: `${data.owner}/${data.name}`,
        });
        const lease = await deferUnlessAllowed(job, token, data.installationId);
        log.debug(`sweep of ${data.owner}/${data.name} started`);
        const renew = setInterval(() => lease.extend(lockMs).catch(() => {}), Math.floor(lockMs / 3));
        try {
          const result = await upkeep.sweepRepo(
            data.installationId,
            {
              owner: data.owner,
              name: data.name,
              ...(data.defaultBranch ? { defaultBranch: data.defaultBranch } : {}),
            },
            asLogger(log),
          );
          if (result.error) throw result.error;
          if (!planSucceeded(result.results)) throw new Error(`${result.repo}: some plan steps failed`);
          return { repo: result.repo, skipped: result.skipped ?? false, steps: result.plan.steps.length };
        } finally {
          clearInterval(renew);
          await lease.release();
        }
      }
      default:
        throw new Error(`unknown job ${job.name}`);
    }
  }

  // Lists the app's installations and keeps one job scheduler per installation (added, or removed when gone).
  async function discover(log: StructuredLog): Promise<unknown> {
    const clients = upkeep.clients();
    if (!clients) throw new Error("the app is not loaded yet");
    const app = await clients.app();
    const installations = (await app.paginate("GET /app/installations", { per_page: 100 })) as {
      id: number;
      suspended_at?: string | null;
    }[];
    const wanted = new Set(installations.filter((i) => !i.suspended_at).map((i) => `installation-${i.id}`));
    const schedulers = await queue.getJobSchedulers(0, -1);
    const existing = new Set(schedulers.map((s) => s.key).filter((k) => k.startsWith("installation-")));
    // Schedules made with another tick are made again below.
    for (const s of schedulers) if (s.every !== settings.tickMs) existing.delete(s.key);
    let added = 0;
    for (const id of wanted) {
      if (existing.has(id)) continue;
      const installationId = Number(id.slice("installation-".length));
      await queue.upsertJobScheduler(
        id,
        { every: settings.tickMs },
        { name: "installation", data: { installationId } satisfies InstallationJob },
      );
      added += 1;
    }
    let removed = 0;
    for (const id of existing) {
      if (wanted.has(id)) continue;
      await queue.removeJobScheduler(id);
      removed += 1;
    }
    if (added || removed) log.info(`sweep schedules: ${added} installation(s) added, ${removed} removed`);
    return { installations: wanted.size, added, removed };
  }

  const worker = new Worker(QUEUE_NAME, processJob, {
    prefix,
    connection: { url: settings.redisUrl, maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(100 * n, 1000) },
    concurrency: settings.concurrency ?? 4,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: 3,
    autorun: false,
  });
  worker.on("error", () => {});
  worker.on("completed", (job) => metrics.jobs.inc({ name: job.name, outcome: "completed" }));
  worker.on("failed", (job, error) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    metrics.jobs.inc({ name: job.name, outcome: final ? "failed" : "retried" });
    const log = deps.log.child({ jobId: job.id, job: job.name, instance: settings.instanceId });
    if (final) {
      log.error(`job ${job.id} failed for good after ${job.attemptsMade} tries: ${describeError(error)}`);
      // A delivery that finally failed may be redelivered from GitHub's UI: forget its id.
      if (job.name === "delivery") state.unclaim(`delivery:${(job.data as QueuedDelivery).id}`).catch(() => {});
    } else log.warn(`job ${job.id} failed (try ${job.attemptsMade}), retried with backoff: ${describeError(error)}`);
  });

  // The sweep's root scheduler; checked again every few seconds, so a Redis that restarted empty (no
  // persistence) gets it back and the sweep catches up on whatever was missed meanwhile.
  async function ensureScheduler(): Promise<void> {
    if (settings.tickMs <= 0) {
      await queue.removeJobScheduler("discover");
      return;
    }
    // A new release with another UPKEEP_SWEEP_TICK_SECONDS replaces the schedule.
    if ((await queue.getJobScheduler("discover"))?.every === settings.tickMs) return;
    await queue.upsertJobScheduler("discover", { every: settings.tickMs }, { name: "discover", data: {} });
  }
  await ensureScheduler().catch(() => {});
  const keeper = setInterval(() => {
    if (deps.stateUp()) ensureScheduler().catch(() => {});
  }, 5000);
  keeper.unref();
  worker.run().catch(() => {});
  await worker.waitUntilReady();

  async function counts(): Promise<Record<string, number>> {
    return withTimeout(
      queue.getJobCounts("waiting", "active", "delayed", "prioritized", "waiting-children", "failed", "completed"),
      2000,
      "queue counts",
    );
  }

  return {
    intake,
    outboxSize: () => outbox.length,
    async pendingJobs() {
      const c = await counts();
      const schedulers = await withTimeout(queue.getJobSchedulersCount(), 2000, "schedulers");
      // Every scheduler keeps its next run as a delayed job; those are not pending work.
      return (
        (c.waiting ?? 0) +
        (c.active ?? 0) +
        (c.prioritized ?? 0) +
        (c["waiting-children"] ?? 0) +
        Math.max(0, (c.delayed ?? 0) - schedulers)
      );
    },
    async queueStats() {
      const c = await counts();
      const [oldest] = await withTimeout(queue.getJobs(["wait"], 0, 0, true), 2000, "oldest job");
      return { counts: c, lagSeconds: oldest ? Math.max(0, Date.now() - oldest.timestamp) / 1000 : 0 };
    },
    running: () => worker.isRunning() && !closing,
    async close(graceMs = 25_000) {
      closing = true;
      clearInterval(keeper);
      if (flushing) clearTimeout(flushing);
      const done = worker.close();
      const late = await Promise.race([
        done.then(() => false),
        new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref()),
      ]);
      // Still running after the grace: release them; the lock lapses and another instance takes them over.
      if (late) await worker.close(true).catch(() => {});
      await queue.close().catch(() => {});
    },
  };
}
