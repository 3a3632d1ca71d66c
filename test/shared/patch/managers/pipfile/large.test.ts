import { pipfileManager } from "@upkeep/shared/patch/managers/pipfile/index.js";
import { expect, it } from "vitest";

it("parses a generated 10,000-package Pipfile.lock", async () => {
  const entry = (i: number) => [
    `pkg-${i}`,
    { hashes: [`sha256:${"ef".repeat(32)}`], index: "pypi", version: `==1.${i}.0` },
  ];
  const doc = {
    _meta: { hash: { sha256: "x" }, "pipfile-spec": 6, requires: {}, sources: [] },
    default: Object.fromEntries(Array.from({ length: 8_000 }, (_, i) => entry(i))),
    develop: Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => entry(8_000 + i))),
  };
  const text = JSON.stringify(doc, null, 4);
  const parsed = await pipfileManager.parse("Pipfile.lock", text, { readSibling: async () => undefined });
  expect(parsed.packages).toHaveLength(10_000);
  expect(parsed.packages.filter((p) => p.group === "dev")).toHaveLength(2_000);
});
