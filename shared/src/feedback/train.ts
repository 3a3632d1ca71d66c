import { InputError } from "../errors.js";
import { scoreVector } from "./classify.js";
import { DEFAULT_FEATURE_OPTIONS, type FeatureOptions, featurize, type SparseVector } from "./features.js";
import type { FeedbackModel } from "./model.js";

/** A labelled issue to learn from. */
export interface LabelledIssue {
  title: string;
  body: string;
  label: string;
  /** Grouping key for evaluation (e.g. the repository). */
  group?: string;
  createdAt?: string;
}

/** Options of {@link trainModel}. */
export interface TrainOptions {
  /** Label order of the model. Default: the labels found, sorted. */
  labels?: readonly string[];
  features?: FeatureOptions;
  /** L2 penalty per example. Default 1e-4. */
  l2?: number;
  /** Passes over the data. Default 10. */
  epochs?: number;
  /** AdaGrad base learning rate. Default 0.05 (small: with few issues, fewer and smaller steps generalise better). */
  learningRate?: number;
  /** Seed of the shuffling, so training is reproducible. Default 1. */
  seed?: number;
  /**
   * Abstention: the threshold is set so that, on out-of-fold predictions of the training data, the labels
   * applied reach this precision (default 0.9). 0 turns calibration off (threshold `fallbackThreshold`).
   */
  targetPrecision?: number;
  /** Folds of the calibration cross-validation. Default 2 (keeps training of 300 issues near one second). */
  calibrationFolds?: number;
  /** Threshold when calibration is off or finds none. Default 0.6. */
  fallbackThreshold?: number;
  /** A note stored in the model (`trainedOn.source`). */
  source?: string;
}

/** A small seeded PRNG (mulberry32), so folds and shuffles are the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** A featurised training example: the vector and the label's index. */
export interface Example {
  x: SparseVector;
  y: number;
}

/** Fits the weights on featurised examples (no calibration; threshold 0). Used by training and the tuning bench. */
export function fitWeights(
  examples: readonly Example[],
  labels: readonly string[],
  features: FeatureOptions,
  options: TrainOptions,
) {
  const k = labels.length;
  const size = 1 << features.bits;
  const weights = new Float32Array(size * k);
  const g2 = new Float32Array(size * k);
  const bias = new Float64Array(k);
  const biasG2 = new Float64Array(k);
  const l2 = options.l2 ?? 1e-4;
  const eta = options.learningRate ?? 0.05;
  const epochs = options.epochs ?? 10;
  const random = seededRandom(options.seed ?? 1);
  const order = examples.map((_, i) => i);
  const p = new Float64Array(k);
  const grad = new Float64Array(k);
  const model: FeedbackModel = {
    labels: [...labels],
    features,
    bias,
    weights,
    threshold: 0,
    trainedOn: { issues: examples.length, perLabel: {} },
  };
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const { x, y } = examples[i]!;
      scoreVector(model, x, p);
      for (let j = 0; j < k; j++) {
        const g = p[j]! - (j === y ? 1 : 0);
        grad[j] = g;
        biasG2[j]! += g * g;
        bias[j]! -= (eta * g) / Math.sqrt(biasG2[j]! + 1e-8);
      }
      const { indices, values } = x;
      for (let n = 0; n < indices.length; n++) {
        const base = indices[n]! * k;
        const v = values[n]!;
        for (let j = 0; j < k; j++) {
          const at = base + j;
          const w = weights[at]!;
          const d = grad[j]! * v + l2 * w;
          const acc = g2[at]! + d * d;
          g2[at] = acc;
          weights[at] = w - (eta * d) / Math.sqrt(acc + 1e-8);
        }
      }
    }
  }
  return model;
}

function calibrate(
  issues: readonly LabelledIssue[],
  examples: readonly Example[],
  labels: readonly string[],
  features: FeatureOptions,
  options: TrainOptions,
): number {
  const folds = options.calibrationFolds ?? 2;
  const target = options.targetPrecision ?? 0.9;
  const fallback = options.fallbackThreshold ?? 0.6;
  if (target <= 0 || issues.length < folds * 10) return fallback;
  const fold = stratifiedFolds(issues, folds, (options.seed ?? 1) + 7);
  const scored: { p: number; ok: boolean }[] = [];
  for (let f = 0; f < folds; f++) {
    const train = examples.filter((_, i) => fold[i] !== f);
    const model = fitWeights(train, labels, features, options);
    examples.forEach((e, i) => {
      if (fold[i] !== f) return;
      const p = scoreVector(model, e.x);
      let best = 0;
      for (let j = 1; j < p.length; j++) if (p[j]! > p[best]!) best = j;
      scored.push({ p: p[best]!, ok: best === e.y });
    });
  }
  return thresholdForPrecision(scored, target) ?? fallback;
}

/**
 * The lowest threshold at which the predictions with confidence ≥ threshold reach `target` precision,
 * among thresholds that keep at least 10 predictions; undefined when none does.
 */
export function thresholdForPrecision(
  scored: readonly { p: number; ok: boolean }[],
  target: number,
): number | undefined {
  const sorted = [...scored].sort((a, b) => b.p - a.p);
  let correct = 0;
  let best: number | undefined;
  sorted.forEach((s, i) => {
    if (s.ok) correct++;
    const next = sorted[i + 1];
    // Only cut between distinct scores.
    if (next && next.p === s.p) return;
    if (i + 1 >= 10 && correct / (i + 1) >= target) best = s.p;
  });
  return best;
}

/** Fold number (0..k-1) of every issue, stratified by label, seeded. */
export function stratifiedFolds(issues: readonly { label: string }[], k: number, seed = 1): number[] {
  const random = seededRandom(seed);
  const byLabel = new Map<string, number[]>();
  issues.forEach((i, n) => {
    const list = byLabel.get(i.label) ?? [];
    list.push(n);
    byLabel.set(i.label, list);
  });
  const fold = new Array<number>(issues.length).fill(0);
  let offset = 0;
  for (const label of [...byLabel.keys()].sort()) {
    const list = shuffle(byLabel.get(label)!, random);
    list.forEach((n, i) => {
      fold[n] = (i + offset) % k;
    });
    offset += list.length;
  }
  return fold;
}

/**
 * Trains a model on labelled issues. Deterministic for the same data and options.
 * Throws InputError when there are fewer than two labels or an issue has a label outside `options.labels`.
 */
export function trainModel(issues: readonly LabelledIssue[], options: TrainOptions = {}): FeedbackModel {
  const found = [...new Set(issues.map((i) => i.label))].sort();
  const labels = options.labels ? [...options.labels] : found;
  if (labels.length < 2) {
    throw new InputError(
      `training needs issues of at least two labels, found ${found.length === 0 ? "none" : found.join(", ")}`,
      {
        hint: "label more issues (bug, feature, question) or pass a CSV with a `label` column",
      },
    );
  }
  const unknown = found.filter((l) => !labels.includes(l));
  if (unknown.length > 0) {
    throw new InputError(`training issues carry labels the model does not know: ${unknown.join(", ")}`, {
      hint: `keep only issues labelled ${labels.join(", ")}`,
    });
  }
  const features = options.features ?? DEFAULT_FEATURE_OPTIONS;
  const examples = issues.map((i) => ({ x: featurize(i.title, i.body, features), y: labels.indexOf(i.label) }));
  const model = fitWeights(examples, labels, features, options);
  model.threshold = calibrate(issues, examples, labels, features, options);
  const perLabel: Record<string, number> = {};
  for (const l of labels) perLabel[l] = issues.filter((i) => i.label === l).length;
  model.trainedOn = { issues: issues.length, perLabel, ...(options.source ? { source: options.source } : {}) };
  return model;
}
