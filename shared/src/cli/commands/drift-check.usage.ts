// What `upkeep` needs to list and parse this command; its code is in drift-check.ts, imported when it runs.
import { type CliCommand, lazyRun } from "../command.js";
import { listOption } from "../list-option.js";

export const driftCheckCommand: CliCommand = {
  name: "drift-check",
  description: "check docs against the code: action inputs/outputs, flags, env vars, config keys, links, versions",
  configure(cmd) {
    cmd
      .option("--fix", "apply mechanical fixes (regenerate marked inputs/outputs tables, bump snippet versions)")
      .option("--detectors <ids>", "run only these detectors, comma-separated (default: every enabled one)", listOption)
      .option("--external-links", "also check external links (HEAD/GET, cached, rate-limited per host)")
      .option("--repo <owner/name>", "repository for uses:/image snippets (default: GITHUB_REPOSITORY or origin)");
  },
  run: lazyRun(
    () => import("./drift-check.js"),
    (m) => m.driftCheckRun,
  ),
};

export const driftCheckPrCommand: CliCommand = {
  name: "drift-check pr",
  description: "run the pull-request gate (changelog entry, Conventional Commits title, release preview) from git",
  configure(cmd) {
    cmd
      .requiredOption("--title <title>", "the pull request title (the squash-merge commit header)")
      .requiredOption("--base <ref>", "the base branch or commit")
      .option("--head <ref>", "the head commit", "HEAD")
      .option("--body <text>", "the pull request description (its BREAKING CHANGE: footer counts)")
      .option("--label <names>", "labels of the pull request, comma-separated (repeatable)", listOption)
      .option("--author <login>", "author login (dependabot[bot] and renovate[bot] need no entry)", "");
  },
  run: lazyRun(
    () => import("./drift-check.js"),
    (m) => m.driftCheckPrRun,
  ),
};
