#!/usr/bin/env node
// Precision of the error-level findings of a corpus run, per rule and overall (issue 9).
//
//   node bench/corpus/score.mjs [--out DIR] [--markdown]
//
// Reads the reports that run.mjs wrote and the verdicts in bench/corpus/verdicts.json (classify.mjs), with
// drift-verdicts.json taking precedence for drift rules. A
// finding is matched to its verdict by repository and fingerprint. Precision = true / (true + false);
// findings without a verdict are listed as unclassified (run classify.mjs, then read them). Also counted:
// runs that ended without a report (exit 2: a refused lockfile hides every other finding of the repository),
// requests that tried to leave the machine, and `changelog next` answers judged right or wrong.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const i = process.argv.indexOf("--out");
const outDir = resolve(i >= 0 ? process.argv[i + 1] : join(root, "bench/.work/corpus"));
const markdown = process.argv.includes("--markdown");

const data = JSON.parse(readFileSync(join(here, "verdicts.json"), "utf8"));
const verdicts = new Map(data.verdicts.map((v) => [`${v.repo}\u0000${v.fingerprint}`, v]));
// drift-check's findings were re-read against the clones for the drift rules (drift-verdicts.json, with the
// reason of every change in DRIFT.md): for a `drift/` rule that verdict wins.
const driftFile = join(here, "drift-verdicts.json");
if (existsSync(driftFile)) {
  for (const v of JSON.parse(readFileSync(driftFile, "utf8")).verdicts) {
    if (v.rule.startsWith("drift/")) verdicts.set(`${v.repo}\u0000${v.fingerprint}`, v);
  }
}
const nextVerdicts = new Map(
  (data.next ?? []).map((n) => [`${n.repo}\u0000${n.package}\u0000${n.previous}\u0000${n.version}`, n]),
);

const rules = new Map();
const failures = [];
const network = [];
const unclassified = [];
const levels = { error: 0, warning: 0, note: 0 };
let repos = 0;
for (const name of readdirSync(outDir).filter((n) => n.endsWith(".json"))) {
  const run = JSON.parse(readFileSync(join(outDir, name), "utf8"));
  repos++;
  if (run.network?.length) network.push(`${run.repo}: ${run.network.join(", ")}`);
  for (const [check, r] of Object.entries(run.runs)) {
    if (r.exit === 2 || r.exit === null)
      failures.push(
        `${run.repo} ${check}: ${r.stderr.split("\n").find((l) => l.startsWith("upkeep:")) ?? r.stderr.trim().split("\n").at(-1)}`,
      );
    for (const f of r.output?.findings ?? []) {
      levels[f.level]++;
      if (f.level !== "error") continue;
      const row = rules.get(f.rule) ?? { true: 0, false: 0, unclassified: 0 };
      const v = verdicts.get(`${run.repo}\u0000${f.fingerprint}`);
      if (v) row[v.verdict]++;
      else {
        row.unclassified++;
        unclassified.push(`${run.repo} ${f.rule} ${f.file}:${f.line ?? ""} ${f.title}`);
      }
      rules.set(f.rule, row);
    }
  }
  const next = run.runs.changelogNext?.output;
  for (const a of Array.isArray(next) ? next : next ? [next] : []) {
    const v = nextVerdicts.get(`${run.repo}\u0000${a.package ?? null}\u0000${a.previous}\u0000${a.version}`);
    const row = rules.get("changelog next (answers)") ?? { true: 0, false: 0, unclassified: 0 };
    if (v) row[v.verdict]++;
    else row.unclassified++;
    rules.set("changelog next (answers)", row);
  }
}

const pct = (t, f) => (t + f === 0 ? "–" : `${((100 * t) / (t + f)).toFixed(1)} %`);
const rows = [...rules.entries()].sort((a, b) => b[1].true + b[1].false - (a[1].true + a[1].false));
const total = { true: 0, false: 0, unclassified: 0 };
for (const [rule, r] of rows) {
  if (rule.startsWith("changelog next")) continue;
  total.true += r.true;
  total.false += r.false;
  total.unclassified += r.unclassified;
}
if (markdown) {
  console.log(`| rule | error findings | true | false | precision |`);
  console.log(`| --- | ---: | ---: | ---: | ---: |`);
  for (const [rule, r] of rows) {
    console.log(
      `| \`${rule}\` | ${r.true + r.false + r.unclassified} | ${r.true} | ${r.false} | ${pct(r.true, r.false)} |`,
    );
  }
  console.log(
    `| **all error-level findings** | ${total.true + total.false + total.unclassified} | ${total.true} | ${total.false} | **${pct(total.true, total.false)}** |`,
  );
  for (const check of ["patch", "changelog", "drift"]) {
    const t = { true: 0, false: 0, n: 0 };
    for (const [rule, r] of rows) {
      if (!rule.startsWith(`${check}/`)) continue;
      t.true += r.true;
      t.false += r.false;
      t.n += r.true + r.false + r.unclassified;
    }
    console.log(`| ${check}-check, all its rules | ${t.n} | ${t.true} | ${t.false} | ${pct(t.true, t.false)} |`);
  }
  console.log(
    `\nRuns that ended without a report (exit 2): ${failures.length}. Requests that tried to leave the machine: ${network.length}.`,
  );
  console.log(
    `Findings by level: ${levels.error} error, ${levels.warning} warning, ${levels.note} note, on ${repos} repositories.`,
  );
} else {
  for (const [rule, r] of rows) {
    console.log(
      `${rule.padEnd(44)} ${String(r.true + r.false + r.unclassified).padStart(5)}  true ${String(r.true).padStart(4)}  false ${String(r.false).padStart(5)}  ${pct(r.true, r.false)}`,
    );
  }
  console.log(
    `${"overall".padEnd(44)} ${String(total.true + total.false + total.unclassified).padStart(5)}  true ${String(total.true).padStart(4)}  false ${String(total.false).padStart(5)}  ${pct(total.true, total.false)}`,
  );
  console.log(`levels: ${JSON.stringify(levels)} on ${repos} repositories`);
  console.log(`runs without a report (exit 2): ${failures.length}`);
  for (const f of failures) console.log(`  ${f}`);
  console.log(`requests that tried to leave the machine: ${network.length}`);
  for (const n of network) console.log(`  ${n}`);
  if (unclassified.length) console.log(`unclassified error findings: ${unclassified.length}`);
  for (const u of unclassified.slice(0, 50)) console.log(`  ${u}`);
}
