// What a maintainer sees of patch-check findings: one row per package@version with its advisories, paths
// and the one upgrade that fixes them all, vulnerabilities before end-of-life rows.
import { renderMarkdownSummary } from "@upkeep/shared/report/markdown.js";
import type { Finding } from "@upkeep/shared/report/model.js";
import { renderPrComment } from "@upkeep/shared/report/pr-comment.js";
import { renderText } from "@upkeep/shared/report/text.js";
import { describe, expect, it } from "vitest";
import { finding, report } from "./build-report.js";
import { cells } from "./markdown-table.js";

function advisory(id: string, fixedVersion: string | null, over: Partial<Finding> = {}, path?: string[]): Finding {
  return finding({
    title: `${id} (high 7.5) in minimist@1.2.0: Prototype pollution`,
    message: `minimist@1.2.0 is affected.\nFix: upgrade minimist to ${fixedVersion}.`,
    helpUri: `https://github.com/advisories/${id}`,
    file: "package-lock.json",
    line: 40,
    properties: {
      advisory: id,
      ecosystem: "npm",
      package: "minimist",
      version: "1.2.0",
      fixedVersion,
      ...(fixedVersion ? { packageFix: "1.2.6" } : {}),
      ...(path ? { path } : {}),
    },
    ...over,
  });
}

const eol = finding({
  rule: "patch/runtime-eol",
  level: "error",
  severity: "critical",
  title: "Node.js 16 is past its end of life",
  message: "Upgrade to Node.js 22.",
  file: ".nvmrc",
  line: 1,
});

function tableRows(md: string, header: string): string[][] {
  const lines = md.split("\n");
  const start = lines.findIndex((l) => l.startsWith(header));
  const out: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    out.push(cells(line));
  }
  return out;
}

const source = { serverUrl: "https://github.com", repository: "acme/shop", sha: "0123abc" };

describe("findings grouped by package", () => {
  const findings = [
    eol,
    advisory("GHSA-xvch-5gv4-984h", "1.2.6", {}, ["app", "mkdirp", "minimist"]),
    advisory("GHSA-vh95-rmgr-6w4m", "1.2.3", { level: "warning", severity: "medium" }, ["app", "optimist", "minimist"]),
  ];

  it("shows one row per package@version with linked advisories, location, paths and the smallest fixing upgrade", () => {
    const md = renderMarkdownSummary(report(findings), { source });
    const rows = tableRows(md, "| Severity | Package |");
    expect(rows).toEqual([
      [
        "High (error)",
        "**minimist@&#8203;1.2.0** <sub>npm</sub><br>[package-lock.json:40](https://github.com/acme/shop/blob/0123abc/package-lock.json#L40)<br><details><summary>2 dependency paths</summary>app &gt; mkdirp &gt; minimist<br>app &gt; optimist &gt; minimist</details>",
        "[GHSA-xvch-5gv4-984h](https://github.com/advisories/GHSA-xvch-5gv4-984h) high (error): Prototype pollution<br>[GHSA-vh95-rmgr-6w4m](https://github.com/advisories/GHSA-vh95-rmgr-6w4m) medium (warning): Prototype pollution",
        "upgrade to **1.2.6**",
      ],
    ]);
    // The end-of-life row comes after the vulnerable packages, even though it is critical.
    expect(md.indexOf("### Vulnerable packages")).toBeLessThan(md.indexOf("### Other findings"));
    expect(tableRows(md, "| Severity | Finding |").map((r) => r[1])).toEqual(["Node.js 16 is past its end of life"]);
    // Counts are still per finding.
    expect(md).toMatch(/\| \*\*Total\*\* \| 1 \| 1 \| 1 \| 0 \| 0 \| 0 \| \*\*3\*\* \|/);
  });

  it("keeps a 'fixed by this pull request' note out of the vulnerable packages", () => {
    const fixed = finding({
      rule: "patch/fixed-by-pr",
      level: "note",
      severity: "high",
      title: "Fixed: GHSA-xvch-5gv4-984h in minimist@1.2.0",
      properties: { advisory: "GHSA-xvch-5gv4-984h", package: "minimist", version: "1.2.0" },
    });
    const md = renderMarkdownSummary(report([fixed]));
    expect(md).not.toContain("Vulnerable packages");
    expect(tableRows(md, "| Severity | Finding |").map((r) => r[1])).toEqual([
      "Fixed: GHSA-xvch-5gv4-984h in minimist@&#8203;1.2.0",
    ]);
  });

  it("says which advisories have no fix yet", () => {
    const md = renderPrComment(
      report([advisory("GHSA-aaaa-bbbb-cccc", null), advisory("GHSA-xvch-5gv4-984h", "1.2.6")]),
    );
    expect(tableRows(md, "| Severity | Package |")[0]![3]).toBe(
      "upgrade to **1.2.6** (no fix yet for GHSA-aaaa-bbbb-cccc)",
    );
  });

  it("prints the same grouping as text, with plain paths", () => {
    const text = renderText(report(findings));
    expect(text).toContain(
      [
        "minimist@1.2.0 (npm) package-lock.json:40",
        "  error   high     GHSA-xvch-5gv4-984h: Prototype pollution",
        "                   https://github.com/advisories/GHSA-xvch-5gv4-984h",
        "  warning medium   GHSA-vh95-rmgr-6w4m: Prototype pollution",
        "                   https://github.com/advisories/GHSA-vh95-rmgr-6w4m",
        "    via app > mkdirp > minimist",
        "    via app > optimist > minimist",
        "    fix: upgrade to 1.2.6",
      ].join("\n"),
    );
    expect(text.indexOf("minimist@1.2.0")).toBeLessThan(text.indexOf("Node.js 16"));
    expect(text).not.toContain("https://github.com/acme");
  });
});
