import { Option } from "commander";
// What `upkeep` needs to list and parse this command; its code is in patch-check.ts, imported when it runs.
import { type CliCommand, lazyRun } from "../command.js";
import { listOption } from "../list-option.js";

export const patchCheckCommand: CliCommand = {
  name: "patch-check",
  description: "find vulnerable and outdated dependencies in every lockfile and enforce the patch policy",
  configure(cmd) {
    cmd
      .argument("[paths...]", "lockfiles or folders to scan (default: every lockfile in the repository)")
      .option(
        "--source <ids>",
        "advisory sources, comma-separated: osv, osv-offline, github (default: config, else osv)",
        listOption,
      )
      .option("--osv-url <url>", "OSV API base URL (default https://api.osv.dev)")
      .option(
        "--osv-dir <dir>",
        "offline OSV database: a folder of OSV JSON files or osv.dev's all.zip (implies --source osv-offline)",
      )
      .addOption(
        new Option(
          "--fail-on <severity>",
          "fail on vulnerabilities at or above this severity that have no deadline",
        ).choices(["critical", "high", "medium", "low", "none"]),
      )
      .option("--deadline <pairs>", "patch deadlines in days, e.g. critical=7,high=30 (off disables one)")
      .option("--exclude <glob>", "leave out lockfiles matching the glob (repeatable)", listOption)
      .option("--base <ref>", "PR mode: report only what differs from the lockfiles at this git ref")
      .option("--outdated", "also list direct dependencies with newer releases")
      .option("--cooldown <days>", "with --outdated: ignore releases younger than this many days")
      .option("--registry <pairs>", "registry URLs, e.g. npm=https://npm.example.com,pypi=https://pypi.example.com")
      .option("--offline", "no registry lookups: deadlines start at the advisory date, no outdated check")
      .option("--no-eol", "skip the runtime end-of-life check")
      .option("--output <file>", "write the report to this file instead of stdout");
  },
  run: lazyRun(
    () => import("./patch-check.js"),
    (m) => m.patchCheckRun,
  ),
};
