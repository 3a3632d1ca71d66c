/**
 * Hyper-parameter search for the classifier by 5-fold cross-validation inside each repository of a
 * training CSV (never a test split). Prints one line per setting: mean per-repository macro-F1.
 * Usage: node_modules/.bin/tsx bench/feedback/tune.ts [issues_train.csv]
 */
import { readFileSync } from "node:fs";
import { scoreVector } from "@upkeep/shared/feedback/classify.js";
import { parseIssuesCsv } from "@upkeep/shared/feedback/csv.js";
import { type Prediction, scorePredictions } from "@upkeep/shared/feedback/evaluate.js";
import { DEFAULT_FEATURE_OPTIONS, type FeatureOptions, featurize } from "@upkeep/shared/feedback/features.js";
import { fitWeights, stratifiedFolds, type TrainOptions } from "@upkeep/shared/feedback/train.js";

const file = process.argv[2] ?? "../shared/data/nlbse24/issues_train.csv";
const issues = parseIssuesCsv(readFileSync(file, "utf8"), file);
const labels = [...new Set(issues.map((i) => i.label))].sort();
const groups = [...new Set(issues.map((i) => i.group ?? ""))].sort();

function cv(features: FeatureOptions, train: TrainOptions): number {
  const scores: number[] = [];
  for (const g of groups) {
    const own = issues.filter((i) => i.group === g);
    const ex = own.map((i) => ({ x: featurize(i.title, i.body, features), y: labels.indexOf(i.label) }));
    const fold = stratifiedFolds(own, 5, 1);
    const preds: Prediction[] = [];
    for (let f = 0; f < 5; f++) {
      const model = fitWeights(
        ex.filter((_, i) => fold[i] !== f),
        labels,
        features,
        train,
      );
      ex.forEach((e, i) => {
        if (fold[i] !== f) return;
        const p = scoreVector(model, e.x);
        let b = 0;
        for (let j = 1; j < p.length; j++) if (p[j]! > p[b]!) b = j;
        preds.push({ gold: labels[e.y]!, predicted: labels[b]!, confidence: p[b]!, abstained: false, group: g });
      });
    }
    scores.push(scorePredictions(preds, labels).macroF1);
  }
  return scores.reduce((a, b) => a + b, 0) / scores.length;
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
  const score = cv(features, t);
  console.log(`${name.padEnd(40)} ${score.toFixed(4)}  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
