// What `upkeep` needs to list and parse this command; its code is in gate.ts, imported when it runs.
import { type CliCommand, lazyRun } from "../command.js";

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export const gateCommand: CliCommand = {
  name: "gate",
  description: "approve a production deployment only after the same commit proved itself in staging",
  configure(cmd) {
    cmd
      .option("--sha <sha>", "the full 40-character commit SHA (default $GITHUB_SHA)")
      .option("--environment <name>", "the protected environment (default gate.environment, production)")
      .option("--requires <envs>", "comma-separated staging environments (default gate.requires, staging)")
      .option("--soak <duration>", "minimum time since the first staging success, e.g. 30m (0: none)")
      .option("--checks <mode>", "all | required | none (default gate.checks.mode, all)")
      .option("--ignore-check <name>", "a check name or status context not to wait for (repeatable)", collect)
      .option("--probe <url>", "an HTTP health probe of staging (repeatable; replaces gate.probes)", collect)
      .option("--digest <digest>", "the artifact digest production deploys (with gate.digestKey)")
      .option("--wait <duration>", "keep re-evaluating while pending, up to this long (e.g. 20m)")
      .option("--poll <duration>", "shortest pause between evaluations while waiting (default gate.pollInterval)")
      .option(
        "--run-id <id>",
        "the workflow run being gated, whose own jobs are not waited for (default $GITHUB_RUN_ID in Actions)",
      )
      .option(
        "--override-freeze <reason>",
        "deploy during a freeze; recorded with the actor ($GITHUB_ACTOR or --actor)",
      )
      .option("--actor <login>", "who overrides a freeze (default $GITHUB_ACTOR)")
      .option("--dry-run", "always approve (exit 0) but report the real verdict")
      .option("--no-record-evidence", "do not record the soak start on the staging deployment")
      .option("--dir <path>", "repository root holding .github/maintenance", ".")
      .option("--repo <owner/name>", "the repository (default $GITHUB_REPOSITORY)")
      .option("--api-url <url>", "GitHub REST root (default $GITHUB_API_URL or https://api.github.com)");
  },
  run: lazyRun(
    () => import("./gate.js"),
    (m) => m.gateRun,
  ),
};
