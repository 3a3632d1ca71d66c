import { resolve } from "node:path";
import * as core from "@actions/core";
import { loadActionConfig } from "@upkeep/action-kit/config.js";
import { writeReportFiles } from "@upkeep/action-kit/files.js";
import { actionFolders, lazyGitHubClient, runAction } from "@upkeep/action-kit/run.js";
import { parseCoverage } from "@upkeep/shared/backup/coverage.js";
import { runBackupVerify } from "@upkeep/shared/backup/engine.js";
import { renderBackupSummaryTable, renderDrillEvidence } from "@upkeep/shared/backup/render.js";
import { parseSpan } from "@upkeep/shared/backup/settings.js";
import { backupSetsFrom, usesCoverageState } from "@upkeep/shared/backup/setup.js";
import { clockFromEnv } from "@upkeep/shared/environment.js";
import { nodeBackupFiles, nodeBackupProcess, nodeScratch } from "@upkeep/shared/io/node-backup.js";
import type { Logger } from "@upkeep/shared/logger.js";
import { renderJson } from "@upkeep/shared/report/json.js";
import { renderMarkdownSummary } from "@upkeep/shared/report/markdown.js";
import { summarize } from "@upkeep/shared/report/model.js";
import { renderSarif } from "@upkeep/shared/report/sarif.js";
import { type BackupVerifyInputs, readInputs } from "./inputs.js";

async function check(inputs: BackupVerifyInputs, logger: Logger, env: NodeJS.ProcessEnv): Promise<true | string> {
  const { workspace, root } = actionFolders(env, inputs.workingDirectory);
  const github = lazyGitHubClient(inputs.token, logger, env);
  const { config } = await loadActionConfig({
    root,
    path: inputs.config,
    client: github,
    ...(env.GITHUB_REPOSITORY ? { repository: env.GITHUB_REPOSITORY } : {}),
    logger,
  });
  const sets = backupSetsFrom(config.backups, {
    ...(inputs.location ? { location: inputs.location } : {}),
    ...(inputs.name ? { name: inputs.name } : {}),
    only: inputs.sets,
    settings: inputs.settings,
    prefix: "input ",
  });
  const maxDuration = inputs.maxDuration ?? config.backups.maxDuration;
  const files = nodeBackupFiles();
  const keepState = inputs.stateFile !== undefined || usesCoverageState(sets, maxDuration);
  const statePath = resolve(root, inputs.stateFile ?? config.backups.stateFile);
  const stateText = keepState ? await files.readState!(statePath) : undefined;
  const result = await runBackupVerify(
    {
      sets,
      cwd: root,
      ...(stateText !== undefined ? { state: parseCoverage(stateText, statePath) } : {}),
      ...(maxDuration ? { maxDurationMs: parseSpan(maxDuration, "input max-duration") } : {}),
      where: inputs.location ? "inputs" : "backups.sets",
    },
    {
      files,
      process: nodeBackupProcess(),
      scratch: nodeScratch(),
      clock: clockFromEnv(env),
      logger,
      env,
    },
  );
  if (keepState) await files.writeState!(statePath, `${JSON.stringify(result.state, null, 2)}\n`);
  const { report, sets: summaries } = result;
  const summary = summarize(report);
  const drills = summaries.filter((s) => s.drill).map((s) => ({ set: s.name, ...s.drill }));
  let markdown = `## Backups\n\n${renderBackupSummaryTable(summaries)}\n`;
  if (drills.length) markdown += `### Restore drills\n\n${renderDrillEvidence(summaries)}\n`;
  markdown += renderMarkdownSummary(report);
  await core.summary.addRaw(markdown, true).write();
  const { sarifFile, jsonFile } = await writeReportFiles(
    workspace,
    { sarifFile: inputs.sarifFile, jsonFile: inputs.jsonFile },
    { sarif: () => renderSarif(report, { fallbackFile: inputs.config }), json: () => renderJson(report) },
    logger,
  );
  core.setOutput("passed", String(summary.passed));
  core.setOutput("findings", String(summary.total));
  core.setOutput("errors", String(summary.byLevel.error));
  core.setOutput("warnings", String(summary.byLevel.warning));
  core.setOutput("sets", JSON.stringify(summaries));
  core.setOutput("drills", JSON.stringify(drills));
  core.setOutput("verified-bytes", String(summaries.reduce((n, s) => n + s.verifiedBytes, 0)));
  core.setOutput("state-file", keepState ? statePath : "");
  core.setOutput("json-file", jsonFile);
  core.setOutput("sarif-file", sarifFile);
  for (const f of report.findings) {
    const line = `${f.title}: ${f.message.split("\n")[0]}`;
    if (f.level === "error") core.error(line, { title: f.rule });
    else if (f.level === "warning") core.warning(line, { title: f.rule });
  }
  logger.info(
    `${summary.passed ? "passed" : "failed"}: ${summary.byLevel.error} errors, ${summary.byLevel.warning} warnings`,
  );
  return summary.passed || "failed (see the findings above and the job summary)";
}

/**
 * The action: reads the inputs, verifies the backup sets, and reports through the job summary (a
 * table per set and the drill evidence), annotations, SARIF/JSON files and step outputs. Never
 * throws: an input or configuration problem or a failed check ends in core.setFailed.
 */
export function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return runAction("backup-verify", { readInputs, check }, env);
}
