import { formatWorkflowCommand, toAnnotations, type WorkflowAnnotation } from "@upkeep/shared/report/annotations.js";
import type { Level } from "@upkeep/shared/report/model.js";
import { describe, expect, it } from "vitest";
import { CONTROL_CHAR, finding, HOSTILE_TEXT, manyFindings, report } from "./build-report.js";

/**
 * Reads a workflow command line back the way the runner does (ActionCommand in actions/runner): the
 * command name, properties split on `,` and `=`, then `%0D %0A %3A %2C` and finally `%25` decoded.
 */
function parseCommand(line: string): { command: string; props: Record<string, string>; data: string } {
  const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/s.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const unescapeData = (s: string) => s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
  const unescapeProp = (s: string) =>
    s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%25/g, "%");
  const props: Record<string, string> = {};
  for (const pair of (m[2] ?? "").split(",").filter(Boolean)) {
    const eq = pair.indexOf("=");
    props[pair.slice(0, eq)] = unescapeProp(pair.slice(eq + 1));
  }
  return { command: m[1]!, props, data: unescapeData(m[3]!) };
}

describe("toAnnotations", () => {
  it("annotates each finding at its file and line, with level, title and message", () => {
    const [a] = toAnnotations(report([finding({ column: 5, helpUri: "https://osv.dev/GHSA-1" })]));
    expect(a).toEqual({
      level: "error",
      title: "lodash has a prototype pollution (high)",
      message: "Upgrade lodash to 4.17.21 or later.\n\nRule: patch/vulnerability\nMore: https://osv.dev/GHSA-1",
      file: "package-lock.json",
      startLine: 12,
      startColumn: 5,
    });
  });

  it.each<[Level, WorkflowAnnotation["level"]]>([
    ["error", "error"],
    ["warning", "warning"],
    ["note", "notice"],
  ])("maps level %s to %s", (level, expected) => {
    expect(toAnnotations(report([finding({ level })]))[0]!.level).toBe(expected);
  });

  const file = "package-lock.json";
  it.each([
    ["no file", { file: undefined, line: undefined }, {}],
    ["a file without a line", { line: undefined }, { file }],
    [
      "a range (no column: GitHub ignores it on ranges)",
      { line: 3, endLine: 9, column: 4 },
      { file, startLine: 3, endLine: 9 },
    ],
    ["an endLine before the line", { line: 9, endLine: 3 }, { file, startLine: 9 }],
    ["a line of 0", { line: 0, column: 2 }, { file }],
  ])("handles %s", (_name, over, expected) => {
    const [a] = toAnnotations(report([finding(over)]));
    const { level: _level, title: _title, message: _message, ...where } = a!;
    expect(where).toEqual(expected);
  });

  it("returns nothing for a clean report", () => {
    expect(toAnnotations(report([]))).toEqual([]);
  });

  it.each([
    [5, 0, 5],
    [10, 0, 10],
    [11, 1, 10],
    [3_334, 1, 10],
  ])("with %i findings of one level shows at most 10 of it (%i summary)", (n, summaries, shown) => {
    const findings = Array.from({ length: n }, (_, i) =>
      finding({ level: "warning", line: i + 1, fingerprint: `w${i}` }),
    );
    const out = toAnnotations(report(findings));
    expect(out).toHaveLength(shown);
    expect(out.filter((a) => a.file === undefined)).toHaveLength(summaries);
  });

  it("keeps the most important findings of each level and summarises the rest in one annotation per level", () => {
    const findings = manyFindings(10_000);
    const out = toAnnotations(report(findings));
    for (const level of ["error", "warning", "notice"] as const) {
      const ofLevel = out.filter((a) => a.level === level);
      expect(ofLevel).toHaveLength(10);
      const summary = ofLevel.at(-1)!;
      expect(summary.file).toBeUndefined();
      expect(summary.title).toMatch(new RegExp(`^upkeep patch-check: \\d+ more ${level}s? not annotated$`));
      expect(summary.message.split("\n").length).toBeLessThanOrEqual(22);
    }
    const errors = out.filter((a) => a.level === "error").slice(0, 9);
    expect(errors.every((a) => a.title.endsWith("(critical)"))).toBe(true);
    expect(toAnnotations(report([...findings].reverse()))).toEqual(out);
  });

  it("honours a smaller per-level limit and rejects a useless one", () => {
    const findings = Array.from({ length: 5 }, (_, i) => finding({ fingerprint: `e${i}` }));
    expect(toAnnotations(report(findings), { perLevel: 2 })).toHaveLength(2);
    expect(() => toAnnotations(report(findings), { perLevel: 0 })).toThrow(RangeError);
  });

  it("shortens titles to one line of 255 characters and messages to 4,000", () => {
    const [a] = toAnnotations(report([finding({ title: `${"t".repeat(300)}\nsecond`, message: "m".repeat(10_000) })]));
    expect(a!.title.length).toBe(255);
    expect(a!.title).not.toContain("\n");
    expect(a!.message.length).toBe(4_000);
  });

  it("removes terminal escapes from the text", () => {
    const [a] = toAnnotations(report([finding({ title: HOSTILE_TEXT.ansi, message: HOSTILE_TEXT.ansi })]));
    expect(a!.title + a!.message).not.toMatch(CONTROL_CHAR);
  });
});

describe("formatWorkflowCommand", () => {
  it.each([
    [{ level: "error", title: "T", message: "m" }, "::error title=T::m"],
    [
      { level: "warning", title: "a:b,c", message: "x", file: "dir/a,b:c.txt", startLine: 3, endLine: 5 },
      "::warning file=dir/a%2Cb%3Ac.txt,line=3,endLine=5,title=a%3Ab%2Cc::x",
    ],
    [{ level: "notice", title: "", message: "100% done\r\nnext" }, "::notice::100%25 done%0D%0Anext"],
    [
      { level: "error", title: "t", message: "m", file: "f", startLine: 1, startColumn: 7 },
      "::error file=f,line=1,col=7,title=t::m",
    ],
  ] satisfies [WorkflowAnnotation, string][])("formats %j", (a, line) => {
    expect(formatWorkflowCommand(a)).toBe(line);
  });

  it.each(Object.entries(HOSTILE_TEXT))(
    "round-trips %s through the runner's parsing on a single line",
    (_name, text) => {
      const a: WorkflowAnnotation = { level: "error", title: text, message: text, file: `dir/${text}`, startLine: 2 };
      const line = formatWorkflowCommand(a);
      expect(line).not.toMatch(/[\r\n]/);
      const parsed = parseCommand(line);
      expect(parsed).toEqual({ command: "error", props: { file: `dir/${text}`, line: "2", title: text }, data: text });
    },
  );

  it("formats every annotation of a large report as one line each", () => {
    const lines = toAnnotations(report(manyFindings(1_000))).map(formatWorkflowCommand);
    expect(lines).toHaveLength(30);
    for (const line of lines) expect(parseCommand(line).command).toMatch(/^(error|warning|notice)$/);
  });
});
