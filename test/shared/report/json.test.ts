import { renderJson, toJsonReport } from "@upkeep/shared/report/json.js";
import schema from "@upkeep/shared/report/report.schema.json" with { type: "json" };
import { describe, expect, it } from "vitest";
import { compileSchema, errorsOf } from "./ajv.js";
import { EOL_RULE, finding, HOSTILE_TEXT, manyFindings, report, VULN_RULE } from "./build-report.js";

const validate = compileSchema(schema);

function valid(text: string): boolean {
  const ok = validate(JSON.parse(text));
  if (!ok) throw new Error(errorsOf(validate).join("\n"));
  return ok;
}

describe("renderJson", () => {
  it.each([
    ["no findings", report([])],
    [
      "one finding with every field",
      report([finding({ column: 4, endLine: 14, helpUri: "https://x.test/a", properties: { advisory: "GHSA-1" } })]),
    ],
    ["a finding about no file", report([finding({ file: undefined, line: undefined })])],
    ["hostile text", report(Object.values(HOSTILE_TEXT).map((t) => finding({ title: t, message: t, file: t })))],
    ["10,000 findings", report(manyFindings(10_000))],
    [
      "check data and notes",
      report([finding()], { data: { scanned: [{ name: "a" }], skipped: 2 }, notes: ["3 lockfiles"] }),
    ],
  ])("validates against report.schema.json: %s", (_name, r) => {
    expect(valid(renderJson(r))).toBe(true);
  });

  it("rejects what the schema forbids (the schema is not vacuous)", () => {
    const out = JSON.parse(renderJson(report([finding()])));
    out.findings[0].level = "fatal";
    expect(validate(out)).toBe(false);
    const extra = JSON.parse(renderJson(report([])));
    extra.surprise = true;
    expect(validate(extra)).toBe(false);
  });

  it("puts top-level and finding keys in the fixed order", () => {
    const out = JSON.parse(renderJson(report([finding({ properties: { b: 1, a: 2 }, helpUri: "https://x.test" })])));
    expect(Object.keys(out)).toEqual([
      "schemaVersion",
      "tool",
      "check",
      "generatedAt",
      "summary",
      "notes",
      "rules",
      "findings",
      "data",
    ]);
    expect(Object.keys(out.findings[0])).toEqual([
      "rule",
      "level",
      "severity",
      "title",
      "message",
      "file",
      "line",
      "helpUri",
      "fingerprint",
      "properties",
    ]);
    expect(Object.keys(out.findings[0].properties)).toEqual(["a", "b"]);
  });

  it("is byte-identical whatever order the findings, rules and data keys arrive in", () => {
    const findings = manyFindings(200);
    const a = report(findings, { rules: [VULN_RULE, EOL_RULE], data: { z: { y: 1, x: 2 }, a: [3, 1] } });
    const b = report([...findings].reverse(), { rules: [EOL_RULE, VULN_RULE], data: { a: [3, 1], z: { x: 2, y: 1 } } });
    expect(renderJson(b)).toBe(renderJson(a));
  });

  it("sorts findings by level, severity, file, line, rule and fingerprint", () => {
    const out = toJsonReport(
      report([
        finding({ level: "warning", severity: "critical", fingerprint: "w" }),
        finding({ level: "error", severity: "low", fingerprint: "e-low" }),
        finding({ level: "error", severity: "high", file: "b.txt", fingerprint: "e-b" }),
        finding({ level: "error", severity: "high", file: "a.txt", line: 9, fingerprint: "e-a9" }),
        finding({ level: "error", severity: "high", file: "a.txt", line: 2, fingerprint: "e-a2" }),
      ]),
    );
    expect(out.findings.map((f) => f.fingerprint)).toEqual(["e-a2", "e-a9", "e-b", "e-low", "w"]);
  });

  it("carries schemaVersion, the tool and a summary of the findings", () => {
    const out = toJsonReport(report([finding({ level: "error" }), finding({ level: "note", severity: "info" })]));
    expect(out.schemaVersion).toBe(1);
    expect(out.tool).toEqual({ name: "upkeep", version: "0.1.0" });
    expect(out.summary).toEqual({
      passed: false,
      total: 2,
      byLevel: { error: 1, warning: 0, note: 1 },
      bySeverity: { critical: 0, high: 1, medium: 0, low: 0, info: 1, unknown: 0 },
    });
  });

  it("keeps text exactly (JSON escaping is enough) and leaves out absent fields instead of null", () => {
    const text = `${HOSTILE_TEXT.unicode} ${HOSTILE_TEXT.newlines} ${HOSTILE_TEXT.script}`;
    const out = JSON.parse(renderJson(report([finding({ message: text, file: undefined, line: undefined })])));
    expect(out.findings[0].message).toBe(text);
    expect("file" in out.findings[0]).toBe(false);
    expect(renderJson(report([]))).not.toContain("null");
  });

  it("keeps a data key named __proto__ as data", () => {
    const data = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}');
    const out = JSON.parse(renderJson(report([], { data })));
    expect(out.data).toEqual(JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
