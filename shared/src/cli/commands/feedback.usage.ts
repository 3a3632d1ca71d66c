// What `upkeep` needs to list and parse this command; its code is in feedback.ts, imported when it runs.
import { DEFAULT_ALSO_WEIGHT } from "../../feedback/also-weight.js";
import { type CliCommand, lazyRun } from "../command.js";
import { listOption } from "../list-option.js";

export const feedbackTrainCommand: CliCommand = {
  name: "feedback train",
  description:
    "train the issue classifier on labelled issues (a CSV, or a repository's labelled issues) and write the model",
  configure(cmd) {
    cmd
      .option("--csv <file>", "labelled issues: CSV with columns title, body, label")
      .option("--repo <owner/name>", "train on this repository's labelled issues through the API")
      .option("--out <file>", "where to write the model (default: feedback.model of the config)")
      .option("--target-precision <p>", "calibrate the abstention threshold to this precision (0 = fixed 0.6)", "0.9")
      .option(
        "--also <csv|owner/name>",
        "extra labelled issues of other repositories (a CSV or a repository; repeatable, comma-separated; default: feedback.alsoFrom of the config)",
        listOption,
      )
      .option(
        "--also-weight <w>",
        `weight of each --also issue against an own issue, 0 to 1 (default: feedback.alsoWeight of the config, ${DEFAULT_ALSO_WEIGHT})`,
      );
  },
  run: lazyRun(
    () => import("./feedback.js"),
    (m) => m.feedbackTrainRun,
  ),
};

export const feedbackClassifyCommand: CliCommand = {
  name: "feedback classify",
  description: "classify one issue as bug, feature, question (or docs) with a confidence, or abstain",
  configure(cmd) {
    cmd
      .requiredOption("--title <text>", "the issue's title")
      .option("--body <text>", "the issue's body")
      .option("--body-file <file>", "read the body from a file (- for stdin is not supported)")
      .option("--model <file>", "model written by `upkeep feedback train` (default: the built-in rules)")
      .option("--threshold <p>", "abstain below this confidence (default: the model's)");
  },
  run: lazyRun(
    () => import("./feedback.js"),
    (m) => m.feedbackClassifyRun,
  ),
};

export const feedbackEvalCommand: CliCommand = {
  name: "feedback eval",
  description: "evaluate the classifier: train on one CSV and score another, or cross-validate (NLBSE'24 protocol)",
  configure(cmd) {
    cmd
      .requiredOption("--train <csv>", "labelled training issues")
      .option("--test <csv>", "labelled test issues (default: k-fold cross-validation on --train)")
      .option("--group-by <column>", "train and score one model per group; only `repo` is supported")
      .option("--folds <k>", "folds of the cross-validation", "5")
      .option(
        "--also-other-groups",
        "with --group-by: each group's model also learns from the other groups' training issues (as train --also)",
      )
      .option("--also-weight <w>", "weight of each other group's issue, 0 to 1", String(DEFAULT_ALSO_WEIGHT));
  },
  run: lazyRun(
    () => import("./feedback.js"),
    (m) => m.feedbackEvalRun,
  ),
};

export const feedbackDigestCommand: CliCommand = {
  name: "feedback digest",
  description: "print the feedback digest of a repository for a period (Markdown or JSON)",
  configure(cmd) {
    cmd
      .option("--repo <owner/name>", "repository (default: GITHUB_REPOSITORY)")
      .option("--since <duration>", "length of the period ending now, e.g. 7d, 2w, 24h", "7d");
  },
  run: lazyRun(
    () => import("./feedback.js"),
    (m) => m.feedbackDigestRun,
  ),
};
