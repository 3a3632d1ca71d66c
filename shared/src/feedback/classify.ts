import { featurize, type SparseVector } from "./features.js";
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

/** Softmax scores of a feature vector (`out` receives one probability per label). */
export function scoreVector(
  model: FeedbackModel,
  x: SparseVector,
  out = new Float64Array(model.labels.length),
): Float64Array {
  const k = model.labels.length;
  for (let j = 0; j < k; j++) out[j] = model.bias[j]!;
  const { indices, values } = x;
  const w = model.weights;
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
  const p = scoreVector(model, featurize(issue.title, issue.body ?? "", model.features));
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
