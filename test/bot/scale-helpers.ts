// Several real bot processes on one throw-away Redis against the GitHub stand-in (issue 13's tests).
import type { GitHubStandIn } from "../stand-ins/github/index.js";
import { type BotProcess, startBot } from "./harness.js";
import type { RedisServer } from "./redis.js";

/** A window file that is announced (issue opened and pinned) by a sweep on 2026-11-26. */
export const WINDOW = ["title: Database upgrade", "start: 2026-12-01T02:00Z", "duration: 2h", ""].join("\n");
export const NOW = "2026-11-26T00:00:00Z";

/** Starts `n` bot processes sharing `redis`; every one is stopped by the returned `stopAll`. */
export async function startCluster(
  gh: GitHubStandIn,
  redis: RedisServer,
  n: number,
  env: Record<string, string> = {},
): Promise<BotProcess[]> {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      startBot(gh, {
        REDIS_URL: redis.url,
        UPKEEP_INSTANCE_ID: `bot-${i}`,
        UPKEEP_NOW: NOW,
        UPKEEP_JOB_LOCK_MS: "2000",
        UPKEEP_LOCK_TTL_MS: "2000",
        ...env,
      }),
    ),
  );
}

/** Requests of the log under `/repos/<repo>/`: `counted` ones (rate limit) and writes. */
export function requestsOf(gh: GitHubStandIn, repo: string) {
  const all = gh.requests.filter((r) => r.path.startsWith(`/repos/${repo}/`));
  const strip = (p: string) => p.replace(`/repos/${repo}/`, "/repos/R/");
  return {
    counted: all.filter((r) => r.counted).map((r) => `${r.method} ${strip(r.path)}`),
    writes: all.filter((r) => r.method !== "GET").map((r) => `${r.method} ${strip(r.path)} ${r.status}`),
  };
}

/** Resolves once no instance has work left (the shared queue included). */
export async function allIdle(bots: BotProcess[], timeoutMs = 30_000): Promise<void> {
  for (let round = 0; round < 2; round++) for (const bot of bots) await bot.idle(timeoutMs);
}
