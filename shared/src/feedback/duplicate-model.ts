/**
 * Whether a candidate is a duplicate, not merely similar: a small logistic model over pair features the
 * duplicate index computes for each of its best candidates (see `DuplicateIndex.query`). One cosine
 * threshold cannot tell "the same crash again" from "another issue about the same component": the model adds
 * the title's and the body's similarity separately, stack-trace and error-message overlap, shared rare terms
 * (identifiers, error codes), how far the best candidate stands above the next one, and the time between the
 * two reports. It is trained on pairs of real reports (`trainDuplicateModel`, used by
 * bench/feedback/duplicates.ts) and the bot comments only above a probability calibrated on held-out data.
 * Pure functions, no I/O.
 */

/** The pair features, in the order of a feature vector. Every one is 0..1 except `margin` (-1..1). */
export const PAIR_FEATURES = [
  "similarity", // BM25 over all fields, normalised by both issues' scores against themselves
  "title", // the same for the titles alone
  "body", // the prose alone
  "error", // error lines and stack frames alone (0 when either has none)
  "bothErrors", // 1 when both issues carry an error signature
  "rare", // shared rare terms (in ≤ 10 indexed issues), 5 or more → 1
  "titleOverlap", // Jaccard overlap of the title words
  "margin", // similarity minus the best similarity among the other candidates
  "top", // 1 for the best candidate
  "gap", // log days between the reports over log 1000 days (0.5 when a date is unknown)
] as const;

export type PairFeature = (typeof PAIR_FEATURES)[number];

/** A trained pair model: probability = logistic(bias + Σ weight·feature) over the features it uses. */
export interface DuplicateModel {
  version: 1;
  /** The features the model uses (a subset of PAIR_FEATURES), in the order of `weights`. */
  features: readonly PairFeature[];
  weights: readonly number[];
  bias: number;
  /** The calibrated probability a candidate needs for the bot to list it. */
  threshold: number;
  /** Where the weights come from. */
  trainedOn: string;
}

import { DEFAULT_DUPLICATE_MODEL } from "./duplicate-model-default.js";

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** The model's probability that a pair with features `x` (in {@link PAIR_FEATURES} order) is a duplicate. */
export function duplicateProbability(model: DuplicateModel, x: readonly number[]): number {
  let z = model.bias;
  for (let i = 0; i < model.features.length; i++)
    z += model.weights[i]! * (x[PAIR_FEATURES.indexOf(model.features[i]!)] ?? 0);
  return sigmoid(z);
}

/** One training pair: the features and whether the candidate is a marked original of the query. */
export interface PairExample {
  x: readonly number[];
  y: 0 | 1;
}

/**
 * Fits logistic-regression weights for `features` (default all) by full-batch gradient descent with an L2
 * penalty `l2` (not on the bias); `examples` carry every feature, in PAIR_FEATURES order.
 * Positives are weighted up to balance the classes (duplicates are rare), so the raw output ranks well; the
 * comment threshold is calibrated afterwards on what the model scores ({@link calibrateThreshold}).
 * Deterministic; throws when there are no examples of either class.
 */
export function trainDuplicateModel(
  examples: readonly PairExample[],
  options: { features?: readonly PairFeature[]; l2?: number; iterations?: number; rate?: number } = {},
): { weights: number[]; bias: number } {
  const columns = (options.features ?? PAIR_FEATURES).map((f) => PAIR_FEATURES.indexOf(f));
  const rows = examples.map((e) => ({ x: columns.map((c) => e.x[c] ?? 0), y: e.y }));
  const pos = examples.filter((e) => e.y === 1).length;
  const neg = examples.length - pos;
  if (pos === 0 || neg === 0) throw new Error(`training pairs need both classes (${pos} duplicates, ${neg} others)`);
  const d = columns.length;
  const l2 = options.l2 ?? 1e-3;
  const rate = options.rate ?? 0.5;
  const wPos = neg / pos;
  const total = neg * 2;
  const w = new Array<number>(d).fill(0);
  let b = 0;
  for (let it = 0; it < (options.iterations ?? 3000); it++) {
    const gw = new Array<number>(d).fill(0);
    let gb = 0;
    for (const e of rows) {
      let z = b;
      for (let i = 0; i < d; i++) z += w[i]! * (e.x[i] ?? 0);
      const g = (sigmoid(z) - e.y) * (e.y === 1 ? wPos : 1);
      for (let i = 0; i < d; i++) gw[i]! += g * (e.x[i] ?? 0);
      gb += g;
    }
    for (let i = 0; i < d; i++) w[i]! -= rate * (gw[i]! / total + l2 * w[i]!);
    b -= rate * (gb / total);
  }
  return { weights: w, bias: b };
}

/** A would-be comment: the best candidate's probability and whether the comment would list a marked original. */
export interface ScoredComment {
  probability: number;
  /** The comment lists a marked original of the issue. */
  right: boolean;
  /** The issue is marked as a duplicate of an earlier one. */
  duplicate: boolean;
}

/**
 * The lowest threshold at which the comments scoring at least it reach `precision` — over all comments, or
 * (`over: "duplicates"`) over the comments on issues marked as duplicates, i.e. how often a comment on a real
 * duplicate links the right original — counting at least `minComments` of them (so one lucky comment does
 * not set it); 1 (never comment) when no threshold does.
 */
export function calibrateThreshold(
  comments: readonly ScoredComment[],
  precision: number,
  options: { over?: "all" | "duplicates"; minComments?: number } = {},
): number {
  const sorted = [...comments].sort((a, b) => b.probability - a.probability);
  const min = options.minComments ?? 5;
  let right = 0;
  let counted = 0;
  let best = 1;
  for (let i = 0; i < sorted.length; i++) {
    const c = sorted[i]!;
    if (c.right) right++;
    if (options.over !== "duplicates" || c.duplicate) counted++;
    // Only cut between different probabilities: a threshold cannot split ties.
    if (sorted[i + 1]?.probability === c.probability) continue;
    if (counted >= min && right / counted >= precision) best = c.probability;
  }
  return best;
}

/**
 * The probability a candidate needs to be listed in the bot's comment: the configured
 * `feedback.duplicates.threshold`, or the built-in model's calibrated one when that is 0 (the default).
 */
export function duplicateThreshold(
  config: { duplicates: { threshold: number } },
  model: Pick<DuplicateModel, "threshold"> = DEFAULT_DUPLICATE_MODEL,
): number {
  return config.duplicates.threshold > 0 ? config.duplicates.threshold : model.threshold;
}
