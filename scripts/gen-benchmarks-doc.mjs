#!/usr/bin/env node
// Writes docs/benchmarks.md from the results each benchmark folder records (bench/<name>/RESULTS.md), so the
// numbers in the docs are the ones the benchmark scripts printed. Usage: node scripts/gen-benchmarks-doc.mjs [--check]
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./tools.mjs";

// Known folders first, in this order and with these titles; any other bench/<dir>/RESULTS.md follows by name.
const titles = new Map([
  ["patch", "patch-check"],
  ["changelog", "changelog"],
  ["drift", "drift-check"],
  ["corpus", "real repositories (precision)"],
  ["backup", "backup-verify"],
  ["gate", "staging-gate"],
  ["feedback", "feedback triage"],
  ["bot", "bot"],
  ["build", "bundles"],
]);
const found = readdirSync(join(root, "bench"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, "bench", d.name, "RESULTS.md")))
  .map((d) => d.name);
const sections = [
  ...[...titles].filter(([dir]) => found.includes(dir)).map(([dir, title]) => [title, dir]),
  ...found
    .filter((dir) => !titles.has(dir))
    .sort()
    .map((dir) => [dir, dir]),
];
let out = `# Benchmarks

Speed is measured by scripts in \`bench/\`, each against a named anchor **in the same run** (a ratio), never
by a timed test. Each section below is the \`RESULTS.md\` its benchmark wrote, with the exact command and
the machine it ran on; regenerate this page with \`node scripts/gen-benchmarks-doc.mjs\`. All runs: 2 cores,
shared with other work (load averages are given), Node 24; network only to the npm registry (the outdated
benchmark) or 127.0.0.1.

| capability | script | anchor |
| --- | --- | --- |
| patch-check | \`bench/patch/{outdated,scan-10k,parse}.ts\` | \`npm outdated\`; one OSV query per package; \`@pnpm/lockfile.fs\`, \`@yarnpkg/lockfile\`, \`@yarnpkg/parsers\` |
| changelog | \`bench/changelog/run.ts\` | the conventional-changelog CLI (conventionalcommits preset) |
| drift-check | \`bench/drift/run.ts\` | reading and parsing the same Markdown files with nothing else |
| staging-gate | \`bench/gate/run.ts\` | one \`GET /repos/{owner}/{repo}\` round trip to the same GitHub stand-in |
| bot | \`bench/bot/run.ts\` | a bare Probot app whose handler does nothing |
| bundles | \`bench/build/run.ts\` | \`node -e ""\` (bare Node 24 start-up) |
`;
for (const [title, dir] of sections) {
  const file = join(root, "bench", dir, "RESULTS.md");
  if (!existsSync(file)) continue;
  const text = readFileSync(file, "utf8")
    .replace(/^# .*\n+/, "")
    .replace(/^(#{1,5}) /gm, "#$1 ")
    .replace(/\]\((?!https?:|#|\/)([^)]+)\)/g, `](../bench/${dir}/$1)`);
  out += `\n## ${title}\n\n${text.trim()}\n`;
}
const target = join(root, "docs", "benchmarks.md");
if (process.argv.includes("--check")) {
  const now = existsSync(target) ? readFileSync(target, "utf8") : "";
  if (now !== out) {
    process.stderr.write("docs/benchmarks.md is stale: run node scripts/gen-benchmarks-doc.mjs\n");
    process.exit(1);
  }
} else {
  writeFileSync(target, out);
  process.stdout.write("wrote docs/benchmarks.md\n");
}
