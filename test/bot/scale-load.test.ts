// Load: many installations × 10 repositories swept by two instances through the shared queue, then an idle
// sweep by two FRESH instances (nothing in their memory: ETags, files and last-swept times come from Redis):
// at most one counted request per repository, and no token ever runs out of rate limit. 50 × 10 here to keep
// the suite fast; bench/bot/scale.ts runs 1,000 × 10.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useGitHubStandIn } from "../stand-ins/github/use-github-stand-in.js";
import { type BotProcess, eventually } from "./harness.js";
import { type RedisServer, startRedis } from "./redis.js";
import { allIdle, startCluster } from "./scale-helpers.js";

const INSTALLATIONS = 50;
const REPOS = 10;
// Validation off for speed: every route used here is validated by the other bot tests.
const gh = useGitHubStandIn({ validate: false, rateLimit: 200 });
let redis: RedisServer;
let bots: BotProcess[] = [];
const all: string[] = [];

beforeAll(async () => {
  redis = await startRedis();
  for (let i = 0; i < INSTALLATIONS; i++) {
    for (let j = 0; j < REPOS; j++) {
      gh().state.createRepo({ owner: `load${i}`, name: `r${j}`, files: { "README.md": "# x\n" } });
      all.push(`load${i}/r${j}`);
    }
    gh().state.addInstallation({ account: `load${i}` });
  }
});
afterAll(async () => {
  await Promise.all(bots.map((b) => b.stop()));
  await redis?.close();
});

function sweptRepos(): Set<string> {
  const out = new Set<string>();
  for (const r of gh().requests) {
    const m = /^\/repos\/([^/]+\/[^/]+)\/issues$/.exec(r.path);
    if (m && r.method === "GET") out.add(m[1]!);
  }
  return out;
}

describe(`${INSTALLATIONS} installations × ${REPOS} repositories on two instances`, () => {
  it("sweeps every repository, then sweeps idle at ≤ 1 counted request per repository", async () => {
    const env = { UPKEEP_SWEEP_TICK_SECONDS: "10", UPKEEP_CONCURRENCY: "8", LOG_LEVEL: "warn" };
    bots = await startCluster(gh(), redis, 2, env);
    const output = () => bots.map((b, i) => `--- bot-${i}\n${b.output().slice(-3000)}`).join("\n");
    await eventually(() => sweptRepos().size === all.length, "the first sweep", 120_000).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}: ${sweptRepos().size}/${all.length}\n${output()}`);
    });
    await allIdle(bots, 60_000);
    await Promise.all(bots.map((b) => b.stop()));

    gh().resetLog();
    // 20 minutes later every repository is due again (default interval 15 min).
    bots = await startCluster(gh(), redis, 2, { ...env, UPKEEP_NOW: "2026-11-26T00:20:00Z" });
    await eventually(() => sweptRepos().size === all.length, "the idle sweep", 120_000).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}: ${sweptRepos().size}/${all.length}\n${output()}`);
    });
    await allIdle(bots, 60_000);
    const perRepo = new Map<string, number>();
    for (const r of gh().requests) {
      const m = /^\/repos\/([^/]+\/[^/]+)\//.exec(r.path);
      if (m && r.counted) perRepo.set(m[1]!, (perRepo.get(m[1]!) ?? 0) + 1);
    }
    const worst = Math.max(0, ...perRepo.values());
    expect(worst, JSON.stringify([...perRepo].filter(([, n]) => n > 1).slice(0, 5))).toBeLessThanOrEqual(1);
    const counted = gh().requests.filter((r) => r.counted).length;
    // Installation tokens of the fresh processes and the installation lists are the rest.
    expect(counted).toBeLessThanOrEqual(all.length);
    expect(gh().requests.filter((r) => r.status === 403 || r.status === 429)).toEqual([]);
    for (const b of bots) expect(b.output()).not.toMatch(/rate limit/i);
  }, 300_000);
});
