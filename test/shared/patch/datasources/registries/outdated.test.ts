import { InputError } from "@upkeep/shared/errors.js";
import { looksLikePrerelease, outdatedInfo } from "@upkeep/shared/patch/datasources/registries/outdated.js";
import type { Release } from "@upkeep/shared/patch/datasources/types.js";
import { schemeForEcosystem } from "@upkeep/shared/patch/versioning/registry.js";
import semver from "semver";
import { describe, expect, it } from "vitest";

const now = new Date("2024-06-10T00:00:00Z");
const old = "2023-01-01T00:00:00Z";
const compare = (a: string, b: string) => semver.compare(a, b);

describe("outdatedInfo", () => {
  it("skips pre-releases for a stable install but offers them to a pre-release install", () => {
    const releases: Release[] = [
      { version: "1.0.0", publishedAt: old },
      { version: "2.0.0-rc.1", publishedAt: old },
      { version: "2.0.0-rc.2", publishedAt: old },
    ];
    expect(outdatedInfo("1.0.0", releases, compare, { now, cooldownDays: 0 }).latest).toBeUndefined();
    const pre = outdatedInfo("2.0.0-rc.1", releases, compare, { now, cooldownDays: 0 });
    expect(pre.latest?.version).toBe("2.0.0-rc.2");
    const forced = outdatedInfo("1.0.0", releases, compare, { now, cooldownDays: 0, includePrerelease: true });
    expect(forced.latestMajor?.version).toBe("2.0.0-rc.2");
  });

  it("falls back to an older release when the newest is inside the cooldown, and lists what it skipped", () => {
    const releases: Release[] = [
      { version: "1.0.0", publishedAt: old },
      { version: "1.0.1", publishedAt: "2024-05-01T00:00:00Z" },
      { version: "1.0.2", publishedAt: "2024-06-05T00:00:00Z" },
      { version: "1.0.3", publishedAt: "2024-06-09T00:00:00Z" },
    ];
    const info = outdatedInfo("1.0.0", releases, compare, { now, cooldownDays: 7 });
    expect(info.latestPatch?.version).toBe("1.0.1");
    expect(info.cooldownSkipped).toEqual(["1.0.3", "1.0.2"]);
  });

  it("lets a release without a publish time through the cooldown", () => {
    const info = outdatedInfo("1.0.0", [{ version: "1.1.0" }], compare, { now, cooldownDays: 30 });
    expect(info.latestMinor?.version).toBe("1.1.0");
  });

  it("is empty when nothing newer exists, and ignores versions the scheme cannot read", () => {
    const releases: Release[] = [{ version: "0.9.0" }, { version: "not-a-version" }, { version: "1.0.0" }];
    expect(outdatedInfo("1.0.0", releases, compare, { now, cooldownDays: 0 })).toEqual({
      current: "1.0.0",
      cooldownSkipped: [],
    });
  });

  it("throws InputError when the installed version cannot be read", () => {
    expect(() => outdatedInfo("banana", [], compare, { now, cooldownDays: 0 })).toThrow(InputError);
  });

  it("orders with the ecosystem's scheme (PEP 440: 1.10 is after 1.9, post-releases are releases)", () => {
    const pep440 = schemeForEcosystem("PyPI");
    const releases: Release[] = ["1.9", "1.10", "1.10.post1", "2.0rc1"].map((version) => ({
      version,
      publishedAt: old,
    }));
    const info = outdatedInfo("1.9", releases, pep440.compare, {
      now,
      cooldownDays: 0,
      isPrerelease: pep440.isPrerelease,
    });
    expect(info.latestMinor?.version).toBe("1.10.post1");
    expect(info.latestMajor).toBeUndefined();
  });
});

describe("looksLikePrerelease", () => {
  it.each([
    ["1.0.0", false],
    ["v1.2.3", false],
    ["1.0.post1", false],
    ["2.0.0+incompatible", false],
    ["1.0.0-p1", false],
    ["1.0.0-rc.1", true],
    ["2.0b1", true],
    ["1.2.0.beta1", true],
    ["3.0.0-SNAPSHOT", true],
    ["v0.0.0-20230101000000-abcdefabcdef", true],
    ["1.0.dev3", true],
  ])("%s -> %s", (version, expected) => {
    expect(looksLikePrerelease(version)).toBe(expected);
  });
});
