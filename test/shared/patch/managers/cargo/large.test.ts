import { cargoManager } from "@upkeep/shared/patch/managers/cargo/index.js";
import { expect, it } from "vitest";

it("parses a generated 10,000-crate Cargo.lock", async () => {
  const parts = ['version = 4\n\n[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = [\n "crate-0",\n]\n'];
  for (let i = 0; i < 10_000; i++) {
    parts.push(
      `[[package]]\nname = "crate-${i}"\nversion = "0.${i}.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "${"9a".repeat(32)}"\ndependencies = [\n "crate-${(i + 1) % 10_000}",\n]\n`,
    );
  }
  const parsed = await cargoManager.parse("Cargo.lock", parts.join("\n"), { readSibling: async () => undefined });
  expect(parsed.packages).toHaveLength(10_000);
  expect(parsed.packages.filter((p) => p.direct).map((p) => p.id)).toEqual(["crate-0@0.0.0"]);
});
