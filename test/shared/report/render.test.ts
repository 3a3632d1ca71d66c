import { InputError } from "@upkeep/shared/errors.js";
import { renderJson } from "@upkeep/shared/report/json.js";
import { renderMarkdownSummary } from "@upkeep/shared/report/markdown.js";
import { isOutputFormat, OUTPUT_FORMATS, type OutputFormat, renderReport } from "@upkeep/shared/report/render.js";
import { renderSarif } from "@upkeep/shared/report/sarif.js";
import { renderText } from "@upkeep/shared/report/text.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { finding, HOSTILE_TEXT, manyFindings, report } from "./build-report.js";

const sample = report(
  [
    finding({ severity: "critical" }),
    finding({ level: "warning", file: undefined, line: undefined, title: HOSTILE_TEXT.unicode }),
    finding({ level: "note", message: HOSTILE_TEXT.newlines }),
  ],
  { notes: ["Scanned 1 lockfile"], data: { scanned: 1 } },
);

afterEach(() => {
  vi.useRealTimers();
});

describe("renderReport", () => {
  it.each([
    ["text", renderText(sample)],
    ["json", renderJson(sample)],
    ["markdown", renderMarkdownSummary(sample)],
    ["sarif", renderSarif(sample)],
  ] satisfies [OutputFormat, string][])("renders %s with that format's renderer", (format, expected) => {
    expect(renderReport(sample, format)).toBe(expected);
  });

  it("passes options to the format they belong to", () => {
    expect(renderReport(sample, "text", { color: true })).toBe(renderText(sample, { color: true }));
    const big = report(manyFindings(500));
    expect(renderReport(big, "markdown", { maxBytes: 4_000 })).toBe(renderMarkdownSummary(big, { maxBytes: 4_000 }));
    const noFile = report([finding({ file: undefined })]);
    expect(renderReport(noFile, "sarif", { fallbackFile: "upkeep.yml" })).toBe(
      renderSarif(noFile, { fallbackFile: "upkeep.yml" }),
    );
  });

  it.each(OUTPUT_FORMATS)("%s output does not depend on the clock or on the order of the findings", (format) => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
    const first = renderReport(sample, format);
    vi.setSystemTime(new Date("2031-06-15T08:30:00Z"));
    const shuffled = { ...sample, findings: [...sample.findings].reverse() };
    expect(renderReport(shuffled, format)).toBe(first);
    expect(first).not.toMatch(/203[01]-/);
  });

  it("throws an InputError naming the formats for an unknown format", () => {
    expect(() => renderReport(sample, "html" as OutputFormat)).toThrow(InputError);
    expect(() => renderReport(sample, "html" as OutputFormat)).toThrow(/unknown output format "html"/);
  });

  it.each([
    ["text", true],
    ["sarif", true],
    ["html", false],
    ["JSON", false],
    ["", false],
  ])("isOutputFormat(%j) is %s", (s, expected) => {
    expect(isOutputFormat(s)).toBe(expected);
  });
});
