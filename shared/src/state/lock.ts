import { ExternalServiceError } from "../errors.js";
import type { SharedState } from "../ports.js";

/** Options of {@link withLock}. */
export interface WithLockOptions {
  /** How long the lock lives without renewal; it is renewed every third of it while `fn` runs. Default 30,000. */
  ttlMs?: number;
  /** How long to wait for a busy lock before giving up. Default 120,000. */
  waitMs?: number;
  /** Slots of the key (default 1: mutual exclusion; more: a semaphore, e.g. sweeps per installation). */
  limit?: number;
}

/**
 * Runs `fn` while holding `key` on `state` (every instance of the bot sees the same lock), renewing the lease
 * while `fn` runs and releasing it afterwards, also when `fn` throws. Waits for a busy lock, polling with a
 * growing pause (25 ms up to 500 ms). Throws ExternalServiceError when the lock stays busy for `waitMs`, or what
 * the backend throws when it is unreachable; rethrows what `fn` throws.
 */
export async function withLock<T>(
  state: SharedState,
  key: string,
  fn: () => Promise<T>,
  options: WithLockOptions = {},
): Promise<T> {
  const ttlMs = options.ttlMs ?? 30_000;
  const deadline = Date.now() + (options.waitMs ?? 120_000);
  let pause = 25;
  for (;;) {
    const lease = await state.acquire(key, { ttlMs, ...(options.limit ? { limit: options.limit } : {}) });
    if (lease) {
      const renew = setInterval(
        () => {
          lease.extend(ttlMs).catch(() => {});
        },
        Math.max(10, Math.floor(ttlMs / 3)),
      );
      renew.unref?.();
      try {
        return await fn();
      } finally {
        clearInterval(renew);
        await lease.release().catch(() => {});
      }
    }
    if (Date.now() >= deadline)
      throw new ExternalServiceError(
        "shared state",
        `the lock "${key}" stayed busy for ${options.waitMs ?? 120_000} ms`,
        {
          hint: "another instance holds it; it expires by itself after its TTL if that instance died",
        },
      );
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(500, pause * 2);
  }
}
