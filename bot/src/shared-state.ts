// The Redis backend of the SharedState port (shared/src/ports.ts) and the choice between it and the memory
// backend. Locks are Redis's documented single-instance pattern (a key or sorted-set member with an expiry,
// released only by its holder, checked in a script so check-and-change is atomic); a lock library (Redlock)
// is built for several independent Redis masters, which this deployment does not have.
import { randomUUID } from "node:crypto";
import type { KeyValueStore, Lease, SharedState } from "@upkeep/shared/ports.js";
import { memorySharedState } from "@upkeep/shared/state/memory.js";
import { Redis, type RedisOptions } from "ioredis";

// KEYS[1] slot set; ARGV: token, ttl ms, limit. Expired holders are dropped first; time is Redis's own so
// instances with skewed clocks agree.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
  return 1
end
return 0`;

const EXTEND = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expires = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not expires or tonumber(expires) <= now then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) * 2 then redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2) end
return 1`;

// KEYS[1] the key's last reserved turn; ARGV: interval ms. Returns the wait in ms for the turn it reserves.
const PACE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(now, last + tonumber(ARGV[1]))
redis.call('SET', KEYS[1], at, 'PX', tonumber(ARGV[1]) * 10 + 60000)
return at - now`;

/** Options of {@link redisSharedState}. */
export interface RedisStateOptions {
  /** Prefix of every key, so several apps can share one Redis. Default `upkeep:`. */
  prefix?: string;
  /** Milliseconds a command may take before it fails (Redis unreachable). Default 2,000. */
  commandTimeoutMs?: number;
  /** Counts every command sent (the benchmark's round trips per delivery). */
  onCommand?: () => void;
}

/**
 * The connection options the bot uses for its own Redis commands: fail fast when Redis is away (no offline
 * queue: a webhook must be acknowledged within GitHub's 10 s even then) and reconnect in the background.
 */
export function stateConnectionOptions(commandTimeoutMs = 2000): RedisOptions {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(100 * times, 1000),
  };
}

/**
 * SharedState on Redis at `url` (`redis://[:password@]host:port[/db]`, `rediss://` for TLS). Every method
 * rejects when Redis cannot be reached within the command timeout; the connection keeps retrying, so the next
 * call after Redis is back succeeds. Never throws itself.
 */
export function redisSharedState(url: string, options: RedisStateOptions = {}): SharedState & { client: Redis } {
  const prefix = options.prefix ?? "upkeep:";
  const client = new Redis(url, stateConnectionOptions(options.commandTimeoutMs));
  client.on("error", () => {
    // Reported through health and the failing calls; ioredis keeps reconnecting.
  });
  const timeout = options.commandTimeoutMs ?? 2000;
  const counter = options.onCommand ?? (() => {});
  // Without an offline queue a command sent while (re)connecting fails at once; wait for the connection up to
  // the command timeout instead, so a start-up or a short blip costs a pause, not an error.
  const count = (): Promise<void> | undefined => {
    counter();
    if (client.status === "ready") return undefined;
    return new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer);
        client.off("ready", onReady);
        if (error) reject(error);
        else resolve();
      };
      const onReady = () => done();
      const timer = setTimeout(
        () => done(new Error(`Redis is not reachable (${client.status}) after ${timeout} ms`)),
        timeout,
      );
      client.on("ready", onReady);
    });
  };
  client.defineCommand("upkeepAcquire", { numberOfKeys: 1, lua: ACQUIRE });
  client.defineCommand("upkeepExtend", { numberOfKeys: 1, lua: EXTEND });
  client.defineCommand("upkeepPace", { numberOfKeys: 1, lua: PACE });
  const scripts = client as unknown as {
    upkeepAcquire(key: string, token: string, ttl: number, limit: number): Promise<number>;
    upkeepExtend(key: string, token: string, ttl: number): Promise<number>;
    upkeepPace(key: string, interval: number): Promise<number>;
  };

  function store(namespace: string): KeyValueStore {
    const base = `${prefix}kv:${namespace}:`;
    const px = (ttlMs: number | undefined): ["PX", number] | [] =>
      ttlMs === undefined ? [] : ["PX", Math.max(1, Math.round(ttlMs))];
    return {
      async get<T>(key: string) {
        await count();
        const raw = await client.get(base + key);
        return raw === null ? undefined : (JSON.parse(raw) as T);
      },
      async set(key, value, opts = {}) {
        await count();
        await client.set(base + key, JSON.stringify(value) ?? "null", ...(px(opts.ttlMs) as []));
      },
      async setIfAbsent(key, value, opts = {}) {
        await count();
        const args = [...px(opts.ttlMs), "NX"] as unknown as ["NX"];
        return (await client.set(base + key, JSON.stringify(value) ?? "null", ...args)) === "OK";
      },
      async delete(key) {
        await count();
        return (await client.del(base + key)) > 0;
      },
      async keys() {
        const out: string[] = [];
        let cursor = "0";
        do {
          await count();
          const [next, batch] = await client.scan(cursor, "MATCH", `${base}*`, "COUNT", 500);
          cursor = next;
          for (const k of batch) out.push(k.slice(base.length));
        } while (cursor !== "0");
        return out;
      },
    };
  }

  return {
    backend: "redis",
    client,
    async claimOnce(key, ttlMs, owner) {
      await count();
      const k = `${prefix}claim:${key}`;
      if ((await client.set(k, owner || "1", "PX", Math.max(1, Math.round(ttlMs)), "NX")) === "OK") return true;
      if (!owner) return false;
      return (await client.get(k)) === owner;
    },
    async unclaim(key) {
      await count();
      await client.del(`${prefix}claim:${key}`);
    },
    async acquire(key, { ttlMs, limit = 1 }): Promise<Lease | undefined> {
      const slotKey = `${prefix}lock:${key}`;
      const token = randomUUID();
      await count();
      if ((await scripts.upkeepAcquire(slotKey, token, Math.round(ttlMs), limit)) !== 1) return undefined;
      return {
        key,
        async release() {
          await count()?.catch(() => {});
          await client.zrem(slotKey, token).catch(() => {});
        },
        async extend(ms) {
          await count();
          return (await scripts.upkeepExtend(slotKey, token, Math.round(ms))) === 1;
        },
      };
    },
    async pace(key, intervalMs) {
      await count();
      return Number(await scripts.upkeepPace(`${prefix}pace:${key}`, Math.max(0, Math.round(intervalMs))));
    },
    store,
    async ping() {
      await count();
      await client.ping();
    },
    async close() {
      client.disconnect();
    },
  };
}

/**
 * The shared state the bot runs on: Redis when `redisUrl` is set, else the memory backend (one instance,
 * exactly as before issue 13). Never throws.
 */
export function sharedStateFor(redisUrl: string | undefined, options: RedisStateOptions = {}): SharedState {
  return redisUrl ? redisSharedState(redisUrl, options) : memorySharedState();
}
