import { InputError } from "@upkeep/shared/errors.js";
import { ECOSYSTEMS } from "@upkeep/shared/patch/types.js";
import { ECOSYSTEM_SCHEMES, schemeForEcosystem, versionSchemes } from "@upkeep/shared/patch/versioning/registry.js";
import { describe, expect, it } from "vitest";

/** Each scheme's versions in ascending order; `=` joins two spellings of the same version. */
const ORDERINGS: Record<string, string[]> = {
  semver: [
    "0.0.1",
    "0.9.0",
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0=1.0.0+build.5",
    "1.0.1",
    "1.10.0",
    "2.0.0",
  ],
  pep440: ["0.9", "1.0.dev1", "1.0a1", "1.0b2", "1.0rc1", "1.0=1.0.0", "1.0.post1", "1.0.1", "1.10", "2!0.1"],
  go: [
    "v0.0.0-20210101000000-abcdef123456",
    "v0.0.0-20220101000000-123456abcdef",
    "v0.1.0",
    "0.17.0=v0.17.0",
    "v1.2.3",
    "v1.2.4-0.20230101000000-abcdef123456",
    "v1.2.4",
    "v2.0.0+incompatible=2.0.0",
    "v2.1.0+incompatible",
  ],
  rubygems: ["0.9", "1.0.0.a", "1.0.0.beta1", "1.0.0.rc1", "1.0.0=1.0", "1.0.1", "1.10"],
  composer: [
    "1.0.0-dev",
    "1.0.0-alpha1-dev",
    "1.0.0-alpha1",
    "1.0.0-beta",
    "1.0.0-beta2",
    "1.0.0-RC1",
    "1.0.0=v1.0.0=1.0",
    "1.0.0-p1",
    "1.0.1",
    "1.10.0.1",
  ],
  maven: [
    "1.0-alpha-1=1.0a1",
    "1.0-alpha-2",
    "1.0-beta-1",
    "1.0-milestone-1=1.0-m1",
    "1.0-rc-1=1.0-cr-1",
    "1.0-SNAPSHOT",
    "1.0=1.0.0=1.0-ga=1.0.0.Final=1.0-RELEASE",
    "1.0-sp-1",
    "1.0.1",
    "2.4=2.4.0",
    "2.4.1",
    "2.10",
    "10.0",
  ],
};

const INVALID: Record<string, string[]> = {
  semver: ["", "1.2", "not-a-version", " 1.2.3", "1.2.3.4"],
  pep440: ["", "1.0-foo-bar", "not a version", "1.0 "],
  go: ["", "v1.2", "vv1.2.3", "1.2.3.4", "master"],
  rubygems: ["", "1.0 beta", "a.b.c", "1..0"],
  composer: ["", "dev-main", "1.x-dev", "1.2.3.4.5", "banana"],
  maven: ["", "alpha", "1.0 beta", "1.0/2"],
};

const PRERELEASES: Record<string, { yes: string[]; no: string[] }> = {
  semver: { yes: ["1.0.0-rc.1"], no: ["1.0.0", "1.0.0+build"] },
  pep440: { yes: ["1.0rc1", "1.0.dev3"], no: ["1.0", "1.0.post1"] },
  go: { yes: ["v1.2.3-pre", "v0.0.0-20210101000000-abcdef123456"], no: ["v1.2.3", "v2.0.0+incompatible"] },
  rubygems: { yes: ["1.0.0.rc1", "1.0.0.pre"], no: ["1.0.0"] },
  composer: { yes: ["1.0.0-RC1", "1.0.0-dev"], no: ["1.0.0", "1.0.0-p1"] },
  maven: { yes: ["1.0-SNAPSHOT", "1.0-rc1", "2.0.0-beta-1"], no: ["1.0", "1.0-sp1", "1.0.0.RELEASE"] },
};

const schemes = [...versionSchemes.values()];

describe("version scheme registry", () => {
  it.each(ECOSYSTEMS)("maps the %s ecosystem to a registered scheme", (ecosystem) => {
    expect(versionSchemes.get(ECOSYSTEM_SCHEMES[ecosystem])).toBe(schemeForEcosystem(ecosystem));
  });

  it("keys every scheme by its own id", () => {
    for (const [id, scheme] of versionSchemes) expect(scheme.id).toBe(id);
  });

  it("has ordering, invalid and pre-release tables for every registered scheme", () => {
    for (const s of schemes) {
      expect(ORDERINGS[s.id], s.id).toBeDefined();
      expect(INVALID[s.id], s.id).toBeDefined();
      expect(PRERELEASES[s.id], s.id).toBeDefined();
    }
  });
});

describe.each(schemes.map((s) => [s.id, s] as const))("%s scheme contract", (id, scheme) => {
  const groups = (ORDERINGS[id] ?? []).map((g) => g.split("="));

  it("orders its table ascending, in both directions", () => {
    for (let i = 0; i < groups.length; i++) {
      for (let j = 0; j < groups.length; j++) {
        for (const a of groups[i]!) {
          for (const b of groups[j]!) {
            const got = Math.sign(scheme.compare(a, b));
            expect(got, `${a} vs ${b}`).toBe(Math.sign(i - j));
          }
        }
      }
    }
  });

  it("accepts every version of its table", () => {
    for (const v of groups.flat()) expect(scheme.isValid(v), v).toBe(true);
  });

  it.each(INVALID[id] ?? [])("rejects %j: isValid false, compare/isPrerelease/branch throw InputError", (bad) => {
    const good = groups[0]![0]!;
    expect(scheme.isValid(bad)).toBe(false);
    expect(() => scheme.compare(bad, good)).toThrow(InputError);
    expect(() => scheme.compare(good, bad)).toThrow(InputError);
    expect(() => scheme.isPrerelease(bad)).toThrow(InputError);
    expect(() => scheme.branch(bad)).toThrow(InputError);
  });

  it("names the bad string and the scheme in the error", () => {
    expect(() => scheme.compare("%%%", groups[0]![0]!)).toThrow(`"%%%" is not a valid ${id} version`);
  });

  it("tells pre-releases from releases", () => {
    for (const v of PRERELEASES[id]?.yes ?? []) expect(scheme.isPrerelease(v), v).toBe(true);
    for (const v of PRERELEASES[id]?.no ?? []) expect(scheme.isPrerelease(v), v).toBe(false);
  });

  it("gives equal versions the same branch", () => {
    for (const group of groups) expect(new Set(group.map((v) => scheme.branch(v))).size, group.join("=")).toBe(1);
  });
});
