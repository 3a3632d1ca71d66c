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
import { type CliCommand, EXIT_PASS, EXIT_VIOLATION, resolveFromCwd } from "../command.js";

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/**
 * `upkeep backup-verify [location]`: verifies a backup location given on the command line (with the
 * flags as its policy) or every set in `backups.sets`. Prints the report in `--format` (markdown adds
 * the per-set table and the drill evidence); exit 0 pass, 1 a finding at level error, 2 bad input,
 * configuration or an unreadable location.
 */
export const backupVerifyCommand: CliCommand = {
  name: "backup-verify",
  description: "prove that backups exist, are fresh, intact, encrypted, retained and restorable",
  configure(cmd) {
    cmd
      .argument("[location]", "path, glob, s3://bucket/prefix, restic:<repo> or borg:<repo> (default: backups.sets)")
      .option("--name <name>", "name of the ad-hoc set (default: the location)")
      .option("--set <names>", "verify only these configured sets (repeatable)", collect)
      .option("--max-age <duration>", "fail when the newest backup is older (default 26h)")
      .option("--warn-age <duration>", "warn when the newest backup is older")
      .option("--checksums <mode>", "auto, sidecar, manifest, store or none (default auto)")
      .option("--min-size-ratio <ratio>", "fail below this ratio of the median size (default 0.5)")
      .option("--max-size-ratio <ratio>", "warn above this ratio of the median size (default 3)")
      .option("--min-size-delta <size>", "ignore size changes smaller than this (default 1MiB)")
      .option("--retention <policy>", "GFS policy, e.g. daily=7,weekly=4,monthly=12,yearly=2")
      .option("--require-encryption", "fail on backups that are not encrypted")
      .option("--no-readability", "do not stream-test archives (hash only)")
      .option("--timestamp-pattern <regex>", "regex with named groups year, month, day(, hour, minute, second)")
      .option("--restore <type>", "restore drill: sqlite, postgres, tar or zip")
      .option(
        "--query <sql=>expected>",
        "validation query of the drill, expected output after => (repeatable)",
        collect,
      )
      .option("--expect-path <path>", "path that must exist after a tar/zip drill (repeatable)", collect)
      .option("--rto <duration>", "recovery time objective of the drill, e.g. 15m")
      .option("--pick <which>", "drill the newest or a random (seeded by date) backup", "newest")
      .option("--pg-server <conninfo>", "postgres drill: server connection string without dbname")
      .option("--sample <n/t>", "verify n/t of the backups per run, least recently verified first")
      .option("--byte-budget <size>", "read at most this many bytes per run")
      .option("--max-duration <duration>", "stop reading after this long; the next run resumes")
      .option("--state <file>", "coverage state file (default backups.stateFile, .upkeep/backup-state.json)")
      .option("--endpoint <url>", "S3 endpoint (default AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL)")
      .option("--region <region>", "S3 region (default AWS_REGION, else us-east-1)");
  },
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
