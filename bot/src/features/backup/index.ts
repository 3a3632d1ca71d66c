import { runBackupVerify } from "@upkeep/shared/backup/engine.js";
import { lastBackupCoverage, lastBackupRun, planBackupIssues } from "@upkeep/shared/backup/issues.js";
import { describeError } from "@upkeep/shared/errors.js";
import { nodeBackupFiles, nodeBackupProcess, nodeScratch } from "@upkeep/shared/io/node-backup.js";
import type { Feature } from "../../feature.js";

/** How often the bot verifies a repository's backup sets. */
export const BACKUP_INTERVAL_MS = 24 * 3_600_000;

/**
 * Backups (engine: shared/src/backup): once a day per repository with `backups.sets`, verifies the sets
 * the bot's host can reach (S3-compatible stores, restic/borg repositories, paths on the host) and keeps
 * one issue per failing set, updated in place and closed on recovery, plus a tracking issue with a weekly
 * drill-evidence comment that also keeps the coverage state (sample rotation) between runs. A set that
 * cannot be read (bad location, missing tool) is logged and planned as nothing: the next day's sweep
 * tries again.
 */
export const backupFeature: Feature = {
  id: "backup",
  async sweep(ctx) {
    const config = ctx.files.config.config.backups;
    if (config.sets.length === 0) return { steps: [] };
    const last = lastBackupRun(ctx.issues);
    if (last && ctx.now.getTime() - last.getTime() < BACKUP_INTERVAL_MS) return { steps: [] };
    // the coverage state lives in the tracking issue, so a sample rotates from one day's run to the next
    const state = lastBackupCoverage(ctx.issues);
    try {
      const result = await runBackupVerify(
        { sets: config.sets, cwd: process.cwd(), ...(state ? { state } : {}) },
        {
          files: nodeBackupFiles(),
          process: nodeBackupProcess(),
          scratch: nodeScratch(),
          clock: { now: () => ctx.now },
          logger: ctx.logger,
          env: process.env,
        },
      );
      return planBackupIssues(result.sets, result.report.findings, ctx.issues, {
        repo: ctx.fullName,
        label: config.label,
        now: ctx.now,
        state: result.state,
      });
    } catch (error) {
      ctx.logger.warning(`${ctx.fullName}: backup-verify could not run: ${describeError(error)}`);
      return { steps: [] };
    }
  },
};
