// Paths a user gives the action are the user's, as in the CLI: an `osv-dir` outside working-directory
// (`../osv`, or an absolute path outside the workspace) is read where it is, and one folder in `paths`
// outside working-directory is the project scanned. The bundle runs under Node 24 with the no-network
// guard, so the offline database is the only advisory source it can reach.
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { osvFixtureDir } from "../../fixtures/osv/index.js";
import { tempDir } from "../helpers.js";
import { lineOf, packageLock, runPatchCheckAction, useServices, workspace } from "./helpers.js";

const services = useServices();
const LOCK = packageLock({ lodash: "4.17.20" });
// The lodash advisory (fixed in 4.17.21) is the only record in the databases below.
const LODASH_ADVISORY = "GHSA-35jh-r3h4-6jhm";

/** A folder holding the one OSV record, as osv.dev's per-record JSON files. */
function osvFolder(dir: string): string {
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(osvFixtureDir, `${LODASH_ADVISORY}.json`), join(dir, `${LODASH_ADVISORY}.json`));
  return dir;
}

function registries(): Record<string, string> {
  return { registries: `npm=${services().npm.url}` };
}

describe.concurrent("actions/patch-check: paths outside working-directory", () => {
  it("reads an osv-dir of ../osv, outside working-directory, and reports the advisory it holds", async () => {
    const ws = workspace({ "app/package-lock.json": LOCK });
    osvFolder(join(ws, "osv"));
    const result = await runPatchCheckAction({
      workspace: ws,
      inputs: { ...registries(), "working-directory": "app", "osv-dir": "../osv" },
    });
    expect(result.stderr).not.toMatch(/outside/);
    expect(result.outputs, result.stdout).toMatchObject({ vulnerabilities: "1", high: "1" });
    expect(result.summary).toContain(LODASH_ADVISORY);
    expect(result.annotations).toContainEqual(
      expect.objectContaining({
        level: "error",
        file: "app/package-lock.json",
        line: lineOf(LOCK, '"node_modules/lodash"'),
      }),
    );
  });

  it("reads an osv-dir given as an absolute path outside the workspace", async () => {
    const ws = workspace({ "app/package-lock.json": LOCK });
    const elsewhere = osvFolder(join(tempDir("upkeep-osv-elsewhere-"), "db"));
    const result = await runPatchCheckAction({
      workspace: ws,
      inputs: { ...registries(), "working-directory": "app", "osv-dir": elsewhere },
    });
    expect(result.outputs, result.stdout).toMatchObject({ vulnerabilities: "1" });
    expect(result.summary).toContain(LODASH_ADVISORY);
  });

  it("scans one folder in paths outside working-directory as the project, naming files from the repository root", async () => {
    const ws = workspace({ "app/package-lock.json": packageLock({}), "other/package-lock.json": LOCK });
    osvFolder(join(ws, "osv"));
    const result = await runPatchCheckAction({
      workspace: ws,
      inputs: { ...registries(), "working-directory": "app", paths: "../other", "osv-dir": "../osv" },
    });
    expect(result.outputs, result.stdout).toMatchObject({ vulnerabilities: "1" });
    expect(result.annotations).toContainEqual(
      expect.objectContaining({ level: "error", file: "other/package-lock.json" }),
    );
  });

  it("refuses paths outside working-directory that are not one folder, naming them and what to do", async () => {
    const ws = workspace({ "app/package-lock.json": LOCK, "other/package-lock.json": LOCK });
    osvFolder(join(ws, "osv"));
    const result = await runPatchCheckAction({
      workspace: ws,
      inputs: { ...registries(), "working-directory": "app", paths: "../other/package-lock.json", "osv-dir": "../osv" },
    });
    expect(result.exitCode).toBe(1);
    const failure = result.annotations.find((a) => a.level === "error")?.message ?? "";
    expect(failure).toContain("../other/package-lock.json is outside");
    expect(failure).toContain("set working-directory");
  });
});
