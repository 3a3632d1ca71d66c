import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Severity } from "@upkeep/shared/report/model.js";
import { FINGERPRINT_KEY, renderSarif, type SarifLog, toSarif } from "@upkeep/shared/report/sarif.js";
import { describe, expect, it } from "vitest";
import { compileSchema, errorsOf } from "./ajv.js";
import { EOL_RULE, finding, HOSTILE_TEXT, manyFindings, report, VULN_RULE } from "./build-report.js";

const schemaText = readFileSync(new URL("./fixtures/sarif-schema-2.1.0.json", import.meta.url), "utf8");
const validate = compileSchema(JSON.parse(schemaText));

function parse(text: string): SarifLog {
  const log = JSON.parse(text) as SarifLog;
  if (!validate(log)) throw new Error(errorsOf(validate).join("\n"));
  return log;
}

const run = (log: SarifLog) => log.runs[0];

describe("the vendored SARIF schema", () => {
  it("is the OASIS file byte for byte (see fixtures/README.md)", () => {
    const digest = createHash("sha256").update(schemaText, "utf8").digest("hex");
    expect(digest).toBe("80cd7ffb9b62a4162d541aa9170862dd264f6cce0f04c57f1ac9f2337b808958");
  });

  it("rejects a log that breaks SARIF (the validator is not vacuous)", () => {
    const log = JSON.parse(renderSarif(report([finding()])));
    log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validate(log)).toBe(false);
    log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 1;
    log.runs[0].results[0].level = "critical";
    expect(validate(log)).toBe(false);
    log.runs[0].results[0].level = "error";
    log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = "a b#c#d";
    expect(validate(log)).toBe(false);
  });
});

describe("renderSarif", () => {
  it.each([
    ["no findings", report([])],
    ["one finding", report([finding({ column: 3, endLine: 20, helpUri: "https://x.test/h" })])],
    ["a finding about no file", report([finding({ file: undefined, line: undefined })])],
    ["a rule the report does not describe", report([finding({ rule: "drift/undocumented-input" })], { rules: [] })],
    [
      "hostile text and paths",
      report(Object.values(HOSTILE_TEXT).map((t) => finding({ title: t, message: t, file: `dir/${t}` }))),
    ],
    [
      "a relative helpUri (dropped)",
      report([finding({ helpUri: "docs/rules.md" })], { rules: [{ ...VULN_RULE, helpUri: "not a uri" }] }),
    ],
    ["lines that are not positive integers", report([finding({ line: 0, column: -1, endLine: 0.5 })])],
    ["10,000 findings", report(manyFindings(10_000))],
  ])("validates against the SARIF 2.1.0 schema: %s", (_name, r) => {
    const log = parse(renderSarif(r));
    expect(log.version).toBe("2.1.0");
    expect(run(log).results).toHaveLength(r.findings.length);
  });

  it("describes the tool and every rule, and points each result at its rule by index", () => {
    const log = toSarif(
      report([finding({ rule: "patch/eol" }), finding(), finding({ rule: "x/unlisted", title: "Odd" })]),
    );
    const driver = run(log).tool.driver;
    expect(driver.name).toBe("upkeep");
    expect(driver.version).toBe("0.1.0");
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules.map((r) => r.id)).toEqual(["patch/eol", "patch/vulnerability", "x/unlisted"]);
    expect(driver.rules[1]).toMatchObject({
      id: "patch/vulnerability",
      name: "Vulnerable dependency",
      shortDescription: { text: VULN_RULE.shortDescription },
      helpUri: VULN_RULE.helpUri,
      defaultConfiguration: { level: "error" },
    });
    expect(driver.rules[2]).toMatchObject({ name: "x/unlisted", shortDescription: { text: "Odd" } });
    for (const result of run(log).results) expect(driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it("gives each result its level, message and a %SRCROOT%-relative location", () => {
    const [result] = run(toSarif(report([finding({ level: "warning", column: 5, endLine: 14 })]))).results;
    expect(result).toMatchObject({
      level: "warning",
      message: { text: "lodash has a prototype pollution\n\nUpgrade lodash to 4.17.21 or later." },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "package-lock.json", uriBaseId: "%SRCROOT%" },
            region: { startLine: 12, startColumn: 5, endLine: 14 },
          },
        },
      ],
    });
  });

  it.each([
    ["the default config path", undefined, ".github/upkeep.yml"],
    ["the file the caller names", ".github/workflows/upkeep.yml", ".github/workflows/upkeep.yml"],
  ])("puts a finding about no file at %s, line 1", (_name, fallbackFile, uri) => {
    const log = toSarif(report([finding({ file: undefined, line: undefined })]), fallbackFile ? { fallbackFile } : {});
    expect(run(log).results[0]!.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri, uriBaseId: "%SRCROOT%" },
      region: { startLine: 1 },
    });
  });

  it.each([
    ["a dir/b#c?.txt", "a%20dir/b%23c%3F.txt"],
    ["node_modules/@scope/pkg/package.json", "node_modules/@scope/pkg/package.json"],
    ["./src/a.ts", "src/a.ts"],
    ["/abs/x.ts", "abs/x.ts"],
    ["win\\path\\file.txt", "win/path/file.txt"],
    ["c:colon.txt", "c%3Acolon.txt"],
    ["日本/ファイル.txt", "%E6%97%A5%E6%9C%AC/%E3%83%95%E3%82%A1%E3%82%A4%E3%83%AB.txt"],
  ])("encodes path %j as the relative URI %j", (file, uri) => {
    const log = toSarif(report([finding({ file })]));
    expect(run(log).results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe(uri);
  });

  it("keeps partialFingerprints stable across runs and line moves, and distinct per finding", () => {
    const before = report([finding({ fingerprint: "npm:lodash:GHSA-1", line: 12 }), finding({ fingerprint: "other" })]);
    const moved = report([finding({ fingerprint: "npm:lodash:GHSA-1", line: 80 }), finding({ fingerprint: "other" })]);
    const fp = (r: typeof before) =>
      run(toSarif(r))
        .results.map((x) => x.partialFingerprints[FINGERPRINT_KEY])
        .sort();
    expect(fp(before)).toEqual(fp(before));
    expect(fp(moved)).toEqual(fp(before));
    expect(new Set(fp(before)).size).toBe(2);
    expect(fp(before)[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is byte-identical for identical runs", () => {
    const findings = manyFindings(300);
    expect(renderSarif(report([...findings].reverse()))).toBe(renderSarif(report(findings)));
  });

  it.each<[Severity, string | undefined]>([
    ["critical", "9.5"],
    ["high", "8.0"],
    ["medium", "5.5"],
    ["low", "2.0"],
    ["info", undefined],
    ["unknown", undefined],
  ])("maps a security finding of severity %s to security-severity %s", (severity, score) => {
    const log = toSarif(report([finding({ severity })]));
    const result = run(log).results[0]!;
    expect(result.properties["security-severity"]).toBe(score);
    expect(result.properties.tags).toEqual(["dependencies", "security"]);
    expect(run(log).tool.driver.rules[1]!.properties?.["security-severity"]).toBe(score);
  });

  it("gives a security rule the severity of its worst finding, and none to other rules", () => {
    const log = toSarif(
      report([
        finding({ level: "error", severity: "medium" }),
        finding({ level: "warning", severity: "critical" }),
        finding({ rule: EOL_RULE.id, severity: "critical" }),
      ]),
    );
    const [eol, vuln] = run(log).tool.driver.rules;
    expect(vuln!.properties).toEqual({ tags: ["dependencies", "security"], "security-severity": "9.5" });
    expect(eol!.properties).toBeUndefined();
    const eolResult = run(log).results.find((r) => r.ruleId === EOL_RULE.id)!;
    expect(eolResult.properties).toEqual({ severity: "critical" });
  });

  it("names each check's analysis category so uploads of different checks do not replace each other", () => {
    expect(run(toSarif(report([]))).automationDetails.id).toBe("patch-check/");
    expect(run(toSarif(report([], { check: "drift-check" }))).automationDetails.id).toBe("drift-check/");
  });

  it("strips control characters from messages but keeps unicode", () => {
    const [result] = run(
      toSarif(report([finding({ title: "t", message: `${HOSTILE_TEXT.ansi} ${HOSTILE_TEXT.unicode}` })])),
    ).results;
    expect(result!.message.text).toBe(`t\n\n[31mred[0m and a bell ${HOSTILE_TEXT.unicode}`);
  });
});

describe("renderSarif limits", () => {
  it("keeps the most important results up to maxResults and counts the rest", () => {
    const findings = manyFindings(150);
    const log = parse(renderSarif(report(findings), { maxResults: 100 }));
    expect(run(log).results).toHaveLength(100);
    expect((run(log) as { properties?: unknown }).properties).toEqual({ omittedResults: 50 });
    const kept = run(log).results.map((r) => r.level);
    expect(kept.filter((l) => l === "error")).toHaveLength(50);
    expect(run(toSarif(report(findings))).results).toHaveLength(150);
  });

  it("caps a rule's tags at 10, always keeping security", () => {
    const tags = Array.from({ length: 25 }, (_, i) => `tag-${String(i).padStart(2, "0")}`);
    const log = parse(renderSarif(report([finding()], { rules: [{ ...VULN_RULE, tags }] })));
    const ruleTags = run(log).tool.driver.rules[0]!.properties!.tags!;
    expect(ruleTags).toHaveLength(10);
    expect(ruleTags).toContain("security");
  });
});
