// The built patch-check action through the harness: the log, the step outputs, the job summary, the JSON
// and the SARIF give the same counts; the summary groups findings by package with links to the lockfile
// line; and an unreachable advisory source is explained in the summary instead of passing silently.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startOsvStandIn } from "../../stand-ins/osv/index.js";
import { lineOf, packageLock, runPatchCheckAction, standInInputs, useServices, workspace } from "./helpers.js";

const services = useServices();
const LOCK = packageLock({ lodash: "4.17.20", minimist: "1.2.5" });

function countsRow(summary: string, label: string): number[] {
  const line = summary.split("\n").find((l) => l.startsWith(`| ${label} |`));
  if (!line) throw new Error(`no counts row ${label} in the summary:\n${summary}`);
  return line
    .split("|")
    .slice(2, -1)
    .map((c) => Number(c.replace(/\*/g, "").trim()));
}

describe.concurrent("actions/patch-check counts and summary", () => {
  it("gives the same counts in the log, outputs, summary, JSON and SARIF, and groups the summary by package", async () => {
    const ws = workspace({ "package-lock.json": LOCK, ".nvmrc": "16\n" });
    const result = await runPatchCheckAction({
      workspace: ws,
      inputs: { ...standInInputs(services()), "json-file": "patch.json", "sarif-file": "patch.sarif" },
    });
    expect(result.exitCode, result.stdout).toBe(1);

    const json = JSON.parse(readFileSync(join(ws, "patch.json"), "utf8")) as {
      findings: Array<{ level: string; rule: string }>;
      data: { counts: Record<string, number> };
    };
    const sarif = JSON.parse(readFileSync(join(ws, "patch.sarif"), "utf8")) as {
      runs: Array<{ results: Array<{ level: string }> }>;
    };
    const total = json.findings.length;
    const byLevel = (l: string) => json.findings.filter((f) => f.level === l).length;
    // lodash and minimist advisories, and Node.js 16 past its end of life.
    expect(total).toBeGreaterThanOrEqual(3);
    expect(json.findings.some((f) => f.rule === "patch/runtime-eol")).toBe(true);

    // Step outputs.
    expect(result.outputs.findings).toBe(String(total));
    for (const [key, value] of Object.entries(json.data.counts)) expect(result.outputs[key], key).toBe(String(value));
    // SARIF.
    const results = sarif.runs[0]!.results;
    expect(results).toHaveLength(total);
    expect(results.filter((r) => r.level === "error")).toHaveLength(byLevel("error"));
    // The summary's counts table.
    expect(countsRow(result.summary, "**Total**").at(-1)).toBe(total);
    expect(countsRow(result.summary, "Error").at(-1)).toBe(byLevel("error"));
    expect(countsRow(result.summary, "Warning").at(-1)).toBe(byLevel("warning"));
    expect(result.summary).toContain(`Upkeep patch-check: ${total} findings`);
    // The log.
    const c = json.data.counts;
    expect(result.stdout).toContain(
      `failed: ${total} findings (${byLevel("error")} errors, ${byLevel("warning")} warnings, ${byLevel("note")} notes); ${c.vulnerabilities} vulnerabilities (${c.critical} critical, ${c.high} high, ${c.medium} medium, ${c.low} low, ${c.unknown} unknown; ${c.overdue} overdue), ${c.outdated} outdated`,
    );

    // One row per vulnerable package, linked to its line in the lockfile at the run's commit, before
    // the end-of-life row.
    const summary = result.summary;
    const lockLink = new RegExp(
      `\\[package-lock\\.json:${lineOf(LOCK, '"node_modules/minimist"')}\\]\\(https://github\\.com/[^/]+/[^/]+/blob/[0-9a-f]{40}/package-lock\\.json#L${lineOf(LOCK, '"node_modules/minimist"')}\\)`,
    );
    expect(summary).toMatch(lockLink);
    const rows = summary.split("\n").filter((l) => l.startsWith("| ") && l.includes("**minimist@"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain("[GHSA-xvch-5gv4-984h](https://github.com/advisories/GHSA-xvch-5gv4-984h)");
    expect(rows[0]).toContain("upgrade to **1.2.6**");
    expect(summary.indexOf("**lodash@")).toBeGreaterThan(0);
    expect(summary.indexOf("### Vulnerable packages")).toBeLessThan(summary.indexOf("Node.js"));
  });

  it("says in the summary that the advisory source was unreachable, and fails", async () => {
    const ws = workspace({ "package-lock.json": LOCK });
    const osv = await startOsvStandIn();
    osv.fault({
      path: "/v1/querybatch",
      status: 503,
      times: Number.POSITIVE_INFINITY,
      headers: { "retry-after": "0" },
    });
    const result = await runPatchCheckAction({
      workspace: ws,
      inputs: { ...standInInputs(services()), "osv-url": osv.url },
    }).finally(() => osv.close());
    expect(result.exitCode).toBe(1);
    expect(result.outputs.passed).not.toBe("true");
    expect(result.summary).toContain("## ❌ Upkeep patch-check: could not check the dependencies");
    expect(result.summary).toContain("The advisory source **osv** could not be reached");
    expect(result.summary).toMatch(/> osv: POST .*\/v1\/querybatch answered 503/);
  });
});
