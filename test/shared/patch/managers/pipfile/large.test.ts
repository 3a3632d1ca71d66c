import { expect, it } from "vitest";
import { pipfileManager } from "../../../../../shared/src/patch/managers/pipfile/index.js";

it("parses a generated 10,000-package Pipfile.lock in under 1.5 s", async () => {
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
  // CPU time, not wall time: the bound is about the parser, not about how busy the test machine is.
  const started = process.cpuUsage();
  const parsed = await pipfileManager.parse("Pipfile.lock", text, { readSibling: async () => undefined });
  const used = process.cpuUsage(started);
  expect((used.user + used.system) / 1000).toBeLessThan(1500);
  expect(parsed.packages).toHaveLength(10_000);
  expect(parsed.packages.filter((p) => p.group === "dev")).toHaveLength(2_000);
});
