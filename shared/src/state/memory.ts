import type { KeyValueStore, Lease, SharedState } from "../ports.js";

interface Entry {
  json: string;
  expiresAt: number;
}

/** Options of {@link memorySharedState}. */
export interface MemoryStateOptions {
  /** Wall clock in ms (TTLs); default `Date.now`. Tests pass a fake one. */
  now?: () => number;
}

/**
 * The shared state of a single process (no `REDIS_URL`): plain maps with the same semantics as the Redis
 * backend (TTL expiry, JSON copies, atomic claims), so code written against {@link SharedState} behaves the
 * same on one instance and on many. Never throws.
 */
export function memorySharedState(options: MemoryStateOptions = {}): SharedState {
  const now = options.now ?? Date.now;
  const namespaces = new Map<string, Map<string, Entry>>();
  const claims = new Map<string, { until: number; owner: string }>();
  const slots = new Map<string, Map<string, number>>();
  let tokens = 0;
  const turns = new Map<string, number>();

  const live = (map: Map<string, Entry>, key: string): Entry | undefined => {
    const e = map.get(key);
    if (e && e.expiresAt <= now()) {
      map.delete(key);
      return undefined;
    }
    return e;
  };
  const expiry = (ttlMs: number | undefined) => (ttlMs === undefined ? Number.POSITIVE_INFINITY : now() + ttlMs);

  function store(namespace: string): KeyValueStore {
    let map = namespaces.get(namespace);
    if (!map) {
      map = new Map();
      namespaces.set(namespace, map);
    }
    const m = map;
    return {
      async get<T>(key: string) {
        const e = live(m, key);
        return e ? (JSON.parse(e.json) as T) : undefined;
      },
      async set(key, value, opts = {}) {
        m.set(key, { json: JSON.stringify(value) ?? "null", expiresAt: expiry(opts.ttlMs) });
      },
      async setIfAbsent(key, value, opts = {}) {
        if (live(m, key)) return false;
        m.set(key, { json: JSON.stringify(value) ?? "null", expiresAt: expiry(opts.ttlMs) });
        return true;
      },
      async delete(key) {
        const had = live(m, key) !== undefined;
        m.delete(key);
        return had;
      },
      async keys() {
        return [...m.keys()].filter((k) => live(m, k) !== undefined);
      },
    };
  }

  return {
    backend: "memory",
    async claimOnce(key, ttlMs, owner = "") {
      const held = claims.get(key);
      if (held && held.until > now()) return owner !== "" && held.owner === owner;
      claims.set(key, { until: now() + ttlMs, owner });
      return true;
    },
    async unclaim(key) {
      claims.delete(key);
    },
    async acquire(key, { ttlMs, limit = 1 }): Promise<Lease | undefined> {
      let held = slots.get(key);
      if (!held) {
        held = new Map();
        slots.set(key, held);
      }
      for (const [token, until] of held) if (until <= now()) held.delete(token);
      if (held.size >= limit) return undefined;
      const token = String(++tokens);
      held.set(token, now() + ttlMs);
      const h = held;
      return {
        key,
        async release() {
          h.delete(token);
        },
        async extend(ms) {
          const until = h.get(token);
          if (until === undefined || until <= now()) return false;
          h.set(token, now() + ms);
          return true;
        },
      };
    },
    async pace(key, intervalMs) {
      const t = now();
      const at = Math.max(t, (turns.get(key) ?? Number.NEGATIVE_INFINITY) + intervalMs);
      turns.set(key, at);
      return at - t;
    },
    store,
    async ping() {},
    async close() {},
  };
}
