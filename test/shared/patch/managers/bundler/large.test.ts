import { bundlerManager } from "@upkeep/shared/patch/managers/bundler/index.js";
import { expect, it } from "vitest";

it("parses a generated 10,000-gem Gemfile.lock", async () => {
  const specs = Array.from(
    { length: 10_000 },
    (_, i) => `    gem${i} (1.${i}.0)\n      gem${(i + 1) % 10_000} (>= 1.0)`,
  );
  const deps = Array.from({ length: 100 }, (_, i) => `  gem${i * 100}`);
  const text = `GEM\n  remote: https://rubygems.org/\n  specs:\n${specs.join("\n")}\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n${deps.join("\n")}\n\nBUNDLED WITH\n   2.5.22\n`;
  const gemfile = `source "https://rubygems.org"\n${deps.map((d) => `gem "${d.trim()}"`).join("\n")}\n`;
  const parsed = await bundlerManager.parse("Gemfile.lock", text, { readSibling: async () => gemfile });
  expect(parsed.packages).toHaveLength(10_000);
  expect(parsed.packages.every((p) => p.group === "prod")).toBe(true);
});
