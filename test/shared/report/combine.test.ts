import { combineReports } from "@upkeep/shared/report/combine.js";
import type { Report } from "@upkeep/shared/report/model.js";
import { summarize } from "@upkeep/shared/report/model.js";
import { describe, expect, it } from "vitest";

function part(check: string, level: "error" | "note", rule: string, data: Record<string, unknown>): Report {
  return {
    schemaVersion: 1,
    tool: { name: "upkeep", version: "0" },
    check,
    generatedAt: "2026-01-01T00:00:00Z",
    findings: [{ rule, level, severity: "medium", title: rule, message: "m", fingerprint: rule }],
    rules: [
      { id: rule, name: rule, shortDescription: rule },
      { id: "shared/rule", name: "s", shortDescription: "first" },
    ],
    data,
    notes: [`${check} ran`],
  };
}

describe("combineReports", () => {
  it("keeps every finding and note, each rule once, and fails when any part fails", () => {
    const now = new Date("2026-11-26T00:00:00Z");
    const r = combineReports(
      "drift-check",
      [part("gate", "note", "a/x", { entry: "present" }), part("docs", "error", "b/y", { docs: 3 })],
      now,
    );
    expect(r.check).toBe("drift-check");
    expect(r.generatedAt).toBe("2026-11-26T00:00:00.000Z");
    expect(r.findings.map((f) => f.rule)).toEqual(["a/x", "b/y"]);
    expect(r.rules.map((x) => x.id)).toEqual(["a/x", "shared/rule", "b/y"]);
    expect(r.data).toEqual({ entry: "present", docs: 3 });
    expect(r.notes).toEqual(["gate ran", "docs ran"]);
    expect(summarize(r).passed).toBe(false);
  });
});
