import { InputError } from "@upkeep/shared/errors.js";
import { matchAdvisory, normalizePackageName } from "@upkeep/shared/patch/match.js";
import type { OsvAffected, OsvRecord } from "@upkeep/shared/patch/osv-schema.js";
import type { Ecosystem, PackageRef } from "@upkeep/shared/patch/types.js";
import { describe, expect, it } from "vitest";

function record(affected: OsvAffected[], extra: Partial<OsvRecord> = {}): OsvRecord {
  return { id: "TEST-1", modified: "2024-01-01T00:00:00Z", aliases: ["CVE-2024-0001"], affected, ...extra };
}

function npm(name: string, ranges: OsvAffected["ranges"], versions?: string[]): OsvAffected {
  return { package: { ecosystem: "npm", name }, ranges, ...(versions ? { versions } : {}) };
}

const pkg = (version: string, name = "lib", ecosystem: Ecosystem = "npm"): PackageRef => ({ ecosystem, name, version });

describe("normalizePackageName", () => {
  it.each([
    ["PyPI", "Jinja2", "jinja2"],
    ["PyPI", "zope.interface", "zope-interface"],
    ["PyPI", "Typing__Extensions", "typing-extensions"],
    ["Packagist", "Symfony/HTTP-Kernel", "symfony/http-kernel"],
    ["npm", "@Scope/Pkg", "@Scope/Pkg"],
    ["Go", "github.com/BurntSushi/toml", "github.com/BurntSushi/toml"],
    ["Maven", "org.apache.logging.log4j:log4j-core", "org.apache.logging.log4j:log4j-core"],
    ["RubyGems", "ActiveSupport", "ActiveSupport"],
  ] as const)("%s %s → %s", (ecosystem, name, expected) => {
    expect(normalizePackageName(ecosystem, name)).toBe(expected);
  });
});

describe("matchAdvisory event semantics", () => {
  it.each([
    // [events, installed, affected?]
    [[{ introduced: "0" }], "0.0.1", true],
    [[{ introduced: "0" }], "99.0.0", true],
    [[{ introduced: "1.0.0" }, { fixed: "1.0.2" }], "1.0.0", true],
    [[{ introduced: "1.0.0" }, { fixed: "1.0.2" }], "0.9.9", false],
    [[{ introduced: "1.0.0" }, { fixed: "1.0.2" }], "1.0.2", false],
    [[{ introduced: "1.0.0" }, { last_affected: "1.0.2" }], "1.0.2", true],
    [[{ introduced: "1.0.0" }, { last_affected: "1.0.2" }], "1.0.3", false],
    [[{ introduced: "1.0.0" }, { limit: "2.0.0" }], "1.9.9", true],
    [[{ introduced: "1.0.0" }, { limit: "2.0.0" }], "2.0.0", false],
    [[{ introduced: "1.0.0" }, { limit: "*" }], "9.0.0", true],
    // several intervals in one events array, written out of order
    [[{ fixed: "3.2.5" }, { introduced: "3.0.0" }, { fixed: "1.0.2" }, { introduced: "1.0.0" }], "3.1.0", true],
    [[{ fixed: "3.2.5" }, { introduced: "3.0.0" }, { fixed: "1.0.2" }, { introduced: "1.0.0" }], "2.0.0", false],
  ])("%j contains %s: %s", (events, installed, affected) => {
    const r = record([npm("lib", [{ type: "ECOSYSTEM", events }])]);
    expect(matchAdvisory(pkg(installed), r) !== undefined).toBe(affected);
  });

  it("reports the fix that closes the installed version's interval inside one events array", () => {
    const r = record([
      npm("lib", [
        {
          type: "SEMVER",
          events: [{ introduced: "3.0.0" }, { fixed: "3.2.5" }, { introduced: "1.0.0" }, { fixed: "1.0.2" }],
        },
      ]),
    ]);
    expect(matchAdvisory(pkg("1.0.1"), r)).toMatchObject({
      fixedVersion: "1.0.2",
      fixedCandidates: ["1.0.2", "3.2.5"],
    });
    expect(matchAdvisory(pkg("3.0.0"), r)).toMatchObject({
      fixedVersion: "3.2.5",
      fixedCandidates: ["3.2.5"],
      rangeText: ">=3.0.0 <3.2.5",
    });
  });

  it("treats a range closed only by a limit as having no fix", () => {
    const r = record([npm("lib", [{ type: "ECOSYSTEM", events: [{ introduced: "1.0.0" }, { limit: "2.0.0" }] }])]);
    expect(matchAdvisory(pkg("1.5.0"), r)).toMatchObject({
      noFix: true,
      fixedCandidates: [],
      rangeText: ">=1.0.0 <2.0.0",
    });
  });

  it("never offers a 'fix' that another range still marks affected", () => {
    const r = record([
      npm("lib", [
        { type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1.2.0" }] },
        { type: "ECOSYSTEM", events: [{ introduced: "1.1.0" }, { fixed: "1.4.0" }] },
      ]),
    ]);
    const m = matchAdvisory(pkg("1.1.5"), r);
    expect(m).toMatchObject({ fixedVersion: "1.4.0", fixedCandidates: ["1.4.0"] });
  });

  it("matches explicit versions lists and prefers a fix on the installed branch", () => {
    const r = record([
      npm(
        "lib",
        [{ type: "GIT", repo: "https://example.invalid/lib", events: [{ introduced: "abc" }, { fixed: "def" }] }],
        ["1.2.3", "2.0.0"],
      ),
      npm("lib", [
        {
          type: "ECOSYSTEM",
          events: [{ introduced: "5.0.0" }, { fixed: "5.0.1" }, { introduced: "1.9.0" }, { fixed: "1.9.1" }],
        },
      ]),
    ]);
    expect(matchAdvisory(pkg("1.2.3"), r)).toMatchObject({
      affectedIndex: 0,
      fixedVersion: "1.9.1",
      fixedCandidates: ["1.9.1", "5.0.1"],
      noFix: false,
      rangeText: "=1.2.3 (listed version)",
    });
    expect(matchAdvisory(pkg("1.2.4"), r)).toBeUndefined();
  });

  it("ignores GIT ranges for package matching", () => {
    const r = record([
      npm("lib", [{ type: "GIT", repo: "https://example.invalid/lib", events: [{ introduced: "0" }] }]),
    ]);
    expect(matchAdvisory(pkg("1.0.0"), r)).toBeUndefined();
  });

  it("never matches a withdrawn advisory", () => {
    const r = record([npm("lib", [{ type: "ECOSYSTEM", events: [{ introduced: "0" }] }])], {
      withdrawn: "2024-02-01T00:00:00Z",
    });
    expect(matchAdvisory(pkg("1.0.0"), r)).toBeUndefined();
  });

  it("accepts an ecosystem with a repository suffix", () => {
    const r = record([
      {
        package: { ecosystem: "Maven:https://maven.google.com", name: "androidx.core:core" },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1.2.0" }] }],
      },
    ]);
    expect(matchAdvisory(pkg("1.1.0", "androidx.core:core", "Maven"), r)?.fixedVersion).toBe("1.2.0");
  });

  it("does not confuse npm names that differ in case", () => {
    const r = record([npm("JSONStream", [{ type: "ECOSYSTEM", events: [{ introduced: "0" }] }])]);
    expect(matchAdvisory(pkg("1.0.0", "jsonstream"), r)).toBeUndefined();
    expect(matchAdvisory(pkg("1.0.0", "JSONStream"), r)).toBeDefined();
  });

  it("compares Go versions across the v prefix in SEMVER ranges", () => {
    const r = record([
      {
        package: { ecosystem: "Go", name: "example.com/m" },
        ranges: [{ type: "SEMVER", events: [{ introduced: "1.2.0" }, { fixed: "1.2.5" }] }],
      },
    ]);
    expect(matchAdvisory(pkg("v1.2.0", "example.com/m", "Go"), r)).toMatchObject({
      fixedVersion: "v1.2.5",
      fixedCandidates: ["v1.2.5"],
    });
    expect(matchAdvisory(pkg("v1.2.5", "example.com/m", "Go"), r)).toBeUndefined();
    expect(matchAdvisory(pkg("v1.3.0+incompatible", "example.com/m", "Go"), r)).toBeUndefined();
  });

  it("orders Packagist and RubyGems versions by their own rules", () => {
    const composer = record([
      {
        package: { ecosystem: "Packagist", name: "vendor/pkg" },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "2.0.0" }] }],
      },
    ]);
    expect(matchAdvisory(pkg("v2.0.0-RC1", "Vendor/Pkg", "Packagist"), composer)?.fixedVersion).toBe("2.0.0");
    expect(matchAdvisory(pkg("v2.0.0", "vendor/pkg", "Packagist"), composer)).toBeUndefined();
    const gem = record([
      {
        package: { ecosystem: "RubyGems", name: "rack" },
        ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "3.0.0" }, { fixed: "3.0.4.2" }] }],
      },
    ]);
    expect(matchAdvisory(pkg("3.0.4.1", "rack", "RubyGems"), gem)?.fixedVersion).toBe("3.0.4.2");
    expect(matchAdvisory(pkg("3.0.0.beta1", "rack", "RubyGems"), gem)).toBeUndefined();
  });
});

describe("matchAdvisory errors", () => {
  const r = record([npm("lib", [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "2.0.0" }] }])]);

  it("throws InputError naming the package and the version when the installed version is invalid", () => {
    expect(() => matchAdvisory(pkg("latest"), r)).toThrow(InputError);
    expect(() => matchAdvisory(pkg("latest"), r)).toThrow(
      /npm package lib: version "latest" is not a valid semver version/,
    );
  });

  it("does not look at the version of a package the advisory does not name", () => {
    expect(matchAdvisory(pkg("latest", "other"), r)).toBeUndefined();
  });

  it("names the advisory when one of its versions is malformed", () => {
    const bad = record([npm("lib", [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "2.x" }] }])]);
    expect(() => matchAdvisory(pkg("1.0.0"), bad)).toThrow(/advisory TEST-1 gives version "2.x"/);
  });
});
