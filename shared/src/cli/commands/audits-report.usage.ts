// What `upkeep` needs to list and parse this command; its code is in audits-report.ts, imported when it runs.
import { type CliCommand, lazyRun } from "../command.js";

export const auditsReportCommand: CliCommand = {
  name: "audits report",
  description: "export the audit history of a repository (Markdown, or CSV with --csv) for auditors",
  configure(cmd) {
    cmd
      .option("--repo <owner/name>", "repository to report on (default: GITHUB_REPOSITORY)")
      .option("--csv", "print CSV instead of Markdown")
      .option("--label <name>", "label that audit issues carry");
  },
  run: lazyRun(
    () => import("./audits-report.js"),
    (m) => m.auditsReportRun,
  ),
};
