import { uvManager } from "@upkeep/shared/patch/managers/uv/index.js";
import { expect, it } from "vitest";

it("parses a generated 10,000-package uv.lock", async () => {
  const parts = [
    'version = 1\nrevision = 2\n\n[[package]]\nname = "root"\nversion = "0.1.0"\nsource = { editable = "." }\ndependencies = [\n    { name = "pkg-0" },\n]\n',
  ];
  for (let i = 0; i < 10_000; i++) {
    parts.push(
      `[[package]]\nname = "pkg-${i}"\nversion = "1.${i}.0"\nsource = { registry = "https://pypi.org/simple" }\ndependencies = [\n    { name = "pkg-${(i + 1) % 10_000}" },\n]\nsdist = { url = "https://files.example/pkg-${i}.tar.gz", hash = "sha256:${"cd".repeat(32)}", size = 1234 }\n`,
    );
  }
  const text = parts.join("\n");
  const parsed = await uvManager.parse("uv.lock", text, { readSibling: async () => undefined });
  expect(parsed.packages).toHaveLength(10_000);
  expect(parsed.packages.every((p) => p.group === "prod")).toBe(true);
});
