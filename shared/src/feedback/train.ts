import { InputError } from "../errors.js";
import { DEFAULT_ALSO_WEIGHT } from "./also-weight.js";
import { scoreIssue, scoreVector, temper } from "./classify.js";
import { DEFAULT_FEATURE_OPTIONS, type FeatureOptions, featurizeIssue, type SparseVector } from "./features.js";
import type { FeedbackModel, NaiveBayesPart } from "./model.js";
import { fitBinaryLogistic, type Row } from "./optimise.js";

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
  /** The naive-Bayes part (see {@link NaiveBayesOptions}); `false` trains the logistic regression alone. */
  naiveBayes?: Partial<NaiveBayesOptions> | false;
  /** Fit a temperature on the calibration folds' predictions (default true; needs calibration on). */
  temperature?: boolean;
  /**
   * Extra labelled issues (e.g. other repositories') learnt from with weight {@link alsoWeight}: they join
   * every fit, including the calibration folds, but are never scored for the threshold or temperature,
   * which stay calibrated on the repository's own issues.
   */
  also?: readonly LabelledIssue[];
  /** Weight of each `also` issue relative to an own issue (0..1). Default {@link DEFAULT_ALSO_WEIGHT}. */
  alsoWeight?: number;
}

export { DEFAULT_ALSO_WEIGHT };

/** How the naive-Bayes part (NB-LR) is fitted; the defaults were chosen by cross-validation (bench/feedback/tune.ts). */
export interface NaiveBayesOptions {
  /** Share of the naive-Bayes part in the mixed probabilities. Default 0.4. */
  mix: number;
  /** L2 penalty of its per-label logistic regressions (on the sum of the losses). Default 0.3. */
  l2: number;
  /** Additive smoothing of the log-count ratios. Default 1. */
  alpha: number;
  /** Its scores are multiplied by this before the softmax (they are log-odds of one-vs-rest models). Default 0.5. */
  scale: number;
  /** L-BFGS iterations per label (0: plain naive Bayes, the log-count ratios alone). Default 60. */
  iterations: number;
  /** Only features present in at least this many training issues. Default 2. */
  minCount: number;
}

/** The defaults of {@link NaiveBayesOptions}. */
export const DEFAULT_NAIVE_BAYES: NaiveBayesOptions = {
  mix: 0.4,
  l2: 0.3,
  alpha: 1,
  scale: 0.5,
  iterations: 60,
  minCount: 2,
};

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

/** A featurised training example: the vectors and the label's index. */
export interface Example {
  x: SparseVector;
  /** The present word, structure and cue features (`featurizeIssue(...).present`), for the naive-Bayes part. */
  present: SparseVector;
  y: number;
  /** How much the example counts in fitting (default 1): extra issues from other repositories count less. */
  weight?: number;
}

/** The examples of labelled issues (the label's index in `labels`). */
export function examplesOf(
  issues: readonly LabelledIssue[],
  labels: readonly string[],
  features: FeatureOptions,
): Example[] {
  return issues.map((i) => ({ ...featurizeIssue(i.title, i.body, features), y: labels.indexOf(i.label) }));
}

/**
 * Fits the naive-Bayes part (NB-LR, Wang & Manning 2012) on featurised examples: per label, the log-count
 * ratio r of every present feature between the label's issues and the others (presence counts, smoothed
 * by `alpha`), then an L2-regularised binary logistic regression on the features scaled by r. The two
 * factors (and `scale`) are folded into one weight per slot and label. Deterministic.
 */
export function fitNaiveBayes(
  examples: readonly Example[],
  k: number,
  features: FeatureOptions,
  options: Partial<NaiveBayesOptions> = {},
): NaiveBayesPart {
  const o = { ...DEFAULT_NAIVE_BAYES, ...options };
  // Features of a single training issue can only memorise it: the columns are those of at least `minCount`.
  const seen = new Map<number, number>();
  for (const e of examples) {
    const weight = e.weight ?? 1;
    for (const slot of e.present.indices) seen.set(slot, (seen.get(slot) ?? 0) + weight);
  }
  const column = new Map<number, number>();
  for (const [slot, n] of seen) if (n >= o.minCount) column.set(slot, column.size);
  const d = column.size;
  const counts = new Float64Array(d * k);
  const rows = examples.map((e) => {
    const columns: number[] = [];
    const values: number[] = [];
    const weight = e.weight ?? 1;
    e.present.indices.forEach((slot, n) => {
      const c = column.get(slot);
      if (c === undefined) return;
      columns.push(c);
      values.push(e.present.values[n]!);
      counts[c * k + e.y]! += weight;
    });
    return { columns: Int32Array.from(columns), values: Float64Array.from(values) };
  });
  const bias = new Float64Array(k);
  const weights = new Float32Array((1 << features.bits) * k);
  const slots = [...column.keys()];
  for (let label = 0; label < k; label++) {
    let own = 0;
    let rest = 0;
    const r = new Float64Array(d);
    for (let c = 0; c < d; c++) {
      let all = 0;
      for (let j = 0; j < k; j++) all += counts[c * k + j]!;
      own += counts[c * k + label]! + o.alpha;
      rest += all - counts[c * k + label]! + o.alpha;
    }
    for (let c = 0; c < d; c++) {
      let all = 0;
      for (let j = 0; j < k; j++) all += counts[c * k + j]!;
      const mine = counts[c * k + label]!;
      r[c] = Math.log((mine + o.alpha) / own) - Math.log((all - mine + o.alpha) / rest);
    }
    if (o.iterations === 0) {
      // Plain naive Bayes: the log-count ratios are the weights, the prior log-odds the bias.
      let n = 0;
      let total = 0;
      for (const e of examples) {
        total += e.weight ?? 1;
        if (e.y === label) n += e.weight ?? 1;
      }
      for (let c = 0; c < d; c++) weights[slots[c]! * k + label] = r[c]! * o.scale;
      bias[label] = Math.log((n + 1) / (total - n + 1)) * o.scale;
      continue;
    }
    const scaled: Row[] = rows.map(({ columns, values }) => ({
      columns,
      values: Float64Array.from(values, (v, n) => v * r[columns[n]!]!),
    }));
    const w = fitBinaryLogistic(
      scaled,
      examples.map((e) => (e.y === label ? 1 : -1)),
      d,
      o.l2,
      o.iterations,
      examples.some((e) => e.weight !== undefined && e.weight !== 1) ? examples.map((e) => e.weight ?? 1) : undefined,
    );
    for (let c = 0; c < d; c++) weights[slots[c]! * k + label] = w[c]! * r[c]! * o.scale;
    bias[label] = w[d]! * o.scale;
  }
  return { mix: o.mix, bias, weights };
}

/** Fits the logistic regression and, unless turned off, the naive-Bayes part: a model without a threshold. */
export function fitModel(
  examples: readonly Example[],
  labels: readonly string[],
  features: FeatureOptions,
  options: TrainOptions,
): FeedbackModel {
  const model = fitWeights(examples, labels, features, options);
  const nb = options.naiveBayes === false ? undefined : { ...DEFAULT_NAIVE_BAYES, ...options.naiveBayes };
  if (nb && nb.mix > 0) model.nb = fitNaiveBayes(examples, labels.length, features, nb);
  return model;
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
      const weight = examples[i]!.weight ?? 1;
      scoreVector(model, x, p);
      for (let j = 0; j < k; j++) {
        const g = (p[j]! - (j === y ? 1 : 0)) * weight;
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

/**
 * The abstention threshold and the temperature, from a cross-validation inside the training data: the
 * temperature that minimises the log-loss of the out-of-fold predictions, then the lowest tempered
 * confidence at which the labels applied reach the target precision.
 */
function calibrate(
  issues: readonly LabelledIssue[],
  examples: readonly Example[],
  extra: readonly Example[],
  labels: readonly string[],
  features: FeatureOptions,
  options: TrainOptions,
): { threshold: number; temperature: number } {
  const folds = options.calibrationFolds ?? 2;
  const target = options.targetPrecision ?? 0.9;
  const fallback = options.fallbackThreshold ?? 0.6;
  if (target <= 0 || issues.length < folds * 10) return { threshold: fallback, temperature: 1 };
  const fold = stratifiedFolds(issues, folds, (options.seed ?? 1) + 7);
  const outOfFold: { p: Float64Array; y: number }[] = [];
  for (let f = 0; f < folds; f++) {
    const train = examples.filter((_, i) => fold[i] !== f);
    const model = fitModel(extra.length > 0 ? [...train, ...extra] : train, labels, features, options);
    examples.forEach((e, i) => {
      if (fold[i] === f) outOfFold.push({ p: scoreIssue(model, e), y: e.y });
    });
  }
  const temperature = options.temperature === false ? 1 : fitTemperature(outOfFold);
  const scored = outOfFold.map(({ p, y }) => {
    const q = temper(Float64Array.from(p), temperature);
    let best = 0;
    for (let j = 1; j < q.length; j++) if (q[j]! > q[best]!) best = j;
    return { p: q[best]!, ok: best === y };
  });
  return { threshold: thresholdForPrecision(scored, target) ?? fallback, temperature };
}

/** The temperature (0.05–20) minimising the log-loss of the predictions, by golden-section search on its log. */
export function fitTemperature(predictions: readonly { p: Float64Array; y: number }[]): number {
  if (predictions.length === 0) return 1;
  const loss = (logT: number) => {
    const t = Math.exp(logT);
    let sum = 0;
    for (const { p, y } of predictions) {
      let z = 0;
      for (let j = 0; j < p.length; j++) z += Math.exp(Math.log(Math.max(p[j]!, 1e-300)) / t);
      sum -= Math.log(Math.max(p[y]!, 1e-300)) / t - Math.log(z);
    }
    return sum;
  };
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = loss(a);
  let fb = loss(b);
  for (let i = 0; i < 40; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = loss(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = loss(b);
    }
  }
  return Number(Math.exp((lo + hi) / 2).toFixed(4));
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
  const also = options.also ?? [];
  const alsoWeight = options.alsoWeight ?? DEFAULT_ALSO_WEIGHT;
  if (!(alsoWeight >= 0 && alsoWeight <= 1)) {
    throw new InputError(`the weight of the extra issues is ${alsoWeight}, not a number from 0 to 1`, {
      hint: "e.g. --also-weight 0.3 (an extra issue counts 0.3 of one of the repository's own)",
    });
  }
  const found = [...new Set([...issues, ...also].map((i) => i.label))].sort();
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
  const base = options.features ?? DEFAULT_FEATURE_OPTIONS;
  const withAlso = alsoWeight > 0 && also.length > 0;
  // With extra issues, the own issues' features get their own copy (see FeatureOptions.ownCopy); the extra
  // issues fill the shared slots only.
  const features: FeatureOptions = withAlso ? { ...base, ownCopy: true } : base;
  const examples = examplesOf(issues, labels, features);
  const extra = withAlso
    ? examplesOf(also, labels, { ...base, ownCopy: false }).map((e) => Object.assign(e, { weight: alsoWeight }))
    : [];
  const model = fitModel([...examples, ...extra], labels, features, options);
  const { threshold, temperature } = calibrate(issues, examples, extra, labels, features, options);
  model.threshold = threshold;
  if (temperature !== 1) model.temperature = temperature;
  const perLabel: Record<string, number> = {};
  for (const l of labels) perLabel[l] = issues.filter((i) => i.label === l).length;
  model.trainedOn = {
    issues: issues.length,
    perLabel,
    ...(options.source ? { source: options.source } : {}),
    ...(extra.length > 0 ? { also: { issues: extra.length, weight: alsoWeight } } : {}),
  };
  return model;
}
