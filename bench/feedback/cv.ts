import { readFileSync } from "node:fs";
import { parseIssuesCsv } from "@upkeep/shared/feedback/csv.js";
import { crossValidate, precisionAtCoverage } from "@upkeep/shared/feedback/evaluate.js";

const file = process.argv[2] ?? "../shared/data/nlbse24/issues_train.csv";
const issues = parseIssuesCsv(readFileSync(file, "utf8"), file);
const t0 = performance.now();
const { evaluation, predictions } = crossValidate(issues, { groupBy: true, folds: 5 });
const ms = performance.now() - t0;
const fmt = (x: number) => x.toFixed(3);
for (const [g, s] of Object.entries(evaluation.groups)) {
  console.log(
    `${g.padEnd(24)} F1 ${fmt(s.macroF1)}  P ${fmt(s.precision)}  R ${fmt(s.recall)}  cov ${fmt(s.coverage)}  appliedP ${fmt(s.appliedPrecision)}`,
  );
}
const o = evaluation.overall;
console.log(
  `${"overall".padEnd(24)} F1 ${fmt(o.macroF1)}  P ${fmt(o.precision)}  R ${fmt(o.recall)}  cov ${fmt(o.coverage)}  appliedP ${fmt(o.appliedPrecision)}`,
);
for (const r of precisionAtCoverage(predictions, [0.5, 0.6, 0.7, 0.8, 1]))
  console.log(`coverage ${r.coverage}: precision ${fmt(r.precision)} (threshold ${fmt(r.threshold)})`);
console.log(`time ${(ms / 1000).toFixed(1)} s`);
