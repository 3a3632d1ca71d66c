// Three instances sweep one installation through the shared job queue; one is SIGKILLed while it sweeps (and
// plans: writes are paced so a sweep is caught between creating and pinning an issue). The others take its jobs
// over: every repository ends with exactly one pinned announcement, none lost, none doubled.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useGitHubStandIn } from "../stand-ins/github/use-github-stand-in.js";
import { type BotProcess, eventually } from "./harness.js";
import { type RedisServer, startRedis } from "./redis.js";
import { allIdle, startCluster, WINDOW } from "./scale-helpers.js";

const gh = useGitHubStandIn();
let redis: RedisServer;
let bots: BotProcess[] = [];
const REPOS = Array.from({ length: 12 }, (_, i) => `repo${i}`);

beforeAll(async () => {
  redis = await startRedis();
  for (const name of REPOS)
    gh().state.createRepo({ owner: "crash", name, files: { ".github/maintenance/db.yml": WINDOW } });
  gh().state.addInstallation({ account: "crash" });
});
afterAll(async () => {
  await Promise.all(bots.map((b) => b.stop()));
  await redis?.close();
});

const announced = () => REPOS.filter((r) => gh().state.repo(`crash/${r}`).issues.length > 0).length;

describe("an instance killed mid-sweep", () => {
  it("leaves its jobs to the others: each repository is announced exactly once", async () => {
    bots = await startCluster(gh(), redis, 3, {
      UPKEEP_SWEEP_TICK_SECONDS: "1",
      UPKEEP_WRITE_INTERVAL_MS: "150",
      UPKEEP_INSTALLATION_CONCURRENCY: "6",
      LOG_LEVEL: "debug",
    });
    const output = () => bots.map((b, i) => `--- bot-${i}\n${b.output()}`).join("\n");
    await eventually(() => announced() >= 2, "the sweep to start writing", 60_000);
    // The victim: an instance in the middle of a repository's sweep (started, not yet finished).
    const busy = bots.findIndex((b) => {
      const started = [...b.output().matchAll(/sweep of (crash\/repo\d+) started/g)].map((m) => m[1]!);
      return started.some((repo) => gh().state.repo(repo).pinned.length === 0);
    });
    expect(busy, output()).toBeGreaterThanOrEqual(0);
    expect(announced()).toBeLessThan(REPOS.length);
    await bots[busy]!.kill("SIGKILL");
    const alive = bots.filter((_, i) => i !== busy);
    await eventually(
      () => REPOS.every((r) => gh().state.repo(`crash/${r}`).pinned.length === 1),
      "every repository announced",
      60_000,
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${output()}`);
    });
    await allIdle(alive);
    for (const r of REPOS) {
      const repo = gh().state.repo(`crash/${r}`);
      expect(
        repo.issues.map((i) => i.title),
        r,
      ).toEqual([expect.stringContaining("Database upgrade")]);
      expect(repo.pinned, r).toEqual([1]);
    }
    // Exactly one issue creation reached GitHub per repository (a retried step found the first by its marker).
    const creates = gh().requests.filter(
      (q) => q.method === "POST" && /^\/repos\/crash\/repo\d+\/issues$/.test(q.path),
    );
    expect(creates.filter((q) => q.status === 201)).toHaveLength(REPOS.length);
    // One installation's writes are paced together by all instances (turns reserved in the shared Redis): in any
    // 1.5 s, at most 1500 / UPKEEP_WRITE_INTERVAL_MS writes (+4 for arrival jitter: 13 was seen once on a machine
    // at load 15), although three processes wrote at once (each pacing alone would allow 30; unshared pacing
    // measured 20).
    const writes = gh()
      .requests.filter((q) => q.method !== "GET" && !q.path.endsWith("/access_tokens"))
      .map((q) => q.at)
      .sort((a, b) => a - b);
    expect(writes.length).toBeGreaterThan(REPOS.length);
    const busiest = Math.max(...writes.map((at) => writes.filter((t) => t >= at && t < at + 1500).length));
    expect(busiest).toBeLessThanOrEqual(1500 / 150 + 4);
  }, 120_000);
});
