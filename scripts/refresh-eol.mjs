#!/usr/bin/env node
// Refreshes shared/src/patch/eol/release-cycles.json from endoflife.date (needs the internet; not run in
// tests or CI). Usage: node scripts/refresh-eol.mjs [--dry-run]
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./tools.mjs";

const file = join(root, "shared/src/patch/eol/release-cycles.json");
const products = ["nodejs", "python", "go", "ruby", "php"];
const current = JSON.parse(readFileSync(file, "utf8"));
const runtimes = {};
for (const p of products) {
  const res = await fetch(`https://endoflife.date/api/${p}.json`, { signal: AbortSignal.timeout(20_000) });
  if (!res.ok) {
    process.stderr.write(`refresh-eol: ${p}: HTTP ${res.status}; the table is unchanged\n`);
    process.exit(2);
  }
  const cycles = await res.json();
  runtimes[p] = cycles.map((c) => ({ cycle: String(c.cycle), eol: c.eol === true ? "1970-01-01" : c.eol }));
}
const next = { ...current, retrieved: new Date().toISOString().slice(0, 10), runtimes };
if (process.argv.includes("--dry-run")) process.stdout.write(`${JSON.stringify(next, null, 2)}\n`);
else {
  writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`);
  process.stdout.write(`refresh-eol: wrote ${file}\n`);
}
