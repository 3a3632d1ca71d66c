import { InputError } from "../errors.js";
import { normalizePackageName } from "./names.js";
import type { OsvAffected, OsvRange, OsvRecord } from "./osv-schema.js";
import type { PackageRef } from "./types.js";
import { goScheme } from "./versioning/go/index.js";
import { schemeForEcosystem } from "./versioning/registry.js";
import { semverScheme } from "./versioning/semver/index.js";
import type { VersionScheme } from "./versioning/types.js";

/** How one advisory applies to one installed package version. */
export interface AffectedMatch {
  advisoryId: string;
  aliases: string[];
  package: PackageRef;
  /** Index in `record.affected` of the first entry whose ranges or versions contain the installed version. */
  affectedIndex: number;
  /** Lowest fixed version on the installed version's branch; undefined when none. */
  fixedVersion?: string;
  /** All fixed versions above the installed one that no range of the advisory marks affected, ascending. */
  fixedCandidates: string[];
  /** True when only last_affected/no fixed event applies. */
  noFix: boolean;
  /** Human form of the range(s) that contain the installed version, e.g. `>=7.0.0 <7.5.2`. */
  rangeText: string;
}

interface EventPoint {
  kind: "introduced" | "fixed" | "last_affected";
  version: string;
}

interface Interval {
  entry: number;
  scheme: VersionScheme;
  /** Undefined: from the first version (`introduced: "0"`). */
  introduced?: string;
  end?: { kind: "fixed" | "last_affected"; version: string };
  /** OSV `limit` events of the range: a version must be below one of them. */
  limits: string[];
}

export { normalizePackageName } from "./names.js";

/** OSV ecosystems may carry a suffix (`Maven:https://maven.google.com`, `Packagist:https://...`). */
function baseEcosystem(ecosystem: string): string {
  const i = ecosystem.indexOf(":");
  return i < 0 ? ecosystem : ecosystem.slice(0, i);
}

function namesPackage(affected: OsvAffected, pkg: PackageRef): boolean {
  const p = affected.package;
  if (!p || baseEcosystem(p.ecosystem) !== pkg.ecosystem) return false;
  return normalizePackageName(pkg.ecosystem, p.name) === normalizePackageName(pkg.ecosystem, pkg.name);
}

/** OSV `SEMVER` ranges use SemVer precedence whatever the ecosystem, unless the installed version is not SemVer. */
function schemeForRange(range: OsvRange, pkg: PackageRef, ecosystemScheme: VersionScheme): VersionScheme {
  if (range.type !== "SEMVER") return ecosystemScheme;
  const semverLike = pkg.ecosystem === "Go" ? goScheme : semverScheme;
  return semverLike.isValid(pkg.version) ? semverLike : ecosystemScheme;
}

function checkedCompare(scheme: VersionScheme, a: string, b: string, record: OsvRecord): number {
  for (const v of [a, b]) {
    if (!scheme.isValid(v)) {
      throw new InputError(`advisory ${record.id} gives version "${v}", which is not a valid ${scheme.id} version`, {
        hint: "the advisory's data is malformed; report it to its database, or exclude the advisory",
      });
    }
  }
  return scheme.compare(a, b);
}

/** Turns one range's events into intervals, walking them in version order as the OSV evaluation does. */
function intervalsOf(range: OsvRange, entry: number, scheme: VersionScheme, record: OsvRecord): Interval[] {
  const limits = range.events.flatMap((e) => (e.limit !== undefined && !e.limit.includes("*") ? [e.limit] : []));
  const points = range.events.flatMap((e): EventPoint[] => {
    if (e.introduced !== undefined) return [{ kind: "introduced", version: e.introduced }];
    if (e.fixed !== undefined) return [{ kind: "fixed", version: e.fixed }];
    if (e.last_affected !== undefined) return [{ kind: "last_affected", version: e.last_affected }];
    return [];
  });
  const isStart = (p: EventPoint): boolean => p.kind === "introduced" && p.version === "0";
  points.sort((a, b) => {
    if (isStart(a) || isStart(b)) return Number(isStart(b)) - Number(isStart(a));
    return checkedCompare(scheme, a.version, b.version, record);
  });
  const out: Interval[] = [];
  let open: Interval | undefined;
  for (const p of points) {
    if (p.kind === "introduced") {
      // A second `introduced` inside an open interval changes nothing: the version is already affected.
      if (!open) open = { entry, scheme, limits, ...(isStart(p) ? {} : { introduced: p.version }) };
      continue;
    }
    if (!open) continue;
    out.push({ ...open, end: { kind: p.kind, version: p.version } });
    open = undefined;
  }
  if (open) out.push(open);
  return out;
}

function contains(interval: Interval, v: string, record: OsvRecord): boolean {
  const { scheme, introduced, end, limits } = interval;
  if (introduced !== undefined && checkedCompare(scheme, v, introduced, record) < 0) return false;
  if (end?.kind === "fixed" && checkedCompare(scheme, v, end.version, record) >= 0) return false;
  if (end?.kind === "last_affected" && checkedCompare(scheme, v, end.version, record) > 0) return false;
  return limits.length === 0 || limits.some((l) => checkedCompare(scheme, v, l, record) < 0);
}

function describe(interval: Interval): string {
  const parts: string[] = [];
  if (interval.introduced !== undefined) parts.push(`>=${interval.introduced}`);
  if (interval.end) parts.push(`${interval.end.kind === "fixed" ? "<" : "<="}${interval.end.version}`);
  else if (interval.limits.length > 0) parts.push(`<${interval.limits.join(" | <")}`);
  return parts.length > 0 ? parts.join(" ") : "all versions";
}

/**
 * Whether `record` affects `pkg` at its installed version, following the OSV evaluation rules
 * (https://ossf.github.io/osv-schema/#evaluation): every `affected[]` entry naming the package (PyPI names
 * PEP 503-normalised), every `SEMVER`/`ECOSYSTEM` range (events sorted by version, `introduced: "0"` from
 * the start, `fixed` exclusive, `last_affected` inclusive, `limit` an exclusive ceiling) and every explicit
 * `versions` entry. `GIT` ranges are ignored (they need the repository). Withdrawn advisories never match.
 * The fix reported is the lowest `fixed` version that closes the range the installed version is in, so
 * 6.0.0 against `<5.7.2 | >=6.0.0 <6.3.1 | >=7.0.0 <7.5.2` gets 6.3.1, not 7.5.2. For Go, fixed versions
 * get a `v` when the installed version has one (OSV writes Go versions without it).
 *
 * Returns undefined when the package is not affected. Throws InputError naming the package and version
 * when the installed version is not valid in the ecosystem's scheme, or naming the advisory when one of
 * its versions is malformed.
 */
export function matchAdvisory(pkg: PackageRef, record: OsvRecord): AffectedMatch | undefined {
  if (record.withdrawn) return undefined;
  const entries = (record.affected ?? []).map((a, i) => [a, i] as const).filter(([a]) => namesPackage(a, pkg));
  if (entries.length === 0) return undefined;

  const scheme = schemeForEcosystem(pkg.ecosystem);
  if (!scheme.isValid(pkg.version)) {
    throw new InputError(
      `${pkg.ecosystem} package ${pkg.name}: version "${pkg.version}" is not a valid ${scheme.id} version`,
      {
        hint: "check the lockfile entry; the package is listed as skipped until its version can be read",
      },
    );
  }

  const intervals: Interval[] = [];
  const listedHits: number[] = [];
  for (const [affected, index] of entries) {
    for (const range of affected.ranges ?? []) {
      if (range.type !== "SEMVER" && range.type !== "ECOSYSTEM") continue;
      intervals.push(...intervalsOf(range, index, schemeForRange(range, pkg, scheme), record));
    }
    const listed = (affected.versions ?? []).some((v) =>
      scheme.isValid(v) ? scheme.compare(v, pkg.version) === 0 : v === pkg.version,
    );
    if (listed) listedHits.push(index);
  }

  const containing = intervals.filter((i) => contains(i, pkg.version, record));
  if (containing.length === 0 && listedHits.length === 0) return undefined;

  const isAffected = (v: string): boolean =>
    intervals.some((i) => contains(i, v, record)) ||
    entries.some(([a]) => (a.versions ?? []).some((x) => scheme.isValid(x) && scheme.compare(x, v) === 0));

  const candidates: string[] = [];
  for (const i of intervals) {
    const fixed = i.end?.kind === "fixed" ? i.end.version : undefined;
    if (fixed === undefined || i.scheme.compare(fixed, pkg.version) <= 0 || isAffected(fixed)) continue;
    if (!candidates.some((c) => scheme.compare(c, fixed) === 0)) candidates.push(fixed);
  }
  candidates.sort((a, b) => scheme.compare(a, b));

  let fixedVersion: string | undefined;
  let noFix: boolean;
  if (containing.length > 0) {
    noFix = containing.some((i) => i.end?.kind !== "fixed");
    if (!noFix) {
      const floor = containing.map((i) => i.end!.version).sort((a, b) => scheme.compare(b, a))[0]!;
      fixedVersion = candidates.find((c) => scheme.compare(c, floor) >= 0);
    }
  } else {
    // Matched only by an explicit `versions` entry: prefer a fix on the installed version's own line.
    const line = scheme.branch(pkg.version);
    fixedVersion = candidates.find((c) => scheme.branch(c) === line) ?? candidates[0];
    noFix = candidates.length === 0;
  }

  const withV = (v: string): string =>
    pkg.ecosystem === "Go" && pkg.version.startsWith("v") && !v.startsWith("v") ? `v${v}` : v;
  const affectedIndex = Math.min(...containing.map((i) => i.entry), ...listedHits);
  const rangeText =
    containing.length > 0 ? [...new Set(containing.map(describe))].join(" || ") : `=${pkg.version} (listed version)`;
  return {
    advisoryId: record.id,
    aliases: [...(record.aliases ?? [])],
    package: { ecosystem: pkg.ecosystem, name: pkg.name, version: pkg.version },
    affectedIndex,
    ...(fixedVersion === undefined ? {} : { fixedVersion: withV(fixedVersion) }),
    fixedCandidates: candidates.map(withV),
    noFix,
    rangeText,
  };
}
