#!/usr/bin/env node
// Runs the whole test suite with vitest. It does not rebuild the committed action bundles: the tests run
// dist/ as committed, and test/build/check-dist.test.ts fails when dist/ is stale (run `pnpm build`).
// Ends with the plain closing line `N passed, N failed, N skipped` that CI reads.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./tools.mjs";

const dir = mkdtempSync(join(tmpdir(), "upkeep-test-"));
const out = join(dir, "results.json");
const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
const r = spawnSync(
  process.execPath,
  [vitest, "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit" },
);
let line = "";
try {
  const res = JSON.parse(readFileSync(out, "utf8"));
  const skipped = (res.numPendingTests ?? 0) + (res.numTodoTests ?? 0);
  line = `${res.numPassedTests} passed, ${res.numFailedTests} failed, ${skipped} skipped`;
  if (res.numTotalTests === 0) {
    process.stderr.write("test: no test ran\n");
    process.exitCode = 1;
  }
} catch {
  line = "0 passed, 1 failed";
  process.stderr.write("test: vitest wrote no results (it crashed before running the tests)\n");
}
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`\n${line}\n`);
process.exit(r.status === 0 && process.exitCode !== 1 ? 0 : 1);
