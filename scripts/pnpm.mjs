#!/usr/bin/env node
// Runs the project's pinned pnpm (installed by scripts/setup.mjs) with the given arguments.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { pnpmEntry, root } from "./tools.mjs";

const entry = pnpmEntry();
if (!existsSync(entry)) {
  process.stderr.write("pnpm is not installed for this project yet: run `npm run setup` first.\n");
  process.exit(2);
}
const r = spawnSync(entry, process.argv.slice(2), { cwd: process.cwd() || root, stdio: "inherit" });
process.exit(r.status ?? 1);
