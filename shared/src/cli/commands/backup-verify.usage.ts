// What `upkeep` needs to list and parse this command; its code is in backup-verify.ts, imported when it runs.
import { type CliCommand, lazyRun } from "../command.js";

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

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
  run: lazyRun(
    () => import("./backup-verify.js"),
    (m) => m.backupVerifyRun,
  ),
};
