/**
 * feedback benchmark (issue 12 §1): train on 300 issues in < 2 s and classify one in < 20 ms, each against
 * a named anchor in the same run (splitting the same text into words with one regular expression: the
 * least any text classifier must do). With the NLBSE'24 training split beside the repository
 * (../shared/data/nlbse24/issues_train.csv, evaluation data, never copied in) it also measures quality:
 * 5-fold cross-validation inside each repository (the competition's score: mean of per-repository macro-F1)
 * and precision at coverage of the abstaining mode. Without the file it times generated issues and says so.
 * Writes bench/feedback/RESULTS.md. Usage: node_modules/.bin/tsx bench/feedback/run.ts [--no-cv] [--runs N]
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { classify } from "@upkeep/shared/feedback/classify.js";
import { parseIssuesCsv } from "@upkeep/shared/feedback/csv.js";
import { crossValidate, precisionAtCoverage } from "@upkeep/shared/feedback/evaluate.js";
import { serializeModel } from "@upkeep/shared/feedback/model.js";
import { type LabelledIssue, seededRandom, trainModel } from "@upkeep/shared/feedback/train.js";

const ROOT = join(import.meta.dirname, "../..");
const DATA = join(ROOT, "../shared/data/nlbse24/issues_train.csv");
const argv = process.argv.slice(2);
const RUNS = argv.includes("--runs") ? Number(argv[argv.indexOf("--runs") + 1]) : 5;
const CV = !argv.includes("--no-cv");
const TRAIN_TARGET_MS = 2000;
const CLASSIFY_TARGET_MS = 20;

/**
 * The same cross-validation with the model before the naive-Bayes part and temperature scaling (logistic
 * regression alone, model version 1; commit f768814, this command), for the before → after tables.
 */
const BEFORE = {
  commit: "f768814",
  macroF1: {
    "bitcoin/bitcoin": 0.687,
    "facebook/react": 0.825,
    "microsoft/vscode": 0.747,
    "opencv/opencv": 0.786,
    "tensorflow/tensorflow": 0.787,
  } as Record<string, number>,
  overall: { macroF1: 0.766, coverage: 0.516, appliedPrecision: 0.874 },
  curve: { 0.4: 0.917, 0.5: 0.893, 0.6: 0.874, 0.7: 0.849, 0.8: 0.826, 1: 0.767 } as Record<number, number>,
};

function generated(): LabelledIssue[] {
  const random = seededRandom(42);
  const words = "app crash error add option how why install config build run page save load user file api".split(" ");
  const text = (n: number) => Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(" ");
  return Array.from({ length: 300 }, (_, i) => ({
    title: text(8),
    body: `### Steps to reproduce\n${text(120)}\n\`\`\`\n${text(40)}\n\`\`\``,
    label: ["bug", "feature", "question"][i % 3]!,
    group: "generated",
  }));
}

const real = existsSync(DATA);
const issues = real ? parseIssuesCsv(readFileSync(DATA, "utf8"), "issues_train.csv") : generated();
const groups = [...new Set(issues.map((i) => i.group ?? ""))].sort();
const byGroup = groups.map((g) => issues.filter((i) => i.group === g));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? 0;
const split = (i: LabelledIssue) => `${i.title}\n${i.body}`.toLowerCase().split(/\W+/).length;

// Training: the whole of `trainModel` (features, fit, 2-fold threshold calibration), one group of 300 per run.
const train: number[] = [];
const trainCpu: number[] = [];
const trainAnchor: number[] = [];
let sink = 0;
for (let r = 0; r < RUNS; r++) {
  const set = byGroup[r % byGroup.length]!.slice(0, 300);
  let t = performance.now();
  for (const i of set) sink += split(i);
  trainAnchor.push(performance.now() - t);
  t = performance.now();
  const cpu = process.cpuUsage();
  const model = trainModel(set);
  train.push(performance.now() - t);
  const used = process.cpuUsage(cpu);
  trainCpu.push((used.user + used.system) / 1000);
  sink += model.threshold;
}
// Classifying: one issue at a time with a model of another group, every issue of a group.
const model = trainModel(byGroup[0]!.slice(0, 300));
const modelBytes = serializeModel(model).length;
const target = byGroup[1 % byGroup.length]!.slice(0, 300);
const one: number[] = [];
const oneAnchor: number[] = [];
for (const i of target) {
  let t = performance.now();
  sink += split(i);
  oneAnchor.push(performance.now() - t);
  t = performance.now();
  sink += classify(model, i).confidence;
  one.push(performance.now() - t);
}
const classifyCpu = process.cpuUsage();
for (const i of target) sink += classify(model, i).confidence;
const classifyUsed = process.cpuUsage(classifyCpu);
const classifyCpuMs = (classifyUsed.user + classifyUsed.system) / 1000 / target.length;
const trainMs = median(train);
const trainCpuMs = median(trainCpu);
const oneMs = median(one);
const oneP99 = quantile(one, 0.99);
const f = (x: number, d = 1) => x.toFixed(d);
const rows = [
  "| measurement | median wall | CPU time | anchor (regex word split, same text) | ratio | target (CPU time) |",
  "| --- | ---: | ---: | ---: | ---: | --- |",
  `| train on 300 issues (features, both parts fitted, 2-fold calibration of threshold and temperature) | ${f(trainMs, 0)} ms | ${f(trainCpuMs, 0)} ms | ${f(median(trainAnchor), 1)} ms | ${f(trainMs / Math.max(0.001, median(trainAnchor)), 0)}× | < ${TRAIN_TARGET_MS} ms: ${trainCpuMs < TRAIN_TARGET_MS ? "**pass**" : "**FAIL**"} |`,
  `| classify one issue (p99 ${f(oneP99, 2)} ms wall) | ${f(oneMs, 2)} ms | ${f(classifyCpuMs, 2)} ms | ${f(median(oneAnchor), 3)} ms | ${f(oneMs / Math.max(0.0001, median(oneAnchor)), 0)}× | < ${CLASSIFY_TARGET_MS} ms: ${classifyCpuMs < CLASSIFY_TARGET_MS ? "**pass**" : "**FAIL**"} |`,
];

let quality = "";
if (real && CV) {
  const t = performance.now();
  const { evaluation, predictions } = crossValidate(issues, { groupBy: true, folds: 5 });
  const cvSeconds = (performance.now() - t) / 1000;
  const g = (s: (typeof evaluation)["overall"]) =>
    `${f(s.macroF1, 3)} | ${f(s.precision, 3)} | ${f(s.recall, 3)} | ${f(s.coverage, 3)} | ${f(s.appliedPrecision, 3)}`;
  const curve = precisionAtCoverage(predictions, [0.4, 0.5, 0.6, 0.7, 0.8, 1]);
  const delta = (after: number, before: number | undefined) =>
    before === undefined ? "" : `${after >= before ? "+" : "−"}${f(Math.abs(after - before), 3)}`;
  quality = `
### Quality: NLBSE'24 training split, 5-fold cross-validation per repository

Each repository's 300 issues are split into 5 stratified folds (seed 1); every issue is predicted by a model
trained on the other 4 folds of its own repository (the competition trains per repository), whose abstention
threshold and temperature were calibrated by a 2-fold cross-validation inside those 4 folds only (target
precision 0.90). No setting was tuned on a test split: the defaults were chosen with
\`bench/feedback/tune.ts\` by the same cross-validation on this training split, and the competition's test
split is held back.

| repository | macro-F1 | precision | recall | coverage (abstaining) | precision of applied labels |
| --- | ---: | ---: | ---: | ---: | ---: |
${Object.entries(evaluation.groups)
  .map(([name, s]) => `| ${name} | ${g(s)} |`)
  .join("\n")}
| **overall** (mean of repositories) | ${g(evaluation.overall)} |

Before → after: the logistic regression alone (model version 1, commit ${BEFORE.commit}, the same command)
against the mixed model (version 2: the logistic regression with an NB-LR part over the words, temperature
scaled):

| repository | macro-F1 before | after | change |
| --- | ---: | ---: | ---: |
${Object.entries(evaluation.groups)
  .map(
    ([name, s]) =>
      `| ${name} | ${f(BEFORE.macroF1[name] ?? Number.NaN, 3)} | ${f(s.macroF1, 3)} | ${delta(s.macroF1, BEFORE.macroF1[name])} |`,
  )
  .join("\n")}
| **overall** | ${f(BEFORE.overall.macroF1, 3)} | ${f(evaluation.overall.macroF1, 3)} | ${delta(evaluation.overall.macroF1, BEFORE.overall.macroF1)} |
| calibrated abstention: coverage | ${f(BEFORE.overall.coverage, 3)} | ${f(evaluation.overall.coverage, 3)} | ${delta(evaluation.overall.coverage, BEFORE.overall.coverage)} |
| calibrated abstention: precision of applied labels | ${f(BEFORE.overall.appliedPrecision, 3)} | ${f(evaluation.overall.appliedPrecision, 3)} | ${delta(evaluation.overall.appliedPrecision, BEFORE.overall.appliedPrecision)} |

Precision at coverage (all 1,500 out-of-fold predictions ranked by confidence):

| coverage | precision before | precision after | confidence at least (after) |
| ---: | ---: | ---: | ---: |
${curve.map((c) => `| ${f(c.coverage * 100, 0)} % | ${f(BEFORE.curve[c.coverage] ?? Number.NaN, 3)} | ${f(c.precision, 3)} | ${f(c.threshold, 3)} |`).join("\n")}

With 300 issues per repository, one repository's macro-F1 moves by about ±0.03 from one fold split to
another, the mean of five by about ±0.01: changes smaller than that are noise. The settings of the NB-LR part
(share, group weights) were chosen among about 40 tried by this same cross-validation (\`tune.ts\`), so the
"after" figures carry a little selection optimism; the held-back test split is the independent check.

- Goal: macro-F1 ≥ 0.80 — **${evaluation.overall.macroF1 >= 0.8 ? "met" : "not met"}** (${f(evaluation.overall.macroF1, 3)}); published
  baselines on the competition's test split: fastText 0.718, RoBERTa 0.792, SetFit 0.824.
- Goal: precision ≥ 0.90 at ≥ 60 % coverage — **${(curve.find((c) => c.coverage === 0.6)?.precision ?? 0) >= 0.9 ? "met" : "not met"}**
  (${f(curve.find((c) => c.coverage === 0.6)?.precision ?? 0, 3)} at 60 %); the calibrated thresholds give
  ${f(evaluation.overall.coverage * 100, 0)} % coverage at ${f(evaluation.overall.appliedPrecision, 3)} precision.
- Cross-validation took ${f(cvSeconds, 0)} s (25 trainings with calibration, each 3 fits of both parts).
`;
}

const md = `# feedback benchmark

Issue 12 §1: train the issue classifier on 300 issues in under 2 s, classify one issue in under 20 ms.

Command (from the repository root):

\`\`\`sh
node_modules/.bin/tsx bench/feedback/run.ts            # --runs N, --no-cv
node_modules/.bin/tsx shared/src/cli/bin.ts feedback eval --train ../shared/data/nlbse24/issues_train.csv --group-by repo --format json
\`\`\`

Data: ${real ? `the NLBSE'24 training split (${issues.length} issues, ${groups.length} repositories × 300; read from ../shared/data, not part of the repository)` : "300 generated issues (the NLBSE'24 file was not beside the repository)"}.
Model: ${modelBytes.toLocaleString("en")} bytes of JSON for 300 issues.

${rows.join("\n")}

- The anchor splits the same title and body into words with one regular expression and does nothing else;
  the ratio (wall clock, both measured in the same run) is what features (word and character n-grams, template
  headings, cues), fitting and calibration cost on top.
- The targets are judged on CPU time (\`process.cpuUsage\`, this process only): the machine is shared, and
  with the load average below several times the number of cores, wall-clock time mostly measures waiting.
- Machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}, load average ${loadavg()
  .map((x) => x.toFixed(2))
  .join(" ")} at the end of the run (other work was running on the machine).
${quality}`;
// The duplicates benchmark (duplicates.ts --write) keeps its last results beside; they join this page.
const duplicatesFile = join(ROOT, "bench/feedback/DUPLICATES.md");
const withDuplicates = existsSync(duplicatesFile) ? `${md}\n${readFileSync(duplicatesFile, "utf8")}` : md;
writeFileSync(join(ROOT, "bench/feedback/RESULTS.md"), withDuplicates);
process.stdout.write(md);
if (sink === Number.POSITIVE_INFINITY) process.stdout.write("\n");
if (trainCpuMs >= TRAIN_TARGET_MS || classifyCpuMs >= CLASSIFY_TARGET_MS) process.exitCode = 1;
