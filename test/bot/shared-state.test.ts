// The SharedState contract, walked over both backends: the memory one (one instance) and Redis (a real
// redis-server from Debian). Whatever code is written against the port behaves the same on either.
import type { SharedState } from "@upkeep/shared/ports.js";
import { withLock } from "@upkeep/shared/state/lock.js";
import { memorySharedState } from "@upkeep/shared/state/memory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisSharedState } from "../../bot/src/shared-state.js";
import { type RedisServer, startRedis } from "./redis.js";

let redis: RedisServer;
const opened: SharedState[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const s of opened) await s.close();
  await redis?.close();
});

let n = 0;
const backends: [string, () => { a: SharedState; b: SharedState }][] = [
  [
    "memory",
    () => {
      const s = memorySharedState();
      return { a: s, b: s };
    },
  ],
  [
    "redis",
    () => {
      // Two connections with one prefix: two bot instances.
      const prefix = `t${++n}:`;
      const a = redisSharedState(redis.url, { prefix });
      const b = redisSharedState(redis.url, { prefix });
      opened.push(a, b);
      return { a, b };
    },
  ],
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(backends)("SharedState on %s", (_name, make) => {
  it("claims an id once across instances, again after its TTL or an unclaim", async () => {
    const { a, b } = make();
    await a.ping();
    const both = await Promise.all([a.claimOnce("delivery:1", 300), b.claimOnce("delivery:1", 300)]);
    expect(both.filter(Boolean)).toHaveLength(1);
    expect(await b.claimOnce("delivery:1", 300)).toBe(false);
    await sleep(350);
    expect(await b.claimOnce("delivery:1", 300)).toBe(true);
    expect(await a.claimOnce("delivery:2", 1000, "instance-a")).toBe(true);
    expect(await a.claimOnce("delivery:2", 1000, "instance-a")).toBe(true);
    expect(await b.claimOnce("delivery:2", 1000, "instance-b")).toBe(false);
    await b.unclaim("delivery:1");
    expect(await a.claimOnce("delivery:1", 300)).toBe(true);
  });

  it("gives a lock to one holder at a time; an expired lease is free again and cannot be extended", async () => {
    const { a, b } = make();
    const first = await a.acquire("repo:acme/app", { ttlMs: 200 });
    expect(first).toBeDefined();
    expect(await b.acquire("repo:acme/app", { ttlMs: 200 })).toBeUndefined();
    expect(await first!.extend(200)).toBe(true);
    await sleep(260);
    const second = await b.acquire("repo:acme/app", { ttlMs: 1000 });
    expect(second).toBeDefined();
    expect(await first!.extend(200)).toBe(false);
    await first!.release(); // releasing a lost lease leaves the new holder alone
    expect(await a.acquire("repo:acme/app", { ttlMs: 200 })).toBeUndefined();
    await second!.release();
    expect(await a.acquire("repo:acme/app", { ttlMs: 200 })).toBeDefined();
  });

  it("counts semaphore slots (sweeps per installation)", async () => {
    const { a, b } = make();
    const held = [
      await a.acquire("inst:1", { ttlMs: 5000, limit: 2 }),
      await b.acquire("inst:1", { ttlMs: 5000, limit: 2 }),
    ];
    expect(held.every(Boolean)).toBe(true);
    expect(await a.acquire("inst:1", { ttlMs: 5000, limit: 2 })).toBeUndefined();
    await held[0]!.release();
    expect(await b.acquire("inst:1", { ttlMs: 5000, limit: 2 })).toBeDefined();
  });

  it("paces turns of a key across instances: each reserved turn at least the interval after the one before", async () => {
    const { a, b } = make();
    const waits = await Promise.all([a, b, a, b].map((s) => s.pace("write:installation:1", 100)));
    expect([...waits].sort((x, y) => x - y).map((w) => Math.round(w / 100))).toEqual([0, 1, 2, 3]);
    expect(await a.pace("write:installation:2", 100)).toBe(0);
  });

  it("withLock runs concurrent critical sections one after another, also when one throws", async () => {
    const { a, b } = make();
    const order: string[] = [];
    const section = (s: SharedState, name: string, fail = false) =>
      withLock(s, "repo:acme/x", async () => {
        order.push(`${name}+`);
        await sleep(40);
        order.push(`${name}-`);
        if (fail) throw new Error("boom");
      });
    const results = await Promise.allSettled([section(a, "a", true), section(b, "b"), section(a, "c")]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "fulfilled", "rejected"]);
    for (let i = 0; i < order.length; i += 2) expect(order[i]!.slice(0, 1)).toBe(order[i + 1]!.slice(0, 1));
    await expect(
      withLock(a, "repo:acme/held", async () => withLock(b, "repo:acme/held", async () => 1, { waitMs: 100 })),
    ).rejects.toThrow(/stayed busy/);
  });

  it("keeps JSON values per namespace with TTL, copies and atomic setIfAbsent", async () => {
    const { a, b } = make();
    const pending = a.store("staging-gate:pending");
    const other = b.store("feedback:duplicates");
    const value = { runId: 7, env: "staging", at: "2026-12-01T00:00:00Z" };
    await pending.set("acme/app#7", value);
    value.runId = 8; // the store kept a copy
    expect(await b.store("staging-gate:pending").get("acme/app#7")).toEqual({ ...value, runId: 7 });
    expect(await other.get("acme/app#7")).toBeUndefined();
    expect(await other.setIfAbsent("hash1", [1, 2])).toBe(true);
    expect(await a.store("feedback:duplicates").setIfAbsent("hash1", [3])).toBe(false);
    await pending.set("short", true, { ttlMs: 100 });
    expect((await pending.keys()).sort()).toEqual(["acme/app#7", "short"]);
    await sleep(150);
    expect(await pending.get("short")).toBeUndefined();
    expect(await pending.keys()).toEqual(["acme/app#7"]);
    expect(await pending.delete("acme/app#7")).toBe(true);
    expect(await pending.delete("acme/app#7")).toBe(false);
  });
});

describe("SharedState on redis when Redis is away", () => {
  it("fails fast instead of hanging, and works again once Redis is back", async () => {
    const own = await startRedis();
    const s = redisSharedState(own.url, { commandTimeoutMs: 500 });
    opened.push(s);
    try {
      await s.ping();
      await own.stop();
      const t0 = Date.now();
      await expect(s.claimOnce("x", 1000)).rejects.toThrow();
      expect(Date.now() - t0).toBeLessThan(2000);
      await own.start();
      const end = Date.now() + 5000;
      for (;;) {
        try {
          await s.ping();
          break;
        } catch (error) {
          if (Date.now() > end) throw error;
          await sleep(100);
        }
      }
      expect(await s.claimOnce("x", 1000)).toBe(true);
    } finally {
      await own.close();
    }
  });
});
