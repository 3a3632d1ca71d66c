/**
 * Where fetched OSV advisories are kept between runs. Keyed by advisory id; the OSV source compares the
 * cached record's `modified` with the one querybatch reports and fetches again when the cache is older.
 */
import type { CachePort, FileSystemPort } from "../../../ports.js";
import type { OsvRecord } from "../../osv-schema.js";
import { isObject } from "../http.js";

/** A cache that lives as long as the process (share one between sources to reuse it). */
export function memoryCache(): CachePort<OsvRecord> & { readonly size: number } {
  const map = new Map<string, OsvRecord>();
  return {
    get size() {
      return map.size;
    },
    get: async (id) => map.get(id),
    async set(id, record) {
      map.set(id, record);
    },
  };
}

// Advisory ids are short ASCII (GHSA-..., PYSEC-2021-1, GO-2023-1234); anything else is escaped so an
// id can never name a path outside the cache folder.
function fileName(id: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)
    ? `${id}.json`
    : `${encodeURIComponent(id).replace(/\./g, "%2E")}.json`;
}

/**
 * A cache of one JSON file per advisory in `dir` (relative to the port's root), e.g. a folder restored by
 * actions/cache. Writes through {@link FileSystemPort.writeText}.
 */
export function fileSystemCache(fs: FileSystemPort, dir: string): CachePort<OsvRecord> {
  const base = dir.replace(/\/+$/, "");
  return {
    async get(id) {
      const path = `${base}/${fileName(id)}`;
      if (!(await fs.exists(path))) return undefined;
      try {
        const parsed: unknown = JSON.parse(await fs.readText(path));
        if (isObject(parsed) && parsed.id === id && typeof parsed.modified === "string")
          return parsed as unknown as OsvRecord;
      } catch {
        // A half-written or corrupt entry is refetched and overwritten.
      }
      return undefined;
    },
    async set(id, record) {
      await fs.writeText(`${base}/${fileName(id)}`, JSON.stringify(record));
    },
  };
}
