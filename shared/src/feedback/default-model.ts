/**
 * The model used before a repository has trained its own: hand-written weights on the features every
 * repository shares (template headings, title tags like `[Bug]`, stack traces, question marks and the cue
 * words of lexicon.ts). It is written by hand, not trained on any data set, and it is deliberately
 * cautious: its threshold makes it label only issues whose template or wording is clear.
 */
import { DEFAULT_FEATURE_OPTIONS, type FeatureOptions, fnv1a } from "./features.js";
import type { FeedbackModel } from "./model.js";

/** The kinds the built-in model knows, in its label order. */
export const BUILTIN_LABELS = ["bug", "feature", "question", "docs"] as const;

type Kind = (typeof BUILTIN_LABELS)[number];

// Feature name → weights per kind. The structure and cue groups are L2-normalised, so a feature of an issue
// with a handful of signals has a value around 0.3–0.6; the weights are sized for that.
const TABLE: readonly [string, Partial<Record<Kind, number>>][] = [
  ["s:repro", { bug: 4 }],
  ["s:expected", { bug: 3 }],
  ["s:actual", { bug: 4 }],
  ["s:error", { bug: 3 }],
  ["s:environment", { bug: 1.5 }],
  ["s:version", { bug: 1.5 }],
  ["s:feature", { feature: 6 }],
  ["s:alternatives", { feature: 4 }],
  ["s:motivation", { feature: 4 }],
  ["s:question", { question: 4 }],
  ["s:docs", { docs: 5 }],
  ["tag:bug", { bug: 8 }],
  ["tag:bug report", { bug: 8 }],
  ["tag:regression", { bug: 8 }],
  ["tag:crash", { bug: 8 }],
  ["tag:feature", { feature: 8 }],
  ["tag:feature request", { feature: 8 }],
  ["tag:feat", { feature: 8 }],
  ["tag:enhancement", { feature: 8 }],
  ["tag:proposal", { feature: 8 }],
  ["tag:rfc", { feature: 8 }],
  ["tag:idea", { feature: 8 }],
  ["tag:question", { question: 8 }],
  ["tag:help", { question: 8 }],
  ["tag:support", { question: 8 }],
  ["tag:how to", { question: 8 }],
  ["tag:docs", { docs: 8 }],
  ["tag:doc", { docs: 8 }],
  ["tag:documentation", { docs: 8 }],
  ["tag:typo", { docs: 6 }],
  ["flag:stack-trace", { bug: 3 }],
  ["flag:error-message", { bug: 3 }],
  ["flag:title-question-mark", { question: 4 }],
  ["tq:how", { question: 3 }],
  ["tq:why", { question: 2 }],
  ["tq:what", { question: 2 }],
  ["tq:is", { question: 2 }],
  ["tq:can", { question: 2 }],
  ["tq:question", { question: 3 }],
  ["tq:help", { question: 3 }],
  ["cue:bug", { bug: 4 }],
  ["cue:feature", { feature: 4 }],
  ["cue:question", { question: 4 }],
  ["cue:docs", { docs: 4 }],
  ["title-cue:docs", { docs: 5 }],
  ["cue:bug-phrase", { bug: 4 }],
  ["cue:feature-phrase", { feature: 4 }],
  ["cue:question-phrase", { question: 4 }],
  ["title-cue:bug", { bug: 5 }],
  ["title-cue:feature", { feature: 5 }],
  ["title-cue:question", { question: 5 }],
  ["title-cue:bug-phrase", { bug: 5 }],
  ["title-cue:feature-phrase", { feature: 5 }],
  ["title-cue:question-phrase", { question: 5 }],
];

/** Only the structure and cue groups: the built-in model has no words of its own. */
const BUILTIN_FEATURES: FeatureOptions = {
  ...DEFAULT_FEATURE_OPTIONS,
  bits: 16,
  weights: { title: 0, body: 0, chars: 0, structure: 1, cues: 1 },
};

/** Default abstention threshold of the built-in model. */
export const BUILTIN_THRESHOLD = 0.6;

/** The built-in, hand-written model (see the module comment). A fresh copy each call; never throws. */
export function builtinModel(): FeedbackModel {
  const k = BUILTIN_LABELS.length;
  const mask = (1 << BUILTIN_FEATURES.bits) - 1;
  const weights = new Float32Array((mask + 1) * k);
  for (const [name, per] of TABLE) {
    const slot = fnv1a(name) & mask;
    BUILTIN_LABELS.forEach((l, j) => {
      weights[slot * k + j]! += per[l] ?? 0;
    });
  }
  return {
    labels: [...BUILTIN_LABELS],
    features: BUILTIN_FEATURES,
    // A slight lean to bug (most issues are bug reports) and against docs (rare without a docs template).
    bias: Float64Array.from([0.3, 0, 0, -0.6]),
    weights,
    threshold: BUILTIN_THRESHOLD,
    trainedOn: { issues: 0, perLabel: {}, source: "built-in rules (hand-written, no training data)" },
  };
}
