// Rate-limit awareness shared by the instances: an installation whose token runs low has its remaining sweeps
// put off until the limit resets (jobs delayed, not failed), by whichever instance would have run them; the
// stand-in never answers "rate limit exceeded".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useGitHubStandIn } from "../stand-ins/github/use-github-stand-in.js";
import type { BotProcess } from "./harness.js";
import { type RedisServer, startRedis } from "./redis.js";
import { startCluster } from "./scale-helpers.js";

// 40 requests an hour per token: a first sweep of 12 repositories needs more than that.
const gh = useGitHubStandIn({ rateLimit: 40 });
let redis: RedisServer;
let bots: BotProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  for (let j = 0; j < 12; j++) gh().state.createRepo({ owner: "thin", name: `r${j}`, files: { "README.md": "# x\n" } });
  gh().state.addInstallation({ account: "thin" });
});
afterAll(async () => {
  await Promise.all(bots.map((b) => b.stop()));
  await redis?.close();
});

function metric(text: string, name: string, labels: string): number {
  const m = new RegExp(`^${name}\\{${labels}\\} (\\S+)$`, "m").exec(text);
  return m ? Number(m[1]) : 0;
}

describe("an installation close to its rate limit", () => {
  it("has its remaining sweeps deferred to the reset on every instance, never running out", async () => {
    bots = await startCluster(gh(), redis, 2, {
      UPKEEP_SWEEP_TICK_SECONDS: "1",
      UPKEEP_RATE_LIMIT_RESERVE: "12",
      UPKEEP_INSTALLATION_CONCURRENCY: "1",
    });
    const deferred = async () => {
      let n = 0;
      for (const b of bots)
        n += metric(
          await (await fetch(`${b.url}/metrics`)).text(),
          "upkeep_jobs_total",
          'name="repo",outcome="deferred"',
        );
      return n;
    };
    let seen = 0;
    const end = Date.now() + 30_000;
    for (;;) {
      seen = await deferred();
      if (seen > 0 || Date.now() > end) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(seen, bots.map((b) => b.output()).join("\n")).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 2000));
    const swept = new Set(
      gh()
        .requests.filter((r) => r.method === "GET" && /^\/repos\/thin\/r\d+\/issues$/.test(r.path))
        .map((r) => r.path),
    );
    expect(swept.size).toBeGreaterThan(0);
    expect(swept.size).toBeLessThan(12);
    expect(gh().requests.filter((r) => r.status === 403 || r.status === 429)).toEqual([]);
    // Whichever instance ran the installation's jobs reports its remaining calls; the other may have made only
    // app-level calls (labelled installation="app").
    const texts = await Promise.all(bots.map(async (b) => (await fetch(`${b.url}/metrics`)).text()));
    expect(texts.join("\n")).toMatch(/^upkeep_github_rate_limit_remaining\{installation="\d+"\} \d+$/m);
    // The queue's gauge is read from the shared Redis: any instance reports the same.
    const text = texts[0]!;
    expect(text).toMatch(/^upkeep_queue_jobs\{state="delayed"\} [1-9]\d*$/m);
    // The deferred jobs wait in the queue (delayed to the reset), they did not fail.
    for (const t of texts) expect(t).not.toMatch(/^upkeep_jobs_total\{name="repo",outcome="failed"\} [1-9]/m);
  }, 90_000);
});
