#!/usr/bin/env node
// The Quick start's first command: Upkeep checks this repository with its own CLI, offline (advisories
// from the committed OSV records, no registry lookups), so it works on any machine with Node and npm:
// its configuration, its lockfiles, its docs against its code, and its CHANGELOG.md against its commits.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { root } from "./tools.mjs";

const tsx = join(root, "node_modules", "tsx", "dist", "cli.mjs");
const cli = join(root, "shared", "src", "cli", "bin.ts");
const steps = [
  ["config validate", ["config", "validate", "examples/upkeep.yml"]],
  ["config validate (own)", ["config", "validate"]],
  ["patch-check", ["patch-check", "--osv-dir", "test/fixtures/osv", "--offline"]],
  ["drift-check", ["drift-check"]],
  ["changelog check", ["changelog", "check"]],
];
let failed = 0;
for (const [name, args] of steps) {
  process.stdout.write(`\n$ upkeep ${args.join(" ")}\n`);
  const r = spawnSync(process.execPath, [tsx, cli, ...args], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`self-check: ${name} exited ${r.status}\n`);
  }
}
process.stdout.write(failed ? `\nself-check: ${failed} step(s) failed\n` : "\nself-check: all steps passed\n");
process.exit(failed ? 1 : 0);
