/**
 * The built-in duplicate pair model: logistic weights over the pair features, trained on real duplicate
 * pairs (av9ash/gitbugs, CC BY 4.0: Apache Hadoop's JIRA and Mozilla SeaMonkey's Bugzilla, 3,579 reports, 112
 * marked duplicates with an earlier original) and its threshold calibrated so that a comment on a marked
 * duplicate links the right original 80 % of the time. Regenerate with
 * `node_modules/.bin/tsx bench/feedback/duplicates.ts --pairs <issues.jsonl> --emit` (bench/feedback/DUPLICATES.md
 * has the measurement: the data has no GitHub issues, and only resolved duplicates are marked there).
 */
import type { DuplicateModel } from "./duplicate-model.js";

export const DEFAULT_DUPLICATE_MODEL: DuplicateModel = {
  version: 1,
  features: ["title", "rare", "titleOverlap", "margin", "top", "gap"],
  weights: [2.6443, 2.1434, 0.7682, -0.1205, 1.3836, -1.6844],
  bias: -1.3757,
  threshold: 0.9703,
  trainedOn: "av9ash/gitbugs hadoop + seamonkey (3579 reports), bench/feedback/duplicates.ts",
};
