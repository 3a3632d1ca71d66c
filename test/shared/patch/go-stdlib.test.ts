// Go standard library advisories (issue 9 §2): the `go`/`toolchain` directive of go.mod makes the standard
// library one more package, OSV's `stdlib` of the Go ecosystem, so an advisory of the Go vulnerability
// database matches as osv-scanner matches it. Scanned through `upkeep patch-check` on a temp project against
// a record written by us in the real shape (test/fixtures/osv-go-stdlib/README.md).
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, tempTree } from "../cli/helpers.js";

const OSV_DIR = join(import.meta.dirname, "../../fixtures/osv-go-stdlib");
const ADVISORY = "GO-2026-9001";
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups.splice(0)) c();
});

interface JsonReport {
  findings: { rule: string; level: string; file?: string; line?: number; title: string; message: string }[];
  data: { counts: { vulnerabilities: number }; packages?: unknown };
}

/** `upkeep patch-check` (offline, against the one stdlib record) on a project holding `goMod` as go.mod. */
async function scan(goMod: string): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const tree = tempTree({ "go.mod": goMod });
  cleanups.push(tree.cleanup);
  const r = await cli([
    "--format",
    "json",
    "patch-check",
    "--cwd",
    tree.dir,
    "--offline",
    "--no-eol",
    "--osv-dir",
    OSV_DIR,
  ]);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}

const vulnerabilities = (report: JsonReport) =>
  report.findings.filter((f) => f.message.includes(ADVISORY) || f.title.includes(ADVISORY));

describe("Go standard library advisories through upkeep patch-check", () => {
  it("go 1.22.1 (no toolchain line) is in the affected range: one finding on the go line", async () => {
    const { code, report, stderr } = await scan("module example.com/app\n\ngo 1.22.1\n");
    expect(code, stderr).toBe(1);
    expect(report.data.counts.vulnerabilities).toBe(1);
    const [finding] = vulnerabilities(report);
    expect(finding).toMatchObject({ level: "error", file: "go.mod", line: 3 });
    expect(`${finding?.title} ${finding?.message}`).toContain("stdlib");
    expect(finding?.message).toContain("Fix: build with Go 1.22.5 or later (`toolchain go1.22.5` in go.mod");
  });

  it("toolchain go1.22.1 is in the affected range: the finding is on the toolchain line", async () => {
    const { code, report } = await scan("module example.com/app\n\ngo 1.22.0\n\ntoolchain go1.22.1\n");
    expect(code).toBe(1);
    expect(report.data.counts.vulnerabilities).toBe(1);
    expect(vulnerabilities(report)).toEqual([expect.objectContaining({ file: "go.mod", line: 5 })]);
  });

  it("the older release line matches its own range: go 1.21.11 is affected, fixed in 1.21.12", async () => {
    const { report } = await scan("module example.com/app\n\ngo 1.21.11\n");
    expect(report.data.counts.vulnerabilities).toBe(1);
    expect(vulnerabilities(report)[0]?.message).toContain("1.21.12");
  });

  it.each([
    ["a fixed toolchain (go1.22.5) over an affected go line", "go 1.22.1\n\ntoolchain go1.22.5\n"],
    ["a fixed go line (1.22.5)", "go 1.22.5\n"],
    ["a fixed release of the older line (1.21.12)", "go 1.21.12\n"],
  ])("%s does not match", async (_label, directives) => {
    const { code, report, stderr } = await scan(`module example.com/app\n\n${directives}`);
    expect(code, stderr).toBe(0);
    expect(report.data.counts.vulnerabilities).toBe(0);
    expect(vulnerabilities(report)).toEqual([]);
  });
});
