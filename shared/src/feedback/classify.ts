import { featurizeIssue, type IssueFeatures, type SparseVector } from "./features.js";
import type { FeedbackModel } from "./model.js";

/** What the classifier says about one issue. */
export interface Classification {
  /** The most probable label (even when abstaining). */
  label: string;
  /** Its probability, 0..1. */
  confidence: number;
  /** Every label's probability, in the model's label order. */
  probabilities: Record<string, number>;
  /** True when `confidence` is below the threshold: the caller should not apply the label. */
  abstained: boolean;
}

/** Softmax scores of the logistic regression alone on a feature vector (`out` receives one probability per label). */
export function scoreVector(
  model: FeedbackModel,
  x: SparseVector,
  out = new Float64Array(model.labels.length),
): Float64Array {
  return softmaxOf(model.bias, model.weights, x, out);
}

/**
 * The model's probabilities for an issue's features: the logistic regression's softmax, mixed with the
 * naive-Bayes part's when the model has one, then temperature-scaled. `out` receives one per label.
 */
export function scoreIssue(
  model: FeedbackModel,
  features: IssueFeatures,
  out = new Float64Array(model.labels.length),
): Float64Array {
  softmaxOf(model.bias, model.weights, features.x, out);
  const nb = model.nb;
  if (nb && nb.mix > 0) {
    const q = softmaxOf(nb.bias, nb.weights, features.present, new Float64Array(out.length));
    for (let j = 0; j < out.length; j++) out[j] = (1 - nb.mix) * out[j]! + nb.mix * q[j]!;
  }
  const t = model.temperature ?? 1;
  if (t !== 1) temper(out, t);
  return out;
}

/** Raises probabilities to `1 / t` and renormalises them, in place (temperature scaling of the log-probabilities). */
export function temper(p: Float64Array, t: number): Float64Array {
  let sum = 0;
  for (let j = 0; j < p.length; j++) {
    p[j] = Math.exp(Math.log(Math.max(p[j]!, 1e-300)) / t);
    sum += p[j]!;
  }
  for (let j = 0; j < p.length; j++) p[j]! /= sum;
  return p;
}

function softmaxOf(bias: Float64Array, w: Float32Array, x: SparseVector, out: Float64Array): Float64Array {
  const k = bias.length;
  for (let j = 0; j < k; j++) out[j] = bias[j]!;
  const { indices, values } = x;
  for (let i = 0; i < indices.length; i++) {
    const base = indices[i]! * k;
    const v = values[i]!;
    for (let j = 0; j < k; j++) out[j]! += w[base + j]! * v;
  }
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < k; j++) max = Math.max(max, out[j]!);
  let sum = 0;
  for (let j = 0; j < k; j++) {
    out[j] = Math.exp(out[j]! - max);
    sum += out[j]!;
  }
  for (let j = 0; j < k; j++) out[j]! /= sum;
  return out;
}

/**
 * Classifies an issue by title and body. `threshold` overrides the model's (abstain below it; 0 never
 * abstains). `allowed` restricts the answer to some of the model's labels (e.g. `docs` only where the
 * repository has that label); probabilities are renormalised over them. Never throws.
 */
export function classify(
  model: FeedbackModel,
  issue: { title: string; body: string },
  options: { threshold?: number; allowed?: readonly string[] } = {},
): Classification {
  const p = scoreIssue(model, featurizeIssue(issue.title, issue.body ?? "", model.features));
  const allowed = options.allowed ? new Set(options.allowed) : undefined;
  let sum = 0;
  model.labels.forEach((l, j) => {
    if (!allowed || allowed.has(l)) sum += p[j]!;
  });
  const probabilities: Record<string, number> = {};
  let best = "";
  let bestP = -1;
  model.labels.forEach((l, j) => {
    if (allowed && !allowed.has(l)) return;
    const q = sum > 0 ? p[j]! / sum : 0;
    probabilities[l] = q;
    if (q > bestP) {
      best = l;
      bestP = q;
    }
  });
  const threshold = options.threshold ?? model.threshold;
  return { label: best, confidence: bestP, probabilities, abstained: bestP < threshold };
}
