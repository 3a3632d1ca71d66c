/**
 * Measuring the classifier the way the NLBSE'24 tool competition does: per group (repository) the macro
 * average of per-label F1, overall the mean of the group scores. Abstention is measured separately:
 * the share of issues the classifier labels (coverage) and how many of those labels are right.
 */
import { classify } from "./classify.js";
import type { FeedbackModel } from "./model.js";
import { type LabelledIssue, stratifiedFolds, type TrainOptions, trainModel } from "./train.js";

/** Scores of one group (or the overall mean of the groups). */
export interface Scores {
  /** Macro-averaged F1 over the labels, every issue predicted (no abstention). */
  macroF1: number;
  /** Macro-averaged precision, no abstention. */
  precision: number;
  /** Macro-averaged recall, no abstention. */
  recall: number;
  /** Share of issues the abstaining classifier labels (confidence ≥ the model's threshold). */
  coverage: number;
  /** Share of those labels that are right. */
  appliedPrecision: number;
  /** Issues scored. */
  issues: number;
}

/** The result of {@link evaluateSplit} and {@link crossValidate}. */
export interface Evaluation {
  overall: Scores;
  groups: Record<string, Scores>;
  perLabel: Record<string, { precision: number; recall: number; f1: number }>;
}

/** A prediction next to the truth. */
export interface Prediction {
  gold: string;
  predicted: string;
  confidence: number;
  abstained: boolean;
  group: string;
}

function perLabelScores(predictions: readonly Prediction[], labels: readonly string[]) {
  const out: Record<string, { precision: number; recall: number; f1: number }> = {};
  for (const l of labels) {
    const tp = predictions.filter((p) => p.predicted === l && p.gold === l).length;
    const fp = predictions.filter((p) => p.predicted === l && p.gold !== l).length;
    const fn = predictions.filter((p) => p.predicted !== l && p.gold === l).length;
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    out[l] = { precision, recall, f1 };
  }
  return out;
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Scores of a list of predictions over `labels` (labels absent from both gold and predictions are skipped). */
export function scorePredictions(predictions: readonly Prediction[], labels: readonly string[]): Scores {
  const present = labels.filter((l) => predictions.some((p) => p.gold === l || p.predicted === l));
  const per = perLabelScores(predictions, present);
  const applied = predictions.filter((p) => !p.abstained);
  return {
    macroF1: mean(present.map((l) => per[l]!.f1)),
    precision: mean(present.map((l) => per[l]!.precision)),
    recall: mean(present.map((l) => per[l]!.recall)),
    coverage: predictions.length === 0 ? 0 : applied.length / predictions.length,
    appliedPrecision: applied.length === 0 ? 0 : applied.filter((p) => p.gold === p.predicted).length / applied.length,
    issues: predictions.length,
  };
}

/** Groups scored one by one, overall the unweighted mean of the groups (the competition's score). */
export function summarize(predictions: readonly Prediction[], labels: readonly string[]): Evaluation {
  const groups: Record<string, Scores> = {};
  const names = [...new Set(predictions.map((p) => p.group))].sort();
  for (const g of names)
    groups[g] = scorePredictions(
      predictions.filter((p) => p.group === g),
      labels,
    );
  const list = Object.values(groups);
  const overall: Scores = {
    macroF1: mean(list.map((s) => s.macroF1)),
    precision: mean(list.map((s) => s.precision)),
    recall: mean(list.map((s) => s.recall)),
    coverage: mean(list.map((s) => s.coverage)),
    appliedPrecision: mean(list.map((s) => s.appliedPrecision)),
    issues: predictions.length,
  };
  return { overall, groups, perLabel: perLabelScores(predictions, labels) };
}

function groupOf(issue: LabelledIssue, groupBy: boolean): string {
  return groupBy ? (issue.group ?? "(none)") : "all";
}

function predict(model: FeedbackModel, issue: LabelledIssue, group: string): Prediction {
  const c = classify(model, issue);
  return { gold: issue.label, predicted: c.label, confidence: c.confidence, abstained: c.abstained, group };
}

/** Options of the evaluations. */
export interface EvaluateOptions {
  /** Train and score one model per `group` (repository). Default false (one model, one group `all`). */
  groupBy?: boolean;
  train?: TrainOptions;
  /**
   * With `groupBy`: each group's model also learns from the other groups' training issues (weight
   * `train.alsoWeight`), as `feedback train --also` does. The issues scored are never among them. Default false:
   * strictly per group, as the NLBSE'24 baselines were trained.
   */
  alsoOtherGroups?: boolean;
  /** Called after each group is done (progress). */
  onGroup?: (group: string, done: number, total: number) => void;
}

/**
 * Trains on `train` and scores `test`: per group when `groupBy` (a test group without training issues
 * is scored by a model of all training issues). Never throws for data; see {@link trainModel}.
 */
export function evaluateSplit(
  train: readonly LabelledIssue[],
  test: readonly LabelledIssue[],
  options: EvaluateOptions = {},
): { evaluation: Evaluation; predictions: Prediction[] } {
  const groupBy = options.groupBy ?? false;
  const labels = [...new Set([...train, ...test].map((i) => i.label))].sort();
  const groups = [...new Set(test.map((i) => groupOf(i, groupBy)))].sort();
  const predictions: Prediction[] = [];
  let all: FeedbackModel | undefined;
  groups.forEach((g, n) => {
    const own = train.filter((i) => groupOf(i, groupBy) === g);
    let model: FeedbackModel;
    const also = options.alsoOtherGroups && groupBy ? train.filter((i) => groupOf(i, groupBy) !== g) : [];
    if (own.length > 0 && new Set(own.map((i) => i.label)).size >= 2)
      model = trainModel(own, { ...options.train, labels, ...(also.length > 0 ? { also } : {}) });
    else {
      all ??= trainModel(train, { ...options.train, labels });
      model = all;
    }
    for (const issue of test) if (groupOf(issue, groupBy) === g) predictions.push(predict(model, issue, g));
    options.onGroup?.(g, n + 1, groups.length);
  });
  return { evaluation: summarize(predictions, labels), predictions };
}

/**
 * k-fold cross-validation (stratified by label, seeded) inside each group: every issue is predicted by
 * a model that never saw it, and the thresholds are calibrated inside each training fold only.
 */
export function crossValidate(
  issues: readonly LabelledIssue[],
  options: EvaluateOptions & { folds?: number; seed?: number } = {},
): { evaluation: Evaluation; predictions: Prediction[] } {
  const k = options.folds ?? 5;
  const groupBy = options.groupBy ?? false;
  const labels = [...new Set(issues.map((i) => i.label))].sort();
  const groups = [...new Set(issues.map((i) => groupOf(i, groupBy)))].sort();
  const predictions: Prediction[] = [];
  groups.forEach((g, n) => {
    const own = issues.filter((i) => groupOf(i, groupBy) === g);
    const fold = stratifiedFolds(own, k, options.seed ?? 1);
    // Other groups' issues as extra training data: none of them is ever scored for this group.
    const also = options.alsoOtherGroups && groupBy ? issues.filter((i) => groupOf(i, groupBy) !== g) : [];
    for (let f = 0; f < k; f++) {
      const model = trainModel(
        own.filter((_, i) => fold[i] !== f),
        { ...options.train, labels, ...(also.length > 0 ? { also } : {}) },
      );
      own.forEach((issue, i) => {
        if (fold[i] === f) predictions.push(predict(model, issue, g));
      });
    }
    options.onGroup?.(g, n + 1, groups.length);
  });
  return { evaluation: summarize(predictions, labels), predictions };
}

/**
 * Precision of the labels applied when only the `coverage` most confident share of predictions is
 * labelled (the rest abstained), for each coverage asked. Used for the precision-at-coverage table.
 */
export function precisionAtCoverage(
  predictions: readonly Prediction[],
  coverages: readonly number[],
): { coverage: number; precision: number; threshold: number }[] {
  const sorted = [...predictions].sort((a, b) => b.confidence - a.confidence);
  return coverages.map((c) => {
    const n = Math.max(1, Math.round(sorted.length * c));
    const top = sorted.slice(0, n);
    return {
      coverage: c,
      precision: top.filter((p) => p.gold === p.predicted).length / n,
      threshold: top[top.length - 1]?.confidence ?? 1,
    };
  });
}
