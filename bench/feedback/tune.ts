/**
 * Hyper-parameter search for the classifier by 5-fold cross-validation inside each repository of a
 * training CSV (never a test split). Prints one line per setting: mean per-repository macro-F1 (no
 * abstention), the precision of the 60 % most confident predictions of all repositories, and the time.
 * Settings come from GRID, a JSON list of [name, feature options, train options], e.g.
 *   GRID='[["nb off",{},{"naiveBayes":false}],["mix .4",{},{"naiveBayes":{"mix":0.4}}]]'
 * Train options also take `alsoWeight` (the other repositories' issues join every fit with that weight) and
 * `ownCopy` (the own issues' features get their own copy, as `trainModel` does with extra issues).
 * Thresholds and temperatures are not calibrated here (the abstention is measured by bench/feedback/run.ts).
 * Usage: node_modules/.bin/tsx bench/feedback/tune.ts [issues_train.csv]
 */
import { readFileSync } from "node:fs";
import { scoreIssue } from "@upkeep/shared/feedback/classify.js";
import { parseIssuesCsv } from "@upkeep/shared/feedback/csv.js";
import { type Prediction, precisionAtCoverage, scorePredictions } from "@upkeep/shared/feedback/evaluate.js";
import { DEFAULT_FEATURE_OPTIONS, type FeatureOptions, withOwnCopy } from "@upkeep/shared/feedback/features.js";
import { examplesOf, fitModel, stratifiedFolds, type TrainOptions } from "@upkeep/shared/feedback/train.js";

/** Seed of the fold split (SEED=2 … to see how much a number moves with the split alone). */
const SEED = Number(process.env.SEED ?? 1);
const file = process.argv[2] ?? "../shared/data/nlbse24/issues_train.csv";
const issues = parseIssuesCsv(readFileSync(file, "utf8"), file);
const labels = [...new Set(issues.map((i) => i.label))].sort();
const groups = [...new Set(issues.map((i) => i.group ?? ""))].sort();

function cv(features: FeatureOptions, train: TrainOptions) {
  const scores: number[] = [];
  const all: Prediction[] = [];
  const byGroup = new Map(
    groups.map((g) => [
      g,
      examplesOf(
        issues.filter((i) => i.group === g),
        labels,
        features,
      ),
    ]),
  );
  for (const g of groups) {
    const own = issues.filter((i) => i.group === g);
    // ownCopy (as trainModel does with extra issues): the own issues' features also fill a second, own slot.
    const mask = (1 << features.bits) - 1;
    const ex = (train as { ownCopy?: boolean }).ownCopy
      ? byGroup.get(g)!.map((e) => ({ ...e, x: withOwnCopy(e.x, mask), present: withOwnCopy(e.present, mask) }))
      : byGroup.get(g)!;
    // alsoWeight: the other repositories' issues join every fit with that weight (never scored here).
    const w = train.alsoWeight ?? 0;
    const extra =
      w > 0 ? groups.filter((o) => o !== g).flatMap((o) => byGroup.get(o)!.map((e) => ({ ...e, weight: w }))) : [];
    const fold = stratifiedFolds(own, 5, SEED);
    const preds: Prediction[] = [];
    for (let f = 0; f < 5; f++) {
      const model = fitModel([...ex.filter((_, i) => fold[i] !== f), ...extra], labels, features, train);
      ex.forEach((e, i) => {
        if (fold[i] !== f) return;
        const p = scoreIssue(model, e);
        let b = 0;
        for (let j = 1; j < p.length; j++) if (p[j]! > p[b]!) b = j;
        preds.push({ gold: labels[e.y]!, predicted: labels[b]!, confidence: p[b]!, abstained: false, group: g });
      });
    }
    scores.push(scorePredictions(preds, labels).macroF1);
    all.push(...preds);
  }
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  return { mean, scores, p60: precisionAtCoverage(all, [0.6])[0]!.precision };
}

const grid: [string, Partial<FeatureOptions>, TrainOptions][] = JSON.parse(process.env.GRID ?? "[]");
if (grid.length === 0) grid.push(["default", {}, {}]);
for (const [name, f, t] of grid) {
  const features = {
    ...DEFAULT_FEATURE_OPTIONS,
    ...f,
    weights: { ...DEFAULT_FEATURE_OPTIONS.weights, ...(f.weights ?? {}) },
  };
  const t0 = performance.now();
  const { mean, scores, p60 } = cv(features, t);
  console.log(
    `${name.padEnd(32)} macro-F1 ${mean.toFixed(4)}  p@60% ${p60.toFixed(3)}  [${scores.map((s) => s.toFixed(3)).join(" ")}]  (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
}
