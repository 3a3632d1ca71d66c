import { DEFAULT_SUMMARY_MAX_BYTES, renderMarkdownSummary } from "@upkeep/shared/report/markdown.js";
import { orderFindings } from "@upkeep/shared/report/order.js";
import { describe, expect, it } from "vitest";
import { finding, HOSTILE_TEXT, manyFindings, report } from "./build-report.js";
import { cells, findingRows } from "./markdown-table.js";

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

describe("renderMarkdownSummary", () => {
  it("says a report without findings passed, without empty tables", () => {
    const md = renderMarkdownSummary(report([], { notes: ["Scanned 3 lockfiles"] }));
    expect(md).toBe("## ✅ Upkeep patch-check: no findings\n\n- Scanned 3 lockfiles\n");
  });

  it("counts findings by level and severity", () => {
    const md = renderMarkdownSummary(
      report([
        finding({ level: "error", severity: "critical" }),
        finding({ level: "error", severity: "high" }),
        finding({ level: "warning", severity: "high" }),
        finding({ level: "note", severity: "info" }),
      ]),
    );
    expect(md.startsWith("## ❌ Upkeep patch-check: 4 findings\n")).toBe(true);
    const table = md.split("\n").filter((l) => /^\| (Level|Error|Warning|Note|\*\*Total)/.test(l));
    expect(table.map(cells)).toEqual([
      ["Level", "Critical", "High", "Medium", "Low", "Info", "Unknown", "Total"],
      ["Error", "1", "1", "0", "0", "0", "0", "2"],
      ["Warning", "0", "1", "0", "0", "0", "0", "1"],
      ["Note", "0", "0", "0", "0", "1", "0", "1"],
      ["**Total**", "1", "2", "0", "0", "1", "0", "**4**"],
    ]);
  });

  it("lists each finding with severity, linked title, location and short message, most important first", () => {
    const md = renderMarkdownSummary(
      report([
        finding({ level: "warning", severity: "low", title: "Minor", file: "b.txt", line: 3, column: 7 }),
        finding({
          severity: "critical",
          title: "Major",
          helpUri: "https://osv.dev/GHSA-1",
          file: undefined,
          line: undefined,
        }),
      ]),
    );
    expect(findingRows(md)).toEqual([
      [
        "Critical (error)",
        "[Major](https://osv.dev/GHSA-1)",
        "—",
        "Upgrade lodash to 4.17.21 or later. <sub>patch/vulnerability</sub>",
      ],
      ["Low (warning)", "Minor", "b.txt:3:7", "Upgrade lodash to 4.17.21 or later. <sub>patch/vulnerability</sub>"],
    ]);
  });

  it.each(Object.entries(HOSTILE_TEXT))("keeps the table whole and inert with %s in every field", (_name, text) => {
    const md = renderMarkdownSummary(
      report([finding({ title: text, message: text, file: text, rule: text }), finding()]),
    );
    const rows = findingRows(md);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toHaveLength(4);
    expect(md).not.toMatch(/<(?!sub>|\/sub>)/);
    expect(md).not.toMatch(/@[a-z]/i);
    expect(md).not.toContain("\u001b");
    expect(md).not.toMatch(/^::/m);
  });

  it("shortens very long titles, and puts a long message whole in a <details> block", () => {
    const message = `${"M".repeat(100_000)}. Fix it.`;
    const md = renderMarkdownSummary(report([finding({ title: "T".repeat(5000), message })]));
    const [row] = findingRows(md);
    expect(row![1]!.length).toBeLessThanOrEqual(200);
    expect(row![1]!.endsWith("…")).toBe(true);
    expect(row![3]!).toMatch(/^<details><summary>M{80} …<\/summary>M{100000}\. Fix it\.<\/details> <sub>/);
  });

  it("shows a long message's first sentence and keeps the rest, never cut mid-sentence", () => {
    const message = `lodash@4.17.20 is affected. ${"Upgrade the parent package to pull the fix. ".repeat(6)}`;
    const [row] = findingRows(renderMarkdownSummary(report([finding({ message })])));
    expect(row![3]).toBe(
      `<details><summary>lodash@&#8203;4.17.20 is affected.</summary>lodash@&#8203;4.17.20 is affected. ${"Upgrade the parent package to pull the fix. ".repeat(6).trim()}</details> <sub>patch/vulnerability</sub>`,
    );
  });

  it("keeps `code` in messages as code, not literal backticks", () => {
    const [row] = findingRows(
      renderMarkdownSummary(report([finding({ message: "Refresh the lockfile (`npm update a|b`) *now*." })])),
    );
    expect(row![3]).toBe("Refresh the lockfile (`npm update a\\|b`) \\*now\\*. <sub>patch/vulnerability</sub>");
  });

  it("links locations to the file and line on GitHub when it knows the commit, plain paths otherwise", () => {
    const r = report([finding({ rule: "patch/runtime-eol", file: "app dir/.nvmrc", line: 1 })]);
    const source = { serverUrl: "https://github.com", repository: "acme/shop", sha: "abc123" };
    expect(findingRows(renderMarkdownSummary(r, { source }))[0]![2]).toBe(
      "[app dir/.nvmrc:1](https://github.com/acme/shop/blob/abc123/app%20dir/.nvmrc#L1)",
    );
    expect(findingRows(renderMarkdownSummary(r))[0]![2]).toBe("app dir/.nvmrc:1");
  });

  it("keeps 10,000 findings under GitHub's 1 MiB limit, dropping the least important rows and saying so", () => {
    const findings = manyFindings(10_000);
    const md = renderMarkdownSummary(report(findings));
    expect(bytes(md)).toBeLessThanOrEqual(DEFAULT_SUMMARY_MAX_BYTES);
    expect(bytes(md)).toBeGreaterThan(DEFAULT_SUMMARY_MAX_BYTES - 2_000);
    const rows = findingRows(md);
    const hidden = 10_000 - rows.length;
    expect(hidden).toBeGreaterThan(0);
    expect(md).toContain(`_${hidden} more findings not shown (`);
    expect(md.trimEnd().endsWith("see the JSON/SARIF report._")).toBe(true);
    // The rows shown are exactly the most important ones.
    const expected = orderFindings(findings)
      .slice(0, rows.length)
      .map((f) => f.title);
    expect(rows.map((r) => r[1])).toEqual(expected);
  });

  it.each([
    ["ASCII", "x"],
    ["three-byte characters", "語"],
    ["four-byte characters", "🎉"],
  ])("measures the limit in UTF-8 bytes (%s)", (_name, ch) => {
    const findings = Array.from({ length: 200 }, (_, i) =>
      finding({ title: `${ch.repeat(50)} ${i}`, message: ch.repeat(150) }),
    );
    const md = renderMarkdownSummary(report(findings), { maxBytes: 20_000 });
    expect(bytes(md)).toBeLessThanOrEqual(20_000);
    expect(bytes(md)).toBeGreaterThan(19_000);
    expect(findingRows(md).length).toBeLessThan(200);
  });

  it("never exceeds even a tiny limit", () => {
    const md = renderMarkdownSummary(report(manyFindings(50), { notes: ["n".repeat(400)] }), { maxBytes: 300 });
    expect(bytes(md)).toBeLessThanOrEqual(300);
  });

  it("links the full report in the note when given a URL", () => {
    const md = renderMarkdownSummary(report(manyFindings(100)), {
      maxBytes: 5_000,
      detailsUrl: "https://github.com/o/r/actions/runs/1",
    });
    expect(md).toContain("see [the JSON/SARIF report](https://github.com/o/r/actions/runs/1)._");
  });

  it("is identical whatever order the findings arrive in", () => {
    const findings = manyFindings(500);
    expect(renderMarkdownSummary(report([...findings].reverse()))).toBe(renderMarkdownSummary(report(findings)));
  });
});
