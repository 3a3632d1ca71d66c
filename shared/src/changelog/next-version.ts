import semver from "semver";
import { DEFAULT_TYPES } from "./section-types.js";
import type { ChangelogEntry, ReleaseType, SectionType } from "./types.js";

/**
 * The bump `entries` ask for: `major` for any breaking change, `minor` for a `feat`/`feature`,
 * `patch` for any other type shown in the notes (fix, perf, revert by default); undefined when only
 * hidden types (docs, chore, ...) or non-conventional commits are there (nothing to release).
 */
export function releaseTypeOf(
  entries: readonly ChangelogEntry[],
  types: readonly SectionType[] = DEFAULT_TYPES,
): ReleaseType | undefined {
  let level: ReleaseType | undefined;
  for (const e of entries) {
    if (e.breaking) return "major";
    const key = (e.revert ? "revert" : (e.type ?? "")).toLowerCase();
    if (key === "feat" || key === "feature") level = "minor";
    else if (level === undefined && types.some((t) => t.type === key && !t.hidden)) level = "patch";
  }
  return level;
}

/** Options of {@link nextVersion}. */
export interface NextVersionOptions {
  /**
   * Before 1.0.0, a breaking change bumps the minor version and a feature the patch version
   * (release-please's `bump-minor-pre-major` and `bump-patch-for-minor-pre-major`, both on).
   * Default true. When false, release-please's defaults apply: breaking → 1.0.0, feature → minor.
   */
  preMajor?: boolean;
  /** Pre-release identifier (`rc` → `1.3.0-rc.0`, then `rc.1`); default none. */
  prerelease?: string;
  /** Version of the first release when there is no release tag yet; default `1.0.0`. */
  initialVersion?: string;
}

/**
 * The next version after `lastStable` (undefined: no release yet) given the bump, and `lastTagged`,
 * the newest release (possibly a pre-release). A pre-release continues its series (`1.3.0-rc.0` →
 * `1.3.0-rc.1`) while the target stays the same, and starts a new one (`-rc.0`) otherwise; without
 * `prerelease` the target is released as is. Throws Error on an invalid version.
 */
export function nextVersion(
  lastStable: string | undefined,
  lastTagged: string | undefined,
  type: ReleaseType,
  options: NextVersionOptions = {},
): string {
  const preMajor = options.preMajor ?? true;
  let target: string;
  if (lastStable === undefined) {
    target = options.initialVersion ?? "1.0.0";
  } else {
    const v = semver.parse(lastStable);
    if (!v) throw new Error(`invalid version ${lastStable}`);
    let bump: ReleaseType = type;
    if (v.major === 0 && preMajor) bump = type === "major" ? "minor" : "patch";
    target = semver.inc(lastStable, bump) ?? lastStable;
  }
  if (!options.prerelease) return target;
  const id = options.prerelease;
  const last = lastTagged ? semver.parse(lastTagged) : null;
  if (
    last &&
    last.prerelease.length > 0 &&
    `${last.major}.${last.minor}.${last.patch}` === target &&
    last.prerelease[0] === id
  ) {
    const n = typeof last.prerelease[1] === "number" ? last.prerelease[1] + 1 : 0;
    return `${target}-${id}.${n}`;
  }
  if (last && last.prerelease.length > 0 && semver.gt(`${last.major}.${last.minor}.${last.patch}`, target)) {
    // A series already aims past the computed target (e.g. 2.0.0-rc.0 after 1.x): keep aiming there.
    const base = `${last.major}.${last.minor}.${last.patch}`;
    const n = last.prerelease[0] === id && typeof last.prerelease[1] === "number" ? last.prerelease[1] + 1 : 0;
    return `${base}-${id}.${n}`;
  }
  return `${target}-${id}.0`;
}
