import type { RuleDescriptor } from "../report/model.js";

const HELP = "https://github.com/upkeep/upkeep/blob/main/docs/backup-verify.md";

function rule(
  id: string,
  name: string,
  shortDescription: string,
  defaultLevel: RuleDescriptor["defaultLevel"],
): RuleDescriptor {
  return { id: `backup/${id}`, name, shortDescription, helpUri: `${HELP}#backup${id}`, defaultLevel, tags: ["backup"] };
}

/** Every rule backup-verify reports. */
export const BACKUP_RULES: readonly RuleDescriptor[] = [
  rule("missing", "BackupMissing", "The location holds no backup", "error"),
  rule("stale", "BackupStale", "The newest backup is older than max-age (or warn-age)", "error"),
  rule("checksum-mismatch", "BackupChecksumMismatch", "The backup's bytes do not match its checksum", "error"),
  rule(
    "checksum-missing",
    "BackupChecksumMissing",
    "No sidecar, manifest or store checksum covers the backup",
    "warning",
  ),
  rule("unreadable", "BackupUnreadable", "The archive or compressed stream is corrupt or truncated", "error"),
  rule(
    "size-anomaly",
    "BackupSizeAnomaly",
    "The newest backup is far smaller or larger than the median of the previous ones",
    "error",
  ),
  rule("retention-gap", "BackupRetentionGap", "A period of the retention policy holds no backup", "error"),
  rule("over-retention", "BackupOverRetention", "A backup is kept beyond the retention policy", "warning"),
  rule(
    "unencrypted",
    "BackupUnencrypted",
    "A backup is not recognisably encrypted where encryption is required",
    "error",
  ),
  rule("restore-failed", "BackupRestoreFailed", "The restore drill failed", "error"),
  rule("rto-exceeded", "BackupRtoExceeded", "The restore drill took longer than the recovery time objective", "error"),
  rule("repository-check", "BackupRepositoryCheck", "restic check or borg check reported errors", "error"),
  rule("sample-empty", "BackupSampleEmpty", "The sample or byte budget selected no backup to verify", "error"),
  rule("incomplete", "BackupIncomplete", "The run stopped at max-duration; the rest is verified next run", "note"),
];
