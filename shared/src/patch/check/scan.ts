/** One scan of a tree (the working tree, or the PR base through git): lockfiles, advisories, hits. */
import { InputError } from "../../errors.js";
import type { FileSystemPort } from "../../ports.js";
import { packageKey, uniquePackages } from "../datasources/types.js";
import type { OsvRecord } from "../osv-schema.js";
import type { VulnerabilityHit } from "../policy.js";
import type { ParsedLockfile, ScannedPackage, SkippedEntry } from "../types.js";
import { npmUpgradeAdvice } from "../upgrade.js";
import { schemeForEcosystem } from "../versioning/registry.js";
import { type AdvisoryGroupHit, advisoryGroupHits, advisoryHelpUri } from "./advisory-groups.js";
import { dependencyPaths } from "./dependency-paths.js";
import { discoverLockfiles } from "./discover.js";
import { parseLockfiles, type UnreadableLockfile } from "./parse.js";
import type { ReleasesOf } from "./releases.js";
import type { PatchCheckData, PatchCheckOptions, PatchCheckPorts } from "./types.js";

/** What one scan found. */
export interface Scan {
  locks: ParsedLockfile[];
  /** Lockfiles that could not be read (each an error finding); the others are scanned all the same. */
  unreadable: UnreadableLockfile[];
  /** Lockfiles the ignore paths left out (tests, fixtures, examples...). */
  ignored: string[];
  skipped: SkippedEntry[];
  hits: VulnerabilityHit[];
  sources: PatchCheckData["sources"];
}

/**
 * Discovers and parses the lockfiles below `fs` (fail closed), queries every advisory source for the
 * unique package versions (newest `modified` wins per advisory id), and turns matches into hits with
 * fix dates, dependency paths and, when `adviseUpgrades`, npm upgrade advice. A record whose range
 * cannot be read skips the package (listed in `skipped`); a lockfile that cannot be read is returned in
 * `unreadable` and the rest are scanned. Throws InputError for a path that does not exist and whatever a
 * source throws (ExternalServiceError).
 */
export async function scanTree(
  fs: FileSystemPort,
  options: PatchCheckOptions,
  ports: Pick<PatchCheckPorts, "logger">,
  releasesOf: ReleasesOf,
  adviseUpgrades: boolean,
): Promise<Scan> {
  const { logger } = ports;
  const found = await discoverLockfiles(fs, options.paths, options.exclude, options.ignorePaths);
  const { parsed: locks, unreadable } = await parseLockfiles(fs, found.files, logger);
  const skipped = [...found.skipped, ...locks.flatMap((l) => l.skipped)];
  const all = locks.flatMap((l) => l.packages);
  const unique = uniquePackages(all);
  const records = new Map<string, Map<string, OsvRecord>>();
  const sources: Scan["sources"] = {};
  for (const source of options.sources) {
    logger.info(`querying ${source.id} for ${unique.length} package versions`);
    const r = await source.query(unique);
    sources[source.id] = r.stats;
    for (const [key, recs] of r.byPackage) {
      let byId = records.get(key);
      if (!byId) {
        byId = new Map();
        records.set(key, byId);
      }
      for (const rec of recs) {
        const prev = byId.get(rec.id);
        if (!prev || prev.modified < rec.modified) byId.set(rec.id, rec);
      }
    }
  }

  const hitsByKey = new Map<string, AdvisoryGroupHit[]>();
  for (const p of unique) {
    const recs = [...(records.get(packageKey(p))?.values() ?? [])];
    if (recs.length === 0) continue;
    try {
      hitsByKey.set(packageKey(p), advisoryGroupHits(p as ScannedPackage, recs));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      const at = all.find((q) => packageKey(q) === packageKey(p));
      skipped.push({ file: at?.file ?? "", ...(at?.line ? { line: at.line } : {}), name: p.name, reason: err.message });
    }
  }

  const hits: VulnerabilityHit[] = [];
  for (const lock of locks) {
    const paths = dependencyPaths(lock);
    const seen = new Set<string>();
    for (const p of lock.packages) {
      const groups = hitsByKey.get(packageKey(p));
      if (!groups) continue;
      for (const g of groups) {
        const once = `${g.advisoryId}|${packageKey(p)}`;
        if (seen.has(once)) continue;
        seen.add(once);
        let fixAvailableSince: VulnerabilityHit["fixAvailableSince"];
        if (g.match.fixedVersion) {
          const rel = await releasesOf(p.ecosystem, p.name);
          const scheme = schemeForEcosystem(p.ecosystem);
          const fixRelease = rel?.find(
            (r) => scheme.isValid(r.version) && scheme.compare(r.version, g.match.fixedVersion!) === 0,
          );
          if (fixRelease?.publishedAt) fixAvailableSince = { date: fixRelease.publishedAt, source: "registry" };
          else if (g.published) fixAvailableSince = { date: g.published, source: "advisory" };
        }
        const path = paths.get(p.id);
        const upgrade =
          adviseUpgrades && p.ecosystem === "npm" && !p.direct && path && path.length > 1 && g.match.fixedVersion
            ? await npmUpgradeAdvice(path, g.match.fixedVersion, (name) => releasesOf("npm", name))
            : undefined;
        hits.push({
          advisoryId: g.advisoryId,
          ids: g.ids,
          summary: g.summary,
          severity: g.severity,
          pkg: p,
          ...(g.match.fixedVersion ? { fixedVersion: g.match.fixedVersion } : {}),
          noFix: g.match.noFix,
          rangeText: g.match.rangeText,
          ...(g.published ? { published: g.published } : {}),
          ...(fixAvailableSince ? { fixAvailableSince } : {}),
          helpUri: advisoryHelpUri(g.advisoryId),
          ...(path ? { path } : {}),
          ...(upgrade ? { upgrade } : {}),
        });
      }
    }
  }
  return { locks, unreadable, ignored: found.ignored, skipped, hits, sources };
}
