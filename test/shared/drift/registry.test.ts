import { existsSync } from "node:fs";
import { runDriftCheck } from "@upkeep/shared/drift/engine.js";
import { DETECTORS } from "@upkeep/shared/drift/registry.js";
import { recordingLogger } from "@upkeep/shared/logger.js";
import { describe, expect, it } from "vitest";
import { memoryFs } from "../../helpers/memory-fs.js";
import { driftConfig, NOW } from "./helpers.js";

const detectors = [...DETECTORS.values()];

describe("drift detector registry (contract)", () => {
  it("registers every folder under detectors/ and nothing else", async () => {
    const { readdirSync } = await import("node:fs");
    // Folders only: the README.md beside them is documentation, not a detector.
    const folders = readdirSync(new URL("detectors/", import.meta.resolve("@upkeep/shared/drift/registry.ts")), {
      withFileTypes: true,
    })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect([...DETECTORS.keys()].sort()).toEqual(folders);
  });

  it.each(detectors.map((d) => [d.id, d] as const))("%s follows the contract", async (id, d) => {
    expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(
      existsSync(new URL(`detectors/${id}/index.ts`, import.meta.resolve("@upkeep/shared/drift/registry.ts"))),
    ).toBe(true);
    expect(d.description.length).toBeGreaterThan(10);
    expect(d.rules.length).toBeGreaterThan(0);
    for (const r of d.rules) {
      expect(r.id).toMatch(new RegExp(`^drift/${id}/[a-z]+(-[a-z]+)*$`));
      expect(r.shortDescription).not.toBe("");
      expect(["error", "warning", "note"]).toContain(r.defaultLevel);
    }
    expect(new Set(d.rules.map((r) => r.id)).size).toBe(d.rules.length);
  });

  it.each(detectors.map((d) => [d.id, d] as const))(
    "%s finds its example's drift on the exact file and line, and writes nothing in check mode",
    async (id, d) => {
      const fs = memoryFs(d.example.files);
      let writes = 0;
      fs.writeText = async () => {
        writes++;
      };
      const { report } = await runDriftCheck(
        {
          config: driftConfig({ detectors: { [id]: { enabled: true, ...(d.example.options ?? {}) } } }),
          detectors: [id],
        },
        { fs, clock: { now: () => NOW }, logger: recordingLogger() },
      );
      const declared = new Set(d.rules.map((r) => r.id));
      for (const rule of d.example.expectRules) expect(report.findings.map((f) => f.rule)).toContain(rule);
      for (const f of report.findings) {
        expect(declared.has(f.rule)).toBe(true);
        const text = d.example.files[f.file ?? ""];
        expect(text, `${f.rule} points at ${f.file}`).toBeDefined();
        expect(f.line).toBeGreaterThanOrEqual(1);
        expect(f.line).toBeLessThanOrEqual((text ?? "").split("\n").length);
        expect(f.fingerprint).not.toMatch(new RegExp(`:${f.line}$`));
      }
      expect(writes).toBe(0);
    },
  );

  it.each(detectors.map((d) => [d.id, d] as const))("%s reports nothing on an empty repository", async (id, d) => {
    const { report } = await runDriftCheck(
      {
        config: driftConfig({
          detectors: { [id]: { enabled: true, ...(d.example.options?.sources ? { sources: [] } : {}) } },
        }),
        detectors: [id],
      },
      { fs: memoryFs({}), clock: { now: () => NOW }, logger: recordingLogger() },
    );
    expect(report.findings).toEqual([]);
  });

  it("runs the detectors that are on by default and lists their rules", async () => {
    const { report } = await runDriftCheck(
      { config: driftConfig() },
      { fs: memoryFs({ "README.md": "# x\n" }), clock: { now: () => NOW }, logger: recordingLogger() },
    );
    const on = detectors.filter((d) => d.defaultEnabled && !d.needsGit).map((d) => d.id);
    expect(report.data.detectors).toEqual(on);
    expect(report.rules.map((r) => r.id)).toEqual(
      detectors.filter((d) => on.includes(d.id)).flatMap((d) => d.rules.map((r) => r.id)),
    );
    expect(report.notes.join("\n")).toContain("staleness (needs git history)");
  });

  it("rejects an unknown detector in the config and on the command line", async () => {
    const ports = { fs: memoryFs({}), clock: { now: () => NOW }, logger: recordingLogger() };
    await expect(
      runDriftCheck({ config: driftConfig({ detectors: { "action-inputs": { enabled: true } } }) }, ports),
    ).rejects.toThrow(/drift\.detectors\.action-inputs: unknown detector; known: action-io/);
    await expect(runDriftCheck({ config: driftConfig(), detectors: ["nope"] }, ports)).rejects.toThrow(
      /unknown detector "nope"/,
    );
  });
});
