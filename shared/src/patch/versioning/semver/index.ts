import semver from "semver";
import { hasSurroundingSpace, invalidVersion } from "../invalid-version.js";
import type { VersionScheme } from "../types.js";

const EXPECTED = "SemVer 2.0 MAJOR.MINOR.PATCH[-prerelease][+build], e.g. 1.4.2 or 2.0.0-rc.1";

function parse(v: string): semver.SemVer {
  const parsed = hasSurroundingSpace(v) ? null : semver.parse(v);
  if (!parsed) throw invalidVersion("semver", v, EXPECTED);
  return parsed;
}

/**
 * SemVer 2.0 precedence (npm, crates.io and OSV `SEMVER` ranges), via the `semver` package in strict mode.
 * A leading `v` is tolerated because the package accepts it; build metadata is ignored for ordering.
 */
export const semverScheme: VersionScheme = {
  id: "semver",
  isValid(v) {
    return !hasSurroundingSpace(v) && semver.parse(v) !== null;
  },
  compare(a, b) {
    return semver.compare(parse(a), parse(b));
  },
  isPrerelease(v) {
    return parse(v).prerelease.length > 0;
  },
  branch(v) {
    const p = parse(v);
    return p.major === 0 ? `0.${p.minor}` : String(p.major);
  },
};
