import semver from "semver";
import { hasSurroundingSpace, invalidVersion } from "../invalid-version.js";
import type { VersionScheme } from "../types.js";

/*
 * Go module versions (https://go.dev/ref/mod#versions) are SemVer 2.0 with a mandatory `v` in go.mod, while
 * OSV writes them without it. No maintained npm package implements golang.org/x/mod/semver, but its
 * ordering is exactly SemVer precedence: pseudo-versions (`v0.0.0-20210101000000-abcdef123456`,
 * `v1.2.4-0.2021...`, `v1.2.3-pre.0.2021...`) are pre-releases built to sort before the next release and
 * by timestamp among themselves, and `+incompatible` is build metadata that precedence ignores. So the
 * `semver` package does the comparing; this file only adds what is Go's: the optional `v`, Go's strictness
 * (no `=` prefix), and pseudo-version recognition.
 */

const EXPECTED = "a Go module version, e.g. v1.2.3, 0.17.0, v2.0.0+incompatible or a pseudo-version";
const PSEUDO_TAIL = /^\d{14}-[0-9a-f]{12}$/;

function parse(v: string): semver.SemVer {
  const bare = stripV(v);
  const parsed = hasSurroundingSpace(v) || !/^\d/.test(bare) ? null : semver.parse(bare);
  if (!parsed) throw invalidVersion("go", v, EXPECTED);
  return parsed;
}

/** `v1.2.3` → `1.2.3`; OSV's Go versions have no `v`, go.mod's always do. */
export function stripV(v: string): string {
  return v.startsWith("v") ? v.slice(1) : v;
}

/** True for a pseudo-version (a commit with no tag), whose fix is usually "move to a tagged release". */
export function isPseudoVersion(v: string): boolean {
  const pre = semver.parse(stripV(v))?.prerelease.map(String) ?? [];
  const tail = pre.at(-1);
  if (tail === undefined || !PSEUDO_TAIL.test(tail)) return false;
  // vX.0.0-TIMESTAMP-HASH, or vX.Y.Z-0.TIMESTAMP-HASH / vX.Y.Z-pre.0.TIMESTAMP-HASH (based on a tag)
  return pre.length === 1 || pre.at(-2) === "0";
}

/** Go module ordering: SemVer precedence with an optional `v`, pseudo-versions and `+incompatible`. */
export const goScheme: VersionScheme = {
  id: "go",
  isValid(v) {
    try {
      parse(v);
      return true;
    } catch {
      return false;
    }
  },
  compare(a, b) {
    return semver.compare(parse(a), parse(b));
  },
  isPrerelease(v) {
    return parse(v).prerelease.length > 0;
  },
  branch(v) {
    const p = parse(v);
    return p.major === 0 ? `v0.${p.minor}` : `v${p.major}`;
  },
};
