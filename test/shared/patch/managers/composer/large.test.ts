import { composerManager } from "@upkeep/shared/patch/managers/composer/index.js";
import { expect, it } from "vitest";

it("parses a generated 10,000-package composer.lock", async () => {
  const pkg = (i: number) => ({
    name: `vendor/pkg-${i}`,
    version: `v1.${i}.0`,
    source: { type: "git", url: `https://github.com/vendor/pkg-${i}.git`, reference: "0".repeat(40) },
    require: { php: ">=8.1", [`vendor/pkg-${(i + 1) % 10_000}`]: "^1.0" },
    type: "library",
    license: ["MIT"],
    description: "generated",
  });
  const doc = {
    _readme: ["This file locks the dependencies of your project to a known state"],
    packages: Array.from({ length: 9_000 }, (_, i) => pkg(i)),
    "packages-dev": Array.from({ length: 1_000 }, (_, i) => pkg(9_000 + i)),
  };
  const text = JSON.stringify(doc, null, 4);
  const parsed = await composerManager.parse("composer.lock", text, { readSibling: async () => undefined });
  expect(parsed.packages).toHaveLength(10_000);
  expect(parsed.packages.every((p) => p.line !== undefined)).toBe(true);
});
