/**
 * An offline OSV database: a folder of OSV JSON files (walked recursively), osv.dev's per-ecosystem
 * `all.zip` archives (inside that folder or named directly), read once and indexed by ecosystem + name.
 */
import { InputError } from "../../../errors.js";
import { type Logger, silentLogger } from "../../../logger.js";
import type { FileSystemPort } from "../../../ports.js";
import { matchAdvisory } from "../../match.js";
import type { OsvRecord } from "../../osv-schema.js";
import type { PackageRef } from "../../types.js";
import { isObject } from "../http.js";
import { normalizePackageName, packageKey, uniquePackages, type VulnerabilitySource } from "../types.js";
import { type UnzipLimits, unzipSafely } from "./safe-unzip.js";

/** Options of {@link createOsvOfflineSource}. */
export interface OsvOfflineOptions extends UnzipLimits {
  /** Reads the database (relative paths from its root). */
  fs: FileSystemPort;
  /** A folder (every `*.json` and `*.zip` below it), one `.zip` or one `.json`, relative to the port's root. */
  path: string;
  /** Progress per file read. Default: silent. */
  logger?: Logger;
  /**
   * Keeps a candidate record only when this returns something truthy for the package. Default
   * `matchAdvisory` (shared/src/patch/match.ts), so only records whose ranges contain the version are
   * returned; `false` returns every record that names the package and leaves matching to the caller.
   */
  match?: ((pkg: PackageRef, record: OsvRecord) => unknown) | false;
}

/** What the offline database holds once read. */
export interface OsvOfflineIndex {
  /** `ecosystem:normalised-name` -> the records that name that package. */
  byName: Map<string, OsvRecord[]>;
  records: number;
  files: number;
}

function nameKey(ecosystem: string, name: string): string {
  return `${ecosystem}:${normalizePackageName(ecosystem, name)}`;
}

function parseRecord(text: string, location: string): OsvRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new InputError(`not valid JSON: ${err instanceof Error ? err.message : String(err)}`, {
      location: { file: location },
      hint: "fix or delete the file, or download the database again",
      cause: err,
    });
  }
  if (!isObject(parsed) || typeof parsed.id !== "string" || typeof parsed.modified !== "string") {
    throw new InputError("not an OSV record (needs string `id` and `modified`)", {
      location: { file: location },
      hint: "the folder should hold only OSV JSON files (https://ossf.github.io/osv-schema/)",
    });
  }
  if (parsed.affected !== undefined && !Array.isArray(parsed.affected)) {
    throw new InputError("`affected` is not a list", { location: { file: location } });
  }
  return parsed as unknown as OsvRecord;
}

function addRecord(index: OsvOfflineIndex, record: OsvRecord): void {
  index.records++;
  const keys = new Set<string>();
  for (const a of record.affected ?? []) {
    if (a.package && typeof a.package.name === "string" && typeof a.package.ecosystem === "string") {
      keys.add(nameKey(a.package.ecosystem, a.package.name));
    }
  }
  for (const key of keys) {
    const list = index.byName.get(key);
    if (list) list.push(record);
    else index.byName.set(key, [record]);
  }
}

/**
 * Reads and indexes the database at `options.path`. Throws InputError naming the file for a missing
 * path, malformed JSON, a non-OSV file, or an unsafe or oversized zip (see {@link unzipSafely}).
 */
export async function loadOsvOffline(options: OsvOfflineOptions): Promise<OsvOfflineIndex> {
  const { fs, path } = options;
  const logger = options.logger ?? silentLogger;
  const index: OsvOfflineIndex = { byName: new Map(), records: 0, files: 0 };
  const decoder = new TextDecoder("utf-8", { fatal: false });

  async function readZip(file: string): Promise<void> {
    const bytes = await fs.readBytes(file);
    const before = index.records;
    unzipSafely(
      bytes,
      file,
      (name, data) => {
        if (!name.endsWith(".json")) return;
        addRecord(index, parseRecord(decoder.decode(data), `${file}!/${name}`));
      },
      options,
    );
    index.files++;
    logger.info(`osv-offline: ${file}: ${index.records - before} advisories`);
  }

  if (/\.zip$/i.test(path)) {
    await readZip(path);
    return index;
  }
  if (/\.json$/i.test(path)) {
    addRecord(index, parseRecord(await fs.readText(path), path));
    index.files++;
    return index;
  }
  const files = (await fs.walk({ dir: path, skipDirs: [".git"] })).filter((f) => /\.(json|zip)$/i.test(f));
  if (files.length === 0) {
    const what = (await fs.exists(path)) ? "holds no OSV .json or .zip files" : "does not exist";
    throw new InputError(`OSV database folder ${what}`, {
      location: { file: path },
      hint: "point it at a folder of OSV JSON files or an all.zip from https://osv-vulnerabilities.storage.googleapis.com/",
    });
  }
  for (const file of files) {
    if (/\.zip$/i.test(file)) {
      await readZip(file);
      continue;
    }
    addRecord(index, parseRecord(await fs.readText(file), file));
    index.files++;
  }
  logger.info(`osv-offline: ${index.records} advisories from ${index.files} file(s) in ${path}`);
  return index;
}

/**
 * The offline OSV source. The database is read on the first query and kept. Returns, per package, the
 * records that affect it (see `options.match`). Throws InputError from the first query
 * when the database cannot be read (see {@link loadOsvOffline}).
 */
export function createOsvOfflineSource(options: OsvOfflineOptions): VulnerabilitySource {
  let loading: Promise<OsvOfflineIndex> | undefined;
  return {
    id: "osv-offline",
    async query(packages) {
      loading ??= loadOsvOffline(options);
      let index: OsvOfflineIndex;
      try {
        index = await loading;
      } catch (err) {
        loading = undefined;
        throw err;
      }
      const byPackage = new Map<string, OsvRecord[]>();
      for (const p of uniquePackages(packages)) {
        const candidates = index.byName.get(nameKey(p.ecosystem, p.name)) ?? [];
        const match = options.match === undefined ? matchAdvisory : options.match;
        byPackage.set(packageKey(p), match ? candidates.filter((r) => match(p, r)) : [...candidates]);
      }
      return { byPackage, stats: { requests: 0, batches: 0, advisoriesFetched: 0, cacheHits: 0 } };
    },
  };
}
