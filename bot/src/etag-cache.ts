import { createHash } from "node:crypto";
import type { GitHubClient } from "@upkeep/shared/github/client.js";
import type { KeyValueStore } from "@upkeep/shared/ports.js";
import { readJsonCache, writeJsonCache } from "./json-cache.js";

/** A cached GET: the ETag GitHub sent and the response it belongs to. */
interface CachedResponse {
  etag: string;
  status: number;
  url: string;
  headers: Record<string, string>;
  data: unknown;
}

/** Hit and miss counters, for logs and the benchmark. */
export interface EtagStats {
  /** Answered 304 and served from the cache (GitHub does not count these against the rate limit). */
  notModified: number;
  /** Answered 200 (a first read or a change). */
  fetched: number;
}

/**
 * Conditional requests (ETag / If-None-Match) for every GET an Upkeep client makes: a `304 Not Modified`
 * does not count against GitHub's rate limit, so a sweep that finds nothing changed costs next to nothing.
 * Keeps at most `maxEntries` responses (default 20,000, least recently used dropped); with `file`, the
 * cache survives restarts and scheduled workflow runs (written by {@link EtagCache.save}). With `shared` (the
 * `etag` namespace of the bot's SharedState on Redis), every instance sends the newest ETag any instance saw,
 * so a repository swept by another instance last time is still answered 304; when the shared store is
 * unreachable the cache works from its own entries.
 */
export class EtagCache {
  readonly stats: EtagStats = { notModified: 0, fetched: 0 };
  private readonly entries = new Map<string, CachedResponse>();

  constructor(
    private readonly options: { file?: string; maxEntries?: number; shared?: KeyValueStore; sharedTtlMs?: number } = {},
  ) {
    const saved = options.file
      ? (readJsonCache(options.file) as Record<string, CachedResponse> | undefined)
      : undefined;
    for (const [k, v] of Object.entries(saved ?? {})) this.entries.set(k, v);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Forgets every entry whose key contains `fragment` (e.g. `/repos/o/r/` after an uninstall). */
  forget(fragment: string): void {
    for (const key of [...this.entries.keys()]) if (key.includes(fragment)) this.entries.delete(key);
  }

  /** Writes the cache to its file (atomically), when it has one. Never throws: a failed save is only slower. */
  save(): void {
    if (this.options.file) writeJsonCache(this.options.file, Object.fromEntries(this.entries));
  }

  /**
   * Installs the conditional-request hook on `client`. Call once per client. `scope` names whose view the
   * client has (`installation:42`, `app`): answers like `GET /installation/repositories` differ per token.
   */
  attach(client: GitHubClient, scope = ""): void {
    client.hook.wrap("request", async (request, options) => {
      const method = String(options.method ?? "GET").toUpperCase();
      if (method !== "GET") return request(options);
      const parsed = client.request.endpoint.parse(options as Parameters<typeof client.request.endpoint.parse>[0]);
      // The media type changes the body, so it is part of the key; the token is not (one app, same data).
      const key = `${scope} ${parsed.url} ${String(parsed.headers.accept ?? "")}`;
      const local = this.entries.get(key);
      const shared = this.options.shared;
      const id = shared ? createHash("sha1").update(key).digest("base64url") : "";
      const sharedEtag = shared ? await shared.get<string>(`e:${id}`).catch(() => undefined) : undefined;
      const sent = sharedEtag ?? local?.etag;
      const headers = options.headers;
      if (sent) options.headers = { ...headers, "if-none-match": sent } as typeof headers;
      try {
        const response = await request(options);
        const etag = (response.headers as Record<string, string | undefined>).etag;
        this.stats.fetched += 1;
        if (etag) {
          const entry: CachedResponse = {
            etag,
            status: response.status,
            url: response.url,
            headers: response.headers as Record<string, string>,
            // A copy: Octokit's paginate rewrites list answers in place (it deletes `total_count`).
            data: structuredClone(response.data),
          };
          this.remember(key, entry);
          if (shared) {
            const ttlMs = this.options.sharedTtlMs ?? 7 * 24 * 3600_000;
            // Body first: an instance that sees the new ETag must find its body.
            await shared
              .set(`b:${id}`, entry, { ttlMs })
              .then(() => shared.set(`e:${id}`, etag, { ttlMs }))
              .catch(() => {});
          }
        }
        return response;
      } catch (error) {
        if ((error as { status?: unknown }).status !== 304 || !sent) throw error;
        let hit = local?.etag === sent ? local : undefined;
        if (!hit && shared) {
          const body = await shared.get<CachedResponse>(`b:${id}`).catch(() => undefined);
          if (body?.etag === sent) hit = body;
        }
        if (!hit) {
          // The shared body expired under its ETag: ask again without a condition (rare; counted).
          options.headers = headers;
          return request(options);
        }
        this.stats.notModified += 1;
        this.remember(key, hit);
        return {
          status: hit.status,
          url: hit.url,
          headers: hit.headers,
          data: structuredClone(hit.data),
        };
      }
    });
  }

  private remember(key: string, entry: CachedResponse): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.trim();
  }

  private trim(): void {
    const max = this.options.maxEntries ?? 20_000;
    while (this.entries.size > max) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) return;
      this.entries.delete(oldest);
    }
  }
}
