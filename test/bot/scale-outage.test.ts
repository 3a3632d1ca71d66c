// Redis goes away for 30 s under two instances: deliveries are still acknowledged well within GitHub's 10 s,
// readiness says Redis is down (liveness stays up), and when Redis is back (restarted empty) the buffered
// delivery is handled and the sweep catches up on a change whose webhook never came.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useGitHubStandIn } from "../stand-ins/github/use-github-stand-in.js";
import { type BotProcess, eventually, examplePayload } from "./harness.js";
import { type RedisServer, startRedis } from "./redis.js";
import { allIdle, startCluster, WINDOW } from "./scale-helpers.js";

const gh = useGitHubStandIn();
let redis: RedisServer;
let bots: BotProcess[] = [];
let installationId: number;

beforeAll(async () => {
  redis = await startRedis();
  for (const name of ["early", "hooked", "missed"]) {
    const files: Record<string, string> = { "README.md": "# x\n" };
    if (name === "early") files[".github/maintenance/db.yml"] = WINDOW;
    gh().state.createRepo({ owner: "outage", name, files });
  }
  installationId = gh().state.addInstallation({ account: "outage" }).id;
});
afterAll(async () => {
  await Promise.all(bots.map((b) => b.stop()));
  await redis?.close();
});

const pinned = (name: string) => gh().state.repo(`outage/${name}`).pinned.length === 1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function probe(bot: BotProcess, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${bot.url}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("Redis unreachable for 30 s", () => {
  it("acknowledges deliveries in time, reports not ready, and catches up when Redis is back", async () => {
    bots = await startCluster(gh(), redis, 2, { UPKEEP_SWEEP_TICK_SECONDS: "1" });
    const output = () => bots.map((b, i) => `--- bot-${i}\n${b.output()}`).join("\n");
    await eventually(() => pinned("early"), "the first sweep", 60_000);
    expect((await probe(bots[0]!, "/healthz/ready")).status).toBe(200);

    await redis.stop();
    const down = Date.now();
    gh().state.addCommit("outage/hooked", { files: { ".github/maintenance/db.yml": WINDOW } });
    gh().state.addCommit("outage/missed", { files: { ".github/maintenance/db.yml": WINDOW } });
    const acks: number[] = [];
    for (const at of [0, 10_000, 20_000]) {
      const wait = down + at - Date.now();
      if (wait > 0) await sleep(wait);
      const payload = examplePayload("push", { repo: "outage/hooked", installationId }, (p) => {
        p.ref = "refs/heads/main";
      });
      const t0 = Date.now();
      const res = await bots[at === 10_000 ? 1 : 0]!.deliver({ event: "push", payload });
      acks.push(Date.now() - t0);
      expect(res.status).toBe(200);
      const ready = await probe(bots[0]!, "/healthz/ready");
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ ready: false, redis: "down" });
      expect((await probe(bots[1]!, "/healthz/live")).status).toBe(200);
      expect((await probe(bots[1]!, "/healthz")).body).toMatchObject({ ok: true, redis: "down" });
    }
    expect(Math.max(...acks)).toBeLessThan(10_000);
    expect(pinned("hooked")).toBe(false); // nothing ran without Redis
    const left = down + 30_000 - Date.now();
    if (left > 0) await sleep(left);

    await redis.start();
    await eventually(() => pinned("hooked") && pinned("missed"), "the work to resume", 60_000).catch(
      (error: unknown) => {
        throw new Error(`${(error as Error).message}\n${output()}`);
      },
    );
    await allIdle(bots);
    for (const bot of bots) {
      const ready = await probe(bot, "/healthz/ready");
      expect(ready.status, JSON.stringify(ready.body)).toBe(200);
      expect(ready.body).toMatchObject({ redis: "up", queue: "up", outbox: 0 });
    }
    for (const name of ["early", "hooked", "missed"])
      expect(gh().state.repo(`outage/${name}`).issues, name).toHaveLength(1);
  }, 200_000);
});
