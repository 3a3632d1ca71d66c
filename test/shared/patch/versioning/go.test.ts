import { goScheme, isPseudoVersion, stripV } from "@upkeep/shared/patch/versioning/go/index.js";
import { describe, expect, it } from "vitest";

describe("go versioning", () => {
  it.each([
    ["v0.0.0-20210101000000-abcdef123456", true],
    ["v1.2.4-0.20230101000000-abcdef123456", true],
    ["v1.2.3-pre.0.20230101000000-abcdef123456", true],
    ["v1.2.3-pre", false],
    ["v1.2.3", false],
    ["v1.2.3-20230101000000-abcdef123456", true],
    ["v1.2.3-rc.20230101000000-abcdef123456", false],
  ])("isPseudoVersion(%s) is %s", (v, expected) => {
    expect(isPseudoVersion(v)).toBe(expected);
  });

  it("orders pseudo-versions by commit time, below the release they precede", () => {
    const sorted = [
      "v1.3.0",
      "v1.2.4-0.20230101000000-abcdef123456",
      "v1.2.3",
      "v1.2.4-0.20220101000000-ffffffffffff",
    ].sort((a, b) => goScheme.compare(a, b));
    expect(sorted).toEqual([
      "v1.2.3",
      "v1.2.4-0.20220101000000-ffffffffffff",
      "v1.2.4-0.20230101000000-abcdef123456",
      "v1.3.0",
    ]);
  });

  it("compares go.mod's v-prefixed versions with OSV's bare ones", () => {
    expect(goScheme.compare("v0.17.0", "0.17.0")).toBe(0);
    expect(goScheme.compare("v0.16.0", "0.17.0")).toBeLessThan(0);
    expect(stripV("v0.17.0")).toBe("0.17.0");
    expect(stripV("0.17.0")).toBe("0.17.0");
  });

  it("puts a major-version-1+ module's v0 minors on separate branches and keeps majors whole", () => {
    expect(goScheme.branch("v0.3.1")).not.toBe(goScheme.branch("v0.4.0"));
    expect(goScheme.branch("v2.1.0+incompatible")).toBe(goScheme.branch("v2.9.0"));
  });
});
