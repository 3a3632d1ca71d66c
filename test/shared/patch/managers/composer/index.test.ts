import { readFileSync } from "node:fs";
import { InputError } from "@upkeep/shared/errors.js";
import { composerManager } from "@upkeep/shared/patch/managers/composer/index.js";
import type { ManagerContext } from "@upkeep/shared/patch/types.js";
import { describe, expect, it } from "vitest";

const LOCK = readFileSync(
  new URL("../../../../fixtures/lockfiles/other/composer/composer.lock", import.meta.url),
  "utf8",
);
const COMPOSER_JSON = JSON.stringify({
  require: { php: "^8.2", "guzzlehttp/guzzle": "^7.9", "symfony/console": "^7.1" },
  "require-dev": { "phpunit/phpunit": "^11.4" },
});
const ctx = (siblings: Record<string, string> = {}): ManagerContext => ({ readSibling: async (n) => siblings[n] });

describe("composer.lock", async () => {
  const parsed = await composerManager.parse("web/composer.lock", LOCK, ctx({ "composer.json": COMPOSER_JSON }));

  it.each([
    ["guzzlehttp/guzzle", "7.9.2", "prod", true, 10],
    ["guzzlehttp/psr7", "2.7.0", "prod", false, 26],
    ["psr/http-client", "1.0.3", "prod", false, 45],
    ["psr/http-message", "2.0", "prod", false, 50],
    ["symfony/console", "v7.1.5", "prod", true, 55],
    ["phpunit/phpunit", "11.4.3", "dev", true, 67],
    ["sebastian/diff", "6.0.2", "dev", false, 76],
  ])(
    "%s %s is %s, direct=%s, at its name line %i (names lower-cased, versions as written)",
    (name, version, group, direct, line) => {
      expect(parsed.packages.find((p) => p.name === name)).toMatchObject({
        ecosystem: "Packagist",
        version,
        group,
        direct,
        line,
        file: "web/composer.lock",
      });
    },
  );

  it("links require entries, leaving out php and ext-*", () => {
    expect(parsed.packages.find((p) => p.name === "guzzlehttp/guzzle")?.dependencies).toEqual([
      "guzzlehttp/psr7@2.7.0",
      "psr/http-client@1.0.3",
    ]);
    expect(parsed.packages.find((p) => p.name === "guzzlehttp/psr7")?.dependencies).toEqual(["psr/http-message@2.0"]);
  });

  it("skips path packages and branch versions with the reason", () => {
    expect(parsed.skipped).toEqual([
      { file: "web/composer.lock", line: 35, name: "acme/internal", reason: "local path package (../internal)" },
      {
        file: "web/composer.lock",
        line: 60,
        name: "acme/branchy",
        reason: "development branch 1.x-dev, not a release: pin a tagged version",
      },
    ]);
    expect(parsed.formatVersion).toBe("2.6.0");
  });

  it("without composer.json, a package nothing requires is direct", async () => {
    const bare = await composerManager.parse("composer.lock", LOCK, ctx());
    expect(bare.packages.filter((p) => p.direct).map((p) => p.name)).toEqual([
      "guzzlehttp/guzzle",
      "symfony/console",
      "phpunit/phpunit",
    ]);
  });
});

describe("composer.lock bad input", () => {
  it.each([
    ["no _readme", `{"packages": []}`, /^composer\.lock: no `_readme`: this is not a composer\.lock/],
    ["truncated", LOCK.slice(0, 600), /^composer\.lock:\d+:\d+: not valid JSON \(\w+\)/],
    ["packages not an array", `{"_readme": [], "packages": {}}`, /`packages` should be an array/],
    [
      "package without version",
      `{"_readme": [], "packages": [\n{"name": "a/b"}]}`,
      /^composer\.lock:2: `packages\[0\]\.version` should be a string/,
    ],
  ])("%s fails closed", async (_label, text, message) => {
    const error = await composerManager.parse("composer.lock", text, ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
  });
});
