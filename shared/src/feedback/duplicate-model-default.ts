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
  features: ["title", "bothErrors", "rare", "titleOverlap", "margin", "top", "gap"],
  weights: [2.6126, -0.7425, 2.275, 0.761, -0.0601, 1.386, -1.6242],
  bias: -1.4046,
  threshold: 0.9737,
  trainedOn: "av9ash/gitbugs hadoop + seamonkey (3579 reports), bench/feedback/duplicates.ts",
};
