import { readFileSync } from "node:fs";
import { clockFromEnv } from "@upkeep/shared/environment.js";
import type { Clock } from "@upkeep/shared/ports.js";

/** Everything the bot reads from its environment, resolved once at start. */
export interface BotEnv {
  appId: number | undefined;
  privateKey: string | undefined;
  webhookSecret: string;
  /** REST root: `https://api.github.com`, or `${GHE_PROTOCOL}://${GHE_HOST}/api/v3`. */
  baseUrl: string;
  port: number;
  host: string;
  /** Minimum milliseconds between writes (UPKEEP_WRITE_INTERVAL_MS). Default 1000; tests pass 0. */
  writeIntervalMs: number;
  /** Milliseconds per second of `retry-after` (UPKEEP_RETRY_AFTER_SCALE_MS). Default 1000. */
  retryAfterScaleMs: number;
  /** Minutes between timer sweeps of the server (UPKEEP_SWEEP_INTERVAL_MINUTES); 0 turns the timer off. Default 15. */
  sweepIntervalMinutes: number;
  /** File that keeps ETags and cached bodies across runs (UPKEEP_CACHE_FILE). Default none (memory only). */
  cacheFile: string | undefined;
  clock: Clock;
}

function privateKeyFrom(env: NodeJS.ProcessEnv): string | undefined {
  if (env.PRIVATE_KEY_PATH) return readFileSync(env.PRIVATE_KEY_PATH, "utf8");
  const raw = env.PRIVATE_KEY;
  if (!raw) return undefined;
  if (raw.includes("-----BEGIN")) return raw.replace(/\\n/g, "\n");
  // Platforms without multi-line variables get the key base64-encoded (Probot accepts the same).
  const decoded = Buffer.from(raw, "base64").toString("utf8");
  return decoded.includes("-----BEGIN") ? decoded : raw;
}

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`${name}="${raw}" must be a number of 0 or more`);
  return n;
}

/**
 * Reads the bot's settings from `env` (Probot's variable names plus `UPKEEP_*`). Defaults: PORT 3000,
 * HOST 0.0.0.0 (127.0.0.1 is what tests pass), WEBHOOK_SECRET `development` like Probot. Throws RangeError
 * for a malformed number, InputError for a malformed UPKEEP_NOW, and the fs error when PRIVATE_KEY_PATH cannot be read.
 */
export function readBotEnv(env: NodeJS.ProcessEnv = process.env): BotEnv {
  const appId = env.APP_ID ? Number(env.APP_ID) : undefined;
  return {
    appId: appId !== undefined && Number.isFinite(appId) ? appId : undefined,
    privateKey: privateKeyFrom(env),
    webhookSecret: env.WEBHOOK_SECRET || "development",
    baseUrl: env.GHE_HOST
      ? `${env.GHE_PROTOCOL || "https"}://${env.GHE_HOST}/api/v3`
      : (env.GITHUB_API_URL ?? "https://api.github.com"),
    port: numberFrom(env, "PORT", 3000),
    host: env.HOST || "0.0.0.0",
    writeIntervalMs: numberFrom(env, "UPKEEP_WRITE_INTERVAL_MS", 1000),
    retryAfterScaleMs: numberFrom(env, "UPKEEP_RETRY_AFTER_SCALE_MS", 1000),
    sweepIntervalMinutes: numberFrom(env, "UPKEEP_SWEEP_INTERVAL_MINUTES", 15),
    cacheFile: env.UPKEEP_CACHE_FILE || undefined,
    clock: clockFromEnv(env, "advancing"),
  };
}
