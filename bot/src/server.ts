// The bot as a long-running server: Probot's HTTP server (webhooks verified with WEBHOOK_SECRET, 400 on a bad
// signature), our routes, and the sweep on a timer. Run with `npm start` (bot/) or
// `pnpm --filter @upkeep/bot start`.
import { describeError } from "@upkeep/shared/errors.js";
import { Probot, Server } from "probot";
import { readBotEnv } from "./env.js";
import { EtagCache } from "./etag-cache.js";
import { createUpkeepApp } from "./index.js";

/** How often the server looks for repositories whose sweep is due (UPKEEP_SWEEP_TICK_SECONDS, 0 = never). */
function tickMs(): number {
  const raw = process.env.UPKEEP_SWEEP_TICK_SECONDS;
  if (raw === undefined || raw === "") return 60_000;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`UPKEEP_SWEEP_TICK_SECONDS="${raw}" must be 0 or more`);
  return n * 1000;
}

/**
 * Starts the server; resolves with a `stop` function once it listens. Throws when APP_ID or the private key
 * is missing (Probot's setup mode is not used: install the App from app.yml, see docs/bot.md).
 */
export async function startServer(): Promise<{ stop: () => Promise<void>; port: number }> {
  const env = readBotEnv();
  if (env.appId === undefined || !env.privateKey) {
    throw new Error(
      "APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) are required: register the App from bot/app.yml (docs/bot.md) and set them",
    );
  }
  const cache = new EtagCache(env.cacheFile ? { file: env.cacheFile } : {});
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
  });
  const server = new Server({
    host: env.host,
    port: env.port,
    Probot: Probot.defaults({
      appId: env.appId,
      privateKey: env.privateKey,
      secret: env.webhookSecret,
      baseUrl: env.baseUrl,
      logLevel: (process.env.LOG_LEVEL as "info" | undefined) ?? "info",
    }),
    // Probot's landing page and static files are for its setup flow, which this app does not use.
    enableStaticFiles: false,
  });
  await server.load(upkeep.appFn);
  const http = await server.start();
  // Protection rule requests that waited while no process ran are answered now (issue 11).
  void upkeep.gate.recover();

  let sweeping = false;
  const interval = tickMs();
  const timer =
    interval > 0
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

  const stop = async () => {
    if (timer) clearInterval(timer);
    upkeep.gate.stop();
    await server.stop();
    await upkeep.queue.onIdle();
    cache.save();
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
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
