import semver from "semver";
import type { Release } from "./datasources/types.js";

/** What brings a fixed version of a transitive dependency in. */
export type UpgradeAdvice =
  /** The current direct dependency already allows the fix: refreshing the lockfile (`npm update`) is enough. */
  | { kind: "refresh"; name: string; version: string }
  /** The lowest release of the direct dependency whose dependency ranges resolve to the fix. */
  | { kind: "direct-upgrade"; name: string; from: string; to: string };

/** `name@version` → [name, version]; scoped names keep their leading `@`. */
function split(entry: string): [string, string] {
  const i = entry.lastIndexOf("@");
  return i > 0 ? [entry.slice(0, i), entry.slice(i + 1)] : [entry, ""];
}

/** How many releases of the direct dependency are tried at most (newest majors can be far away). */
const MAX_CANDIDATES = 300;

/**
 * The smallest change to the direct dependency at the head of `path` (`["a@1.0.0", "b@2.0.0",
 * "vulnerable@1.2.3"]`) that makes npm's resolution (the highest release satisfying each range, no
 * pre-releases) reach `fixed` or later for the last package. Reads each package's releases and their
 * declared `dependencies`/`optionalDependencies` through `releasesOf`. Undefined when the path is a direct
 * dependency, when some hop's ranges are unknown, or when no release of the direct dependency up to
 * {@link MAX_CANDIDATES} above the installed one gets there. npm semantics only (semver ranges).
 */
export async function npmUpgradeAdvice(
  path: readonly string[],
  fixed: string,
  releasesOf: (name: string) => Promise<Release[] | undefined>,
): Promise<UpgradeAdvice | undefined> {
  if (path.length < 2 || !semver.valid(fixed)) return undefined;
  const names = path.map((p) => split(p)[0]);
  const [direct, installed] = split(path[0]!);

  async function resolveFrom(directVersion: string): Promise<string | undefined> {
    let name = direct;
    let version = directVersion;
    for (const next of names.slice(1)) {
      const rel = (await releasesOf(name))?.find((r) => r.version === version);
      const range = rel?.dependencies?.[next];
      if (!range) return undefined;
      const candidates = ((await releasesOf(next)) ?? [])
        .map((r) => r.version)
        .filter((v) => semver.valid(v) && !semver.prerelease(v));
      const picked = semver.maxSatisfying(candidates, range);
      if (!picked) return undefined;
      name = next;
      version = picked;
    }
    return version;
  }

  const now = await resolveFrom(installed);
  if (now && semver.gte(now, fixed)) return { kind: "refresh", name: direct, version: installed };
  const releases = (await releasesOf(direct)) ?? [];
  const newer = releases
    .filter(
      (r) =>
        semver.valid(r.version) && !semver.prerelease(r.version) && !r.deprecated && semver.gt(r.version, installed),
    )
    .map((r) => r.version)
    .sort(semver.compare)
    .slice(0, MAX_CANDIDATES);
  for (const v of newer) {
    const reached = await resolveFrom(v);
    if (reached && semver.gte(reached, fixed)) return { kind: "direct-upgrade", name: direct, from: installed, to: v };
  }
  return undefined;
}
