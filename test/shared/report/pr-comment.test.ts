import { findMarkers } from "@upkeep/shared/github/markers.js";
import { DEFAULT_COMMENT_MAX_CHARS, renderPrComment } from "@upkeep/shared/report/pr-comment.js";
import { describe, expect, it } from "vitest";
import { finding, HOSTILE_TEXT, manyFindings, report } from "./build-report.js";
import { findingRows } from "./markdown-table.js";

// GitHub's hard limit on an issue or PR comment body.
const GITHUB_COMMENT_LIMIT = 65_536;

describe("renderPrComment", () => {
  it("renders heading, counts and table, without a hidden marker", () => {
    const body = renderPrComment(
      report([finding({ severity: "critical" }), finding({ level: "warning", severity: "low" })]),
    );
    expect(body.startsWith("### ❌ Upkeep patch-check: 2 findings\n")).toBe(true);
    expect(body).toContain("| **Total** | 1 | 0 | 0 | 1 | 0 | 0 | **2** |");
    expect(findingRows(body).map((r) => r[0])).toEqual(["Critical (error)", "Low (warning)"]);
    expect(body).not.toContain("<!--");
  });

  it("says a clean report passed", () => {
    expect(renderPrComment(report([]))).toBe("### ✅ Upkeep patch-check: no findings\n");
  });

  it.each([
    ["10,000 findings, default limit", manyFindings(10_000), undefined],
    ["10,000 findings, 20,000 characters", manyFindings(10_000), 20_000],
    ["very long messages", [finding({ message: "x".repeat(70_000), title: "y".repeat(70_000) })], undefined],
    [
      "unicode, 5,000 characters",
      Array.from({ length: 100 }, (_, i) => finding({ title: `${HOSTILE_TEXT.unicode} ${i}` })),
      5_000,
    ],
  ])("stays within the limit with %s", (_name, findings, maxChars) => {
    const body = renderPrComment(report(findings), maxChars === undefined ? {} : { maxChars });
    const limit = maxChars ?? DEFAULT_COMMENT_MAX_CHARS;
    expect(body.length).toBeLessThanOrEqual(limit);
    expect(body.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
  });

  it("says how many findings it left out, of which severities, and where they are", () => {
    const findings = manyFindings(10_000);
    const body = renderPrComment(report(findings), { detailsUrl: "https://github.com/o/r/actions/runs/9" });
    const shown = findingRows(body).length;
    const note = body.trimEnd().split("\n").at(-1)!;
    expect(note).toMatch(
      new RegExp(
        `^_${10_000 - shown} more findings not shown \\((\\d+ (critical|high|medium|low|info|unknown)(, )?)+\\); see \\[`,
      ),
    );
    expect(note).toContain("(https://github.com/o/r/actions/runs/9)._");
  });

  it("cannot fake Upkeep's marker, ping people or inject HTML from finding text", () => {
    const body = renderPrComment(
      report([finding({ title: HOSTILE_TEXT.marker, message: `${HOSTILE_TEXT.mention} ${HOSTILE_TEXT.script}` })]),
    );
    expect(findMarkers(body)).toEqual([]);
    expect(body).not.toMatch(/@(octocat|github)/);
    expect(body).not.toMatch(/<(script|img|!--)/);
  });

  it("does not split a surrogate pair when it has to cut hard", () => {
    const body = renderPrComment(report([finding({ title: "🎉".repeat(500) })], { check: "🎉".repeat(100) }), {
      maxChars: 101,
    });
    expect(body.length).toBeLessThanOrEqual(101);
    expect(body).toBe(Buffer.from(body, "utf8").toString("utf8"));
    expect(/[\ud800-\udbff]$/.test(body)).toBe(false);
  });
});
