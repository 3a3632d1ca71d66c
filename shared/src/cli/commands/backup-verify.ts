import { dirname } from "node:path";
import { parseCoverage } from "../../backup/coverage.js";
import { runBackupVerify } from "../../backup/engine.js";
import { renderBackupSummaryTable, renderDrillEvidence } from "../../backup/render.js";
import { parseSpan } from "../../backup/settings.js";
import { backupSetsFrom, usesCoverageState } from "../../backup/setup.js";
import { clockFromEnv } from "../../environment.js";
import { nodeBackupFiles, nodeBackupProcess, nodeScratch } from "../../io/node-backup.js";
import { summarize } from "../../report/model.js";
import { renderReport } from "../../report/render.js";
import { type CommandRun, EXIT_PASS, EXIT_VIOLATION, resolveFromCwd } from "../command.js";

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/**
 * `upkeep backup-verify [location]`: verifies a backup location given on the command line (with the
 * flags as its policy) or every set in `backups.sets`. Prints the report in `--format` (markdown adds
 * the per-set table and the drill evidence); exit 0 pass, 1 a finding at level error, 2 bad input,
 * configuration or an unreadable location.
 */
export const backupVerifyRun: CommandRun = {
  async run(ctx, args, options) {
    const location = str(args[0]);
    const config = (await ctx.loadConfig()).config.backups;
    const sets = backupSetsFrom(config, {
      ...(location ? { location } : {}),
      ...(str(options.name) ? { name: str(options.name)! } : {}),
      ...(Array.isArray(options.set) ? { only: options.set as string[] } : {}),
      settings: {
        maxAge: str(options.maxAge),
        warnAge: str(options.warnAge),
        checksums: str(options.checksums),
        minSizeRatio: str(options.minSizeRatio),
        maxSizeRatio: str(options.maxSizeRatio),
        minSizeDelta: str(options.minSizeDelta),
        retention: str(options.retention),
        requireEncryption: options.requireEncryption === true,
        readability: options.readability !== false,
        sample: str(options.sample),
        byteBudget: str(options.byteBudget),
        timestampPattern: str(options.timestampPattern),
        endpoint: str(options.endpoint),
        region: str(options.region),
        restore: str(options.restore),
        queries: options.query as string[] | undefined,
        expectPaths: options.expectPath as string[] | undefined,
        rto: str(options.rto),
        pick: str(options.pick),
        pgServer: str(options.pgServer),
      },
    });
    const maxDuration = str(options.maxDuration) ?? config.maxDuration;
    const files = nodeBackupFiles();
    const usesState = typeof options.state === "string" || usesCoverageState(sets, maxDuration);
    const statePath = resolveFromCwd(ctx, typeof options.state === "string" ? options.state : config.stateFile);
    const stateText = usesState ? await files.readState!(statePath) : undefined;
    const result = await runBackupVerify(
      {
        sets,
        cwd: ctx.cwd,
        ...(stateText !== undefined ? { state: parseCoverage(stateText, statePath) } : {}),
        ...(maxDuration ? { maxDurationMs: parseSpan(maxDuration, "--max-duration") } : {}),
        where: location ? "backup-verify" : "backups.sets",
      },
      {
        files,
        process: nodeBackupProcess(),
        scratch: nodeScratch(),
        clock: clockFromEnv(ctx.env),
        logger: ctx.logger,
        env: ctx.env,
      },
    );
    if (usesState) {
      await files.writeState!(statePath, `${JSON.stringify(result.state, null, 2)}\n`);
      ctx.logger.debug(`backup-verify: state written to ${statePath} (${dirname(statePath)})`);
    }
    let out = renderReport(result.report, ctx.format, { color: ctx.color });
    if (ctx.format === "markdown") {
      out = `## Backups\n\n${renderBackupSummaryTable(result.sets)}\n${result.sets.some((s) => s.drill) ? `### Restore drills\n\n${renderDrillEvidence(result.sets)}\n` : ""}${out}`;
    }
    ctx.stdout(out);
    return summarize(result.report).passed ? EXIT_PASS : EXIT_VIOLATION;
  },
};
