import { eq, gt, prerelease, valid } from "@renovatebot/ruby-semver";
import { hasSurroundingSpace, invalidVersion } from "../invalid-version.js";
import type { VersionScheme } from "../types.js";

const EXPECTED = "a RubyGems version, e.g. 7.1.3, 2.0.0.rc1, 1.0.0.pre";

function check(v: string): string {
  if (hasSurroundingSpace(v) || valid(v) === null) throw invalidVersion("rubygems", v, EXPECTED);
  return v;
}

/** Gem::Version ordering (RubyGems) via `@renovatebot/ruby-semver`: a letter segment makes a pre-release. */
export const rubygemsScheme: VersionScheme = {
  id: "rubygems",
  isValid(v) {
    return !hasSurroundingSpace(v) && valid(v) !== null;
  },
  compare(a, b) {
    check(a);
    check(b);
    if (eq(a, b)) return 0;
    return gt(a, b) ? 1 : -1;
  },
  isPrerelease(v) {
    return prerelease(check(v)) !== null;
  },
  branch(v) {
    const [major = "0", minor = "0"] = check(v).split(/[.-]/);
    return Number(major) === 0 ? `0.${Number(minor)}` : String(Number(major));
  },
};
