import { readFileSync } from "node:fs";
import { InputError } from "@upkeep/shared/errors.js";
import { readGemfileGroups } from "@upkeep/shared/patch/managers/bundler/gemfile-groups.js";
import { bundlerManager } from "@upkeep/shared/patch/managers/bundler/index.js";
import type { ManagerContext } from "@upkeep/shared/patch/types.js";
import { describe, expect, it } from "vitest";

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../../fixtures/lockfiles/other/bundler/${name}`, import.meta.url), "utf8");
const ctx = (siblings: Record<string, string> = {}): ManagerContext => ({ readSibling: async (n) => siblings[n] });
const LOCK = fixture("Gemfile.lock");

describe("Gemfile.lock with its Gemfile", async () => {
  const parsed = await bundlerManager.parse("Gemfile.lock", LOCK, ctx({ Gemfile: fixture("Gemfile") }));

  // rack is prod although rack-test (test group) needs it: sprockets, a prod gem from git, needs it too.
  it.each([
    ["concurrent-ruby", "1.3.4", "prod", false, 19],
    ["mini_portile2", "2.8.7", "prod", false, 20],
    ["nokogiri", "1.16.7", "prod", true, 21],
    ["racc", "1.8.1", "prod", false, 26],
    ["rack", "3.1.8", "prod", false, 27],
    ["rack-test", "2.1.0", "dev", true, 28],
    ["rspec", "3.13.0", "dev", true, 30],
    ["rspec-core", "3.13.2", "dev", false, 32],
    ["puma", "6.4.3", "prod", true, 33],
  ])("%s %s is %s, direct=%s, at line %i", (name, version, group, direct, line) => {
    expect(parsed.packages.find((p) => p.name === name)).toMatchObject({
      ecosystem: "RubyGems",
      version,
      group,
      direct,
      line,
    });
  });

  it("merges platform variants into one entry with the union of their dependencies", () => {
    expect(parsed.packages.filter((p) => p.name === "nokogiri")).toHaveLength(1);
    expect(parsed.packages.find((p) => p.name === "nokogiri")?.dependencies).toEqual([
      "mini_portile2@2.8.7",
      "racc@1.8.1",
    ]);
    expect(parsed.packages).toHaveLength(9);
  });

  it("skips GIT and PATH gems with the reason, and reports BUNDLED WITH", () => {
    expect(parsed.skipped).toEqual([
      {
        file: "Gemfile.lock",
        line: 6,
        name: "sprockets",
        reason: "git source (https://github.com/rails/sprockets.git@6d6e1d0e3b0c)",
      },
      { file: "Gemfile.lock", line: 13, name: "myapp", reason: "local path source (.)" },
    ]);
    expect(parsed.formatVersion).toBe("2.5.22");
  });

  it("without a Gemfile, groups are unknown and DEPENDENCIES still say what is direct", async () => {
    const bare = await bundlerManager.parse("Gemfile.lock", LOCK, ctx());
    expect(new Set(bare.packages.map((p) => p.group))).toEqual(new Set(["unknown"]));
    expect(bare.packages.filter((p) => p.direct).map((p) => p.name)).toEqual([
      "nokogiri",
      "rack-test",
      "rspec",
      "puma",
    ]);
  });
});

describe("Gemfile groups", () => {
  it.each([
    ['gem "a"', "prod"],
    ['gem "a", group: :test', "dev"],
    ['gem "a", groups: [:development, :test]', "dev"],
    ['gem "a", :group => :production', "prod"],
    ['group :development do\n  gem "a"\nend', "dev"],
    ['group :assets, :test do\n  gem "a"\nend', "prod"],
    ['group :test do\n  platforms :mri do\n    gem "b"\n  end\n  gem "a"\nend', "dev"],
    ['group :test do\n  gem "b"\nend\ngem "a"', "prod"],
  ])("%s -> %s", (gemfile, group) => {
    expect(readGemfileGroups(gemfile).groups.get("a")).toBe(group);
  });
});

describe("Gemfile.lock bad input", () => {
  it.each([
    [
      "BUNDLED WITH 9",
      LOCK.replace("2.5.22", "9.0.0"),
      /^Gemfile\.lock: unsupported Gemfile\.lock: BUNDLED WITH 9\.0\.0/,
    ],
    [
      "truncated before DEPENDENCIES",
      LOCK.slice(0, LOCK.indexOf("PLATFORMS")),
      /^Gemfile\.lock: no DEPENDENCIES section: the file looks truncated/,
    ],
    [
      "a spec without a version",
      "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack\n\nDEPENDENCIES\n  rack\n",
      /^Gemfile\.lock:4: spec "rack" has no version/,
    ],
    [
      "a mis-indented line",
      "GEM\n  specs:\n   rack (1.0)\n\nDEPENDENCIES\n  rack\n",
      /^Gemfile\.lock:3: unexpected line in the GEM section/,
    ],
  ])("%s fails closed", async (_label, text, message) => {
    const error = await bundlerManager.parse("Gemfile.lock", text, ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
  });

  it("an unknown section is listed as skipped, not ignored", async () => {
    const parsed = await bundlerManager.parse(
      "Gemfile.lock",
      LOCK.replace("PLATFORMS", "FUTURE THING\n  x\n\nPLATFORMS"),
      ctx(),
    );
    expect(parsed.skipped).toContainEqual({
      file: "Gemfile.lock",
      line: 35,
      reason: "section FUTURE THING is not one Upkeep reads",
    });
  });
});
