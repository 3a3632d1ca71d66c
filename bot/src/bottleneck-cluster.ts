// Rate-limit pacing shared by every instance: Bottleneck on Redis, as Probot clusters with REDIS_URL.
import Bottleneck from "bottleneck";
import { Redis } from "ioredis";

// Bottleneck recovers from a Redis that lost its keys (a restart without persistence, an evicted client) by
// matching its scripts' errors exactly ("SETTINGS_KEY_NOT_FOUND", "UNKNOWN_CLIENT"). Redis 7 prefixes such
// script errors with "ERR ", so without this the limiter fails every request after a Redis restart instead of
// re-initialising itself. The prefix is removed from those two errors only.
const RECOVERABLE = /^ERR (SETTINGS_KEY_NOT_FOUND|UNKNOWN_CLIENT)$/;

/**
 * A Bottleneck connection to `url` for the Upkeep clients' throttling (write pacing per installation, shared by
 * all instances). Never throws; Redis errors are emitted as `error` events (ignored: health reports Redis).
 */
export function bottleneckCluster(url: string): Bottleneck.IORedisConnection {
  const connection = new Bottleneck.IORedisConnection({
    Redis,
    client: new Redis(url, { maxRetriesPerRequest: null }),
  });
  connection.on("error", () => {});
  // Bottleneck passes a node-style callback as the scripts' last argument; the error is fixed on its way there.
  const patched = connection as unknown as {
    __scriptArgs__(name: string, id: string, args: unknown[], cb: (err: unknown, replies: unknown) => void): unknown[];
  };
  const original = patched.__scriptArgs__.bind(connection);
  patched.__scriptArgs__ = (name, id, args, cb) =>
    original(name, id, args, (err, replies) => {
      const m = err instanceof Error ? RECOVERABLE.exec(err.message) : null;
      if (m) (err as Error).message = m[1]!;
      cb(err, replies);
    });
  return connection;
}
