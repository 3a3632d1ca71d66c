// The bot as a long-running server: Probot's HTTP server (webhooks verified with WEBHOOK_SECRET, 400 on a bad
// signature), our routes, and the sweep. Run with `npm start` (bot/) or `pnpm --filter @upkeep/bot start`.
//
// Without REDIS_URL: one instance, work queued in memory, sweeps on a timer (as before issue 13).
// With REDIS_URL: any number of identical instances. A verified delivery is claimed (de-duplicated across
// instances) and queued on BullMQ; every instance's worker runs deliveries and sweeps (one job scheduler per
// installation, fanned out per repository) under per-repository locks in Redis; ETags, files and rate-limit
// pacing (write turns reserved in Redis) are shared. See docs/bot.md "Running several instances".
import { hostname } from "node:os";
import { dirname } from "node:path";
import { describeError } from "@upkeep/shared/errors.js";
import type { SharedState } from "@upkeep/shared/ports.js";
import type { Redis } from "ioredis";
import { Probot, Server } from "probot";
import type { ApiCall } from "./clients.js";
import { readBotEnv } from "./env.js";
import { EtagCache } from "./etag-cache.js";
import { createUpkeepApp } from "./index.js";
import { type JobSystem, type StructuredLog, startJobs } from "./jobs.js";
import { createMetrics } from "./metrics.js";
import { metricsRoute, probeRoutes } from "./routes.js";
import { redisSharedState, sharedStateFor } from "./shared-state.js";

function seconds(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`${name}="${raw}" must be 0 or more`);
  return n;
}

/** How often the server looks for repositories whose sweep is due (UPKEEP_SWEEP_TICK_SECONDS, 0 = never). */
function tickMs(): number {
  return seconds("UPKEEP_SWEEP_TICK_SECONDS", 60) * 1000;
}

/**
 * Starts the server; resolves with a `stop` function once it listens. Throws when APP_ID or the private key
 * is missing (Probot's setup mode is not used: install the App from app.yml, see docs/bot.md), or when a
 * numeric variable is malformed.
 */
export async function startServer(): Promise<{ stop: () => Promise<void>; port: number }> {
  const env = readBotEnv();
  if (env.appId === undefined || !env.privateKey) {
    throw new Error(
      "APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) are required: register the App from bot/app.yml (docs/bot.md) and set them",
    );
  }
  const redisUrl = process.env.REDIS_URL || undefined;
  const instanceId = process.env.UPKEEP_INSTANCE_ID || `${hostname()}-${process.pid}`;
  const lockTtlMs = seconds("UPKEEP_LOCK_TTL_MS", 30_000);
  const reserve = seconds("UPKEEP_RATE_LIMIT_RESERVE", 100);
  const state: SharedState = redisUrl ? redisSharedState(redisUrl) : sharedStateFor(undefined);
  const stateUp = () => !("client" in state) || (state as { client: Redis }).client.status === "ready";
  let jobs: JobSystem | undefined;
  const metrics = createMetrics(redisUrl ? () => (jobs ? jobs.queueStats() : Promise.reject()) : undefined);

  const cache = new EtagCache({
    ...(env.cacheFile ? { file: env.cacheFile } : {}),
    ...(redisUrl ? { shared: state.store("etag") } : {}),
  });
  // Rate-limit awareness shared by all instances: an installation close to its limit is recorded, and its
  // sweeps wait for the reset (jobs.ts) instead of spending the reserve.
  const low = new Set<string>();
  const observe = (call: ApiCall) => {
    metrics.observeApiCall(call);
    if (!redisUrl || !call.scope.startsWith("installation:") || call.remaining === undefined) return;
    const id = call.scope.slice("installation:".length);
    const limits = state.store("rate-limit");
    if (call.remaining <= reserve * 2 && call.reset !== undefined) {
      low.add(id);
      const ttlMs = Math.max(1000, call.reset * 1000 - Date.now() + 1000);
      limits.set(id, { remaining: call.remaining, reset: call.reset }, { ttlMs }).catch(() => {});
    } else if (low.delete(id)) limits.delete(id).catch(() => {});
  };

  const upkeep = createUpkeepApp({
    appId: env.appId,
    privateKey: env.privateKey,
    baseUrl: env.baseUrl,
    writeIntervalMs: env.writeIntervalMs,
    retryAfterScaleMs: env.retryAfterScaleMs,
    cache,
    clock: env.clock,
    secrets: [env.webhookSecret, env.privateKey],
    ...(process.env.UPKEEP_GATE_TIME_SCALE ? { gateTimeScale: Number(process.env.UPKEEP_GATE_TIME_SCALE) } : {}),
    ...(env.cacheFile ? { feedbackCacheDir: dirname(env.cacheFile) } : {}),
    state,
    inline: redisUrl !== undefined,
    lockTtlMs,
    sharedPacing: redisUrl !== undefined,
    observe,
  });
  const ProbotApp = Probot.defaults({
    appId: env.appId,
    privateKey: env.privateKey,
    secret: env.webhookSecret,
    baseUrl: env.baseUrl,
    logLevel: (process.env.LOG_LEVEL as "info" | undefined) ?? "info",
    // Structured (one JSON object a line) with LOG_FORMAT=json, as Probot's own runner reads it.
    logFormat: process.env.LOG_FORMAT === "json" ? "json" : "pretty",
  });
  const server = new Server({
    host: env.host,
    port: env.port,
    Probot: ProbotApp,
    // Probot's landing page and static files are for its setup flow, which this app does not use.
    enableStaticFiles: false,
  });
  let stopping = false;

  if (!redisUrl) {
    await server.load(upkeep.appFn);
    await server.load((_app, { addHandler }) => {
      addHandler(probeRoutes(async () => ({ ready: !stopping, backend: "memory", queued: upkeep.queue.size })));
      addHandler(metricsRoute(metrics.registry));
    });
  } else {
    // The worker's Probot runs deliveries taken from the queue through the same handlers, inline.
    const worker = new ProbotApp();
    // It has no HTTP server: the routes go to the server's Probot below.
    await worker.load(upkeep.appFn, { cwd: process.cwd(), addHandler: () => {} });
    const log = worker.log as unknown as StructuredLog;
    jobs = await startJobs({
      settings: {
        redisUrl,
        ...(process.env.BULL_PREFIX ? { prefix: process.env.BULL_PREFIX } : {}),
        tickMs: tickMs(),
        concurrency: seconds("UPKEEP_CONCURRENCY", 4),
        installationConcurrency: seconds("UPKEEP_INSTALLATION_CONCURRENCY", 2),
        jobLockMs: seconds("UPKEEP_JOB_LOCK_MS", 30_000),
        rateLimitReserve: reserve,
        instanceId,
      },
      upkeep,
      receive: (d) => worker.receive(d as Parameters<typeof worker.receive>[0]),
      state,
      stateUp,
      log: log.child({ instance: instanceId }),
      metrics,
    });
    const js = jobs;
    await server.load((app, { addHandler }) => {
      // Deliveries arrive verified; the HTTP instance only claims and queues them (acknowledged at once).
      app.onAny(async (context) => {
        await js.intake({ id: context.id, name: context.name, payload: context.payload });
      });
      for (const route of upkeep.routes(async () => {
        const pending = await js.pendingJobs().catch(() => undefined);
        return {
          queued: js.outboxSize() + (pending ?? 0),
          outbox: js.outboxSize(),
          redis: stateUp() ? "up" : "down",
          instance: instanceId,
        };
      }))
        addHandler(route);
      addHandler(
        probeRoutes(async () => {
          const redis = await Promise.race([
            state.ping().then(
              () => "up",
              () => "down",
            ),
            new Promise<string>((r) => setTimeout(() => r("down"), 1500).unref()),
          ]);
          const queue = js.running() ? "up" : "down";
          return {
            ready: !stopping && redis === "up" && queue === "up",
            backend: "redis",
            redis,
            queue,
            outbox: js.outboxSize(),
            instance: instanceId,
            ...(stopping ? { stopping: true } : {}),
          };
        }),
      );
      addHandler(metricsRoute(metrics.registry));
    });
  }
  const http = await server.start();
  // Protection rule requests that waited while no process ran are answered now (issue 11).
  void upkeep.gate.recover();

  let sweeping = false;
  const interval = tickMs();
  // Without Redis the timer sweeps; with Redis the job schedulers do (exactly one instance produces each run).
  const timer =
    !redisUrl && interval > 0
      ? setInterval(() => {
          if (sweeping) return;
          sweeping = true;
          upkeep
            .sweepAll({ onlyDue: true })
            .catch((error: unknown) =>
              upkeep.logger().error(`sweep failed, retried on the next tick: ${describeError(error)}`),
            )
            .finally(() => {
              sweeping = false;
            });
        }, interval)
      : undefined;
  timer?.unref();

  // Graceful stop (SIGTERM from Docker or Kubernetes): readiness turns 503, no new deliveries are accepted,
  // running jobs finish (or are released to the other instances after UPKEEP_SHUTDOWN_GRACE_SECONDS), then exit.
  const stop = async () => {
    stopping = true;
    if (timer) clearInterval(timer);
    await upkeep.gate.stop();
    await server.stop();
    if (jobs) await jobs.close(seconds("UPKEEP_SHUTDOWN_GRACE_SECONDS", 25) * 1000);
    else await upkeep.queue.onIdle();
    cache.save();
    await state.close();
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      upkeep.logger().info(`${signal}: stopping (finishing running work first)`);
      stop()
        .then(() => process.exit(0))
        .catch(() => process.exit(1));
    });
  }
  const address = http.address();
  return { stop, port: typeof address === "object" && address ? address.port : env.port };
}

startServer().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
