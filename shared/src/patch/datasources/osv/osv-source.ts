/**
 * The OSV API (https://google.github.io/osv.dev/api/) as a vulnerability source: one querybatch call per
 * 1,000 unique packages, then each unique advisory fetched once (and cached by its `modified` time).
 */
import { ExternalServiceError } from "../../../errors.js";
import { silentLogger } from "../../../logger.js";
import type { CachePort } from "../../../ports.js";
import type { OsvRecord } from "../../osv-schema.js";
import type { PackageRef } from "../../types.js";
import { badShape, type HttpOptions, httpRequest, isObject, mapConcurrent, parseJsonBody } from "../http.js";
import {
  normalizePackageName,
  packageKey,
  uniquePackages,
  type VulnerabilityQueryResult,
  type VulnerabilitySource,
} from "../types.js";

/** Options of {@link createOsvSource}; see {@link HttpOptions} for timeouts and retries. */
export interface OsvSourceOptions extends HttpOptions {
  /** API base URL. Default `https://api.osv.dev`. */
  url?: string;
  /** Queries per querybatch call, at most 1,000 (osv.dev's limit). Default 1,000. */
  batchSize?: number;
  /** Requests in flight at once. Default 8. */
  concurrency?: number;
  /** Keeps fetched advisories across runs (e.g. {@link fileSystemCache}). Default: only this source's memory. */
  cache?: CachePort<OsvRecord>;
  /** Pages followed for one query before giving up (guards a server that never stops paging). Default 100. */
  maxPages?: number;
}

interface BatchQuery {
  package: { ecosystem: string; name: string };
  version: string;
  page_token?: string;
}

interface BatchResult {
  vulns: { id: string; modified: string }[];
  nextPageToken?: string;
}

/** The OSV API default base URL. */
export const OSV_API_URL = "https://api.osv.dev";

const MAX_BATCH = 1000;

/** What querybatch is asked for a package: OSV spells Go versions without the `v` and PyPI names per PEP 503. */
export function osvQueryFor(p: PackageRef): BatchQuery {
  const version = p.ecosystem === "Go" ? p.version.replace(/^v(?=\d)/, "") : p.version;
  return { package: { ecosystem: p.ecosystem, name: normalizePackageName(p.ecosystem, p.name) }, version };
}

function isNewer(a: string, b: string): boolean {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isNaN(ta) || Number.isNaN(tb)) return a > b;
  return ta > tb;
}

function readBatch(json: unknown, expected: number, url: string): BatchResult[] {
  if (!isObject(json)) badShape("osv", url, "an object with `results`");
  const results = json.results ?? [];
  if (!Array.isArray(results) || results.length !== expected) {
    badShape("osv", url, `\`results\` with one entry per query (${expected})`);
  }
  return results.map((r: unknown, i: number) => {
    if (!isObject(r)) badShape("osv", url, `results[${i}] to be an object`);
    const vulns = r.vulns ?? [];
    if (!Array.isArray(vulns)) badShape("osv", url, `results[${i}].vulns to be an array`);
    const out: BatchResult = {
      vulns: vulns.map((v: unknown, j: number) => {
        if (!isObject(v) || typeof v.id !== "string") badShape("osv", url, `results[${i}].vulns[${j}].id`);
        return { id: v.id, modified: typeof v.modified === "string" ? v.modified : "" };
      }),
    };
    if (typeof r.next_page_token === "string" && r.next_page_token) out.nextPageToken = r.next_page_token;
    return out;
  });
}

function readRecord(json: unknown, id: string, url: string): OsvRecord {
  if (!isObject(json) || json.id !== id || typeof json.modified !== "string") {
    badShape("osv", url, `an OSV record with id ${id} and a modified time`);
  }
  return json as unknown as OsvRecord;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * An OSV API source. Advisories fetched by one source are kept in its memory for later queries; pass
 * `cache` to keep them across runs. Throws (from `query`) ExternalServiceError when osv.dev fails after
 * retries, times out, or answers garbage.
 */
export function createOsvSource(options: OsvSourceOptions): VulnerabilitySource {
  const base = (options.url ?? OSV_API_URL).replace(/\/+$/, "");
  const batchSize = Math.min(Math.max(1, options.batchSize ?? MAX_BATCH), MAX_BATCH);
  const concurrency = options.concurrency ?? 8;
  const maxPages = options.maxPages ?? 100;
  const logger = options.logger ?? silentLogger;
  const memory = new Map<string, OsvRecord>();

  return {
    id: "osv",
    async query(packages) {
      const stats = { requests: 0, batches: 0, advisoriesFetched: 0, cacheHits: 0 };
      const onAttempt = () => {
        stats.requests++;
      };
      const unique = uniquePackages(packages);
      const queries = unique.map(osvQueryFor);
      const vulnsByIndex: { id: string; modified: string }[][] = queries.map(() => []);
      const batchUrl = `${base}/v1/querybatch`;
      const batchCount = Math.ceil(queries.length / batchSize);
      if (queries.length > 0) {
        logger.info(
          `osv: querying ${unique.length} package versions (${packages.length - unique.length} duplicates dropped) in ${batchCount} batch(es)`,
        );
      }

      async function runBatch(
        items: { index: number; query: BatchQuery }[],
      ): Promise<{ index: number; token: string }[]> {
        stats.batches++;
        const res = await httpRequest(
          {
            service: "osv",
            url: batchUrl,
            method: "POST",
            headers: { "content-type": "application/json", accept: "application/json" },
            body: JSON.stringify({ queries: items.map((i) => i.query) }),
            onAttempt,
          },
          options,
        );
        const results = readBatch(parseJsonBody("osv", batchUrl, res.text), items.length, batchUrl);
        const more: { index: number; token: string }[] = [];
        results.forEach((r, k) => {
          const item = items[k]!;
          vulnsByIndex[item.index]!.push(...r.vulns);
          if (r.nextPageToken) more.push({ index: item.index, token: r.nextPageToken });
        });
        return more;
      }

      let pending = queries.map((query, index) => ({ index, query }));
      for (let page = 0; pending.length > 0; page++) {
        if (page >= maxPages) {
          throw new ExternalServiceError("osv", `querybatch still paging after ${maxPages} pages`, {
            hint: "the server keeps returning next_page_token; check the configured OSV URL",
          });
        }
        const more = (await mapConcurrent(chunks(pending, batchSize), concurrency, runBatch)).flat();
        if (more.length > 0) logger.debug(`osv: ${more.length} queries have another page`);
        pending = more.map((m) => ({ index: m.index, query: { ...queries[m.index]!, page_token: m.token } }));
      }

      // The newest `modified` any answer reported per id decides whether a cached copy is stale.
      const wanted = new Map<string, string>();
      for (const list of vulnsByIndex) {
        for (const v of list) {
          const seen = wanted.get(v.id);
          if (seen === undefined || isNewer(v.modified, seen)) wanted.set(v.id, v.modified);
        }
      }

      let lastProgress = Date.now();
      let done = 0;
      await mapConcurrent([...wanted], concurrency, async ([id, modified]) => {
        const fresh = (r: OsvRecord | undefined): r is OsvRecord => !!r && !(modified && isNewer(modified, r.modified));
        const inMemory = memory.get(id);
        if (fresh(inMemory)) {
          stats.cacheHits++;
        } else {
          const cached = await options.cache?.get(id);
          if (fresh(cached)) {
            stats.cacheHits++;
            memory.set(id, cached);
          } else {
            const url = `${base}/v1/vulns/${encodeURIComponent(id)}`;
            const res = await httpRequest(
              { service: "osv", url, headers: { accept: "application/json" }, passStatuses: [404], onAttempt },
              options,
            );
            if (res.status === 404) {
              throw new ExternalServiceError("osv", `querybatch listed ${id} but ${url} answered 404`, {
                status: 404,
                hint: "the advisory may have been removed while the scan ran; run the scan again",
              });
            }
            const record = readRecord(parseJsonBody("osv", url, res.text), id, url);
            stats.advisoriesFetched++;
            memory.set(id, record);
            await options.cache?.set(id, record);
          }
        }
        done++;
        if (Date.now() - lastProgress >= 30_000) {
          lastProgress = Date.now();
          logger.info(`osv: ${done}/${wanted.size} advisories loaded`);
        }
      });
      if (wanted.size > 0) {
        logger.info(
          `osv: ${wanted.size} advisories (${stats.advisoriesFetched} fetched, ${stats.cacheHits} from cache) in ${stats.requests} requests`,
        );
      }

      const byPackage = new Map<string, OsvRecord[]>();
      unique.forEach((p, i) => {
        const ids = [...new Set(vulnsByIndex[i]!.map((v) => v.id))];
        byPackage.set(
          packageKey(p),
          ids.map((id) => memory.get(id)!),
        );
      });
      return { byPackage, stats } satisfies VulnerabilityQueryResult;
    },
  };
}
