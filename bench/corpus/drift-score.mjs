#!/usr/bin/env node
// Precision of drift-check's error-level findings on the corpus, per rule, before and after a change
// (issue 9 §3).
//
//   node bench/corpus/drift-score.mjs [--before DIR] [--after DIR] [--markdown]
//
// DIRs hold the reports of bench/corpus/drift-run.mjs (default bench/.work/drift-before and
// bench/.work/drift-after). Each error-level finding is matched to bench/corpus/drift-verdicts.json by
// repository and fingerprint; precision = true / (true + false). A finding without a verdict is listed
// as unclassified and counted apart, never scored as either.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const dirs = {
  before: resolve(arg("--before", join(root, "bench/.work/drift-before"))),
  after: resolve(arg("--after", join(root, "bench/.work/drift-after"))),
};
const verdicts = new Map(
  JSON.parse(readFileSync(join(here, "drift-verdicts.json"), "utf8")).verdicts.map((v) => [
    `${v.repo}\u0000${v.fingerprint}`,
    v,
  ]),
);

function score(dir) {
  const rules = new Map();
  const unclassified = [];
  const levels = { error: 0, warning: 0, note: 0 };
  if (!existsSync(dir)) return { rules, unclassified, levels };
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".json"))) {
    const run = JSON.parse(readFileSync(join(dir, name), "utf8"));
    for (const f of run.report?.findings ?? []) {
      levels[f.level]++;
      const row = rules.get(f.rule) ?? { error: 0, warning: 0, note: 0, true: 0, false: 0, unclassified: 0 };
      row[f.level]++;
      if (f.level === "error") {
        const v = verdicts.get(`${run.repo}\u0000${f.fingerprint}`);
        if (v && (v.verdict === "true" || v.verdict === "false")) row[v.verdict]++;
        else {
          row.unclassified++;
          unclassified.push(`${run.repo} ${f.rule} ${f.file}:${f.line ?? ""}`);
        }
      }
      rules.set(f.rule, row);
    }
  }
  return { rules, unclassified, levels };
}

const pct = (t, f) => (t + f === 0 ? "–" : `${((100 * t) / (t + f)).toFixed(1)} %`);
const before = score(dirs.before);
const after = score(dirs.after);
const names = [...new Set([...before.rules.keys(), ...after.rules.keys()])].sort();
const empty = { error: 0, warning: 0, note: 0, true: 0, false: 0, unclassified: 0 };
const total = (s) => {
  const t = { ...empty };
  for (const r of s.rules.values()) for (const k of Object.keys(t)) t[k] += r[k];
  return t;
};
const lines = [
  "| rule | before: errors (true / false) | before precision | after: errors (true / false) | after precision | after: warnings, notes |",
  "| --- | ---: | ---: | ---: | ---: | ---: |",
];
for (const name of [...names, "all drift rules"]) {
  const b = name === "all drift rules" ? total(before) : (before.rules.get(name) ?? empty);
  const a = name === "all drift rules" ? total(after) : (after.rules.get(name) ?? empty);
  lines.push(
    `| ${name === "all drift rules" ? "**all drift rules**" : `\`${name}\``} | ${b.error} (${b.true} / ${b.false}) | ${pct(b.true, b.false)} | ${a.error} (${a.true} / ${a.false}) | ${pct(a.true, a.false)} | ${a.warning}, ${a.note} |`,
  );
}
if (process.argv.includes("--markdown")) console.log(lines.join("\n"));
else {
  console.log(lines.join("\n"));
  for (const [label, s] of [
    ["before", before],
    ["after", after],
  ]) {
    if (s.unclassified.length)
      console.log(`\n${label}: ${s.unclassified.length} unclassified\n  ${s.unclassified.join("\n  ")}`);
  }
}
