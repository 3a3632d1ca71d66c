/**
 * Shapes of the backup-verify engine: a backup set (what the user configured), the objects a storage
 * backend lists, the ports the engine reaches files, processes and scratch space through, and the
 * per-set summary the shells render.
 */

import type { Logger } from "../logger.js";
import type { BackupFilesPort, Clock, ProcessPort, ScratchPort } from "../ports.js";

export type { BackupFilesPort, FileEntry, ProcessPort, ProcessResult, ScratchPort } from "../ports.js";

/** Where checksums come from: `auto` tries sidecar, then manifest, then the store's own. */
export type ChecksumMode = "auto" | "sidecar" | "manifest" | "store" | "none";

/** Hash algorithms a sidecar, manifest or store may carry. */
export type HashAlgorithm = "sha256" | "sha512" | "sha1" | "md5";

/** A GFS retention policy: how many of each period to keep (0 or missing: none). */
export interface RetentionPolicy {
  daily?: number;
  weekly?: number;
  monthly?: number;
  yearly?: number;
}

/** A validation query of the sqlite and postgres drills: the SQL and the result it must print. */
export interface DrillQuery {
  sql: string;
  /** Expected output (trimmed); without it the query only has to succeed and print something. */
  expect?: string;
}

/** How a restore drill runs. */
export interface DrillOptions {
  /** Drill id: `sqlite`, `postgres`, `tar` (tar and zip archives). */
  type: string;
  /** Which backup: the newest (default) or a seeded random one. */
  pick?: "newest" | "random";
  /** Seed of `pick: random` (default: the run date, so a day's runs agree). */
  seed?: string;
  /** Validation queries (sqlite, postgres). */
  queries?: DrillQuery[];
  /** Paths that must exist after extraction (tar). */
  expectPaths?: string[];
  /** A command run in the extracted folder (tar), e.g. `["sh", "-c", "test -s data.csv"]`. */
  command?: string[];
  /** PostgreSQL server of the postgres drill: a libpq connection string without a database name. */
  server?: string;
  /** Largest total bytes a tar/zip drill may extract. Default 10 GiB. */
  maxBytes?: number | string;
  /** Largest number of entries a tar/zip drill may extract. Default 1,000,000. */
  maxFiles?: number;
  /** Recovery time objective, e.g. `15m`: a drill slower than this fails with `backup/rto-exceeded`. */
  rto?: string;
}

/**
 * Keys to decrypt encrypted backups in the one read (and in drills), so the plaintext inside is tested
 * too. Without them, age and OpenPGP artifacts are checked for structure only.
 */
export interface DecryptionConfig {
  /** An age identity file (`age-keygen` output: `AGE-SECRET-KEY-1…` lines). */
  ageIdentityFile?: string;
  /** An armored OpenPGP secret key file (`gpg --export-secret-keys --armor`). */
  openpgpKeyFile?: string;
  /**
   * Name of an environment variable holding a passphrase: age scrypt recipients (`age -p`), OpenPGP
   * symmetric messages (`gpg -c`) and the passphrase of the OpenPGP key.
   */
  passphraseEnv?: string;
}

/** One backup set: a location holding a series of backups and the policy it must meet. */
export interface BackupSetConfig {
  /** Name in reports and issue titles. Default: the location. */
  name?: string;
  /** Local path or glob, `s3://bucket/prefix`, `restic:<repo>`, `borg:<repo>`. */
  location: string;
  /** The newest backup may be this old before the run fails, e.g. `26h`. Default 26h. */
  maxAge?: string;
  /** The newest backup may be this old before the run warns. Default: none. */
  warnAge?: string;
  /** Regex with named groups year, month, day (and hour, minute, second) read from object names. */
  timestampPattern?: string;
  checksums?: ChecksumMode;
  /** Fail when the newest backup is below this ratio of the median of the previous ones. Default 0.5. */
  minSizeRatio?: number;
  /** Fail when the newest backup is above this ratio of the median. Default 3. */
  maxSizeRatio?: number;
  /** Ignore size changes smaller than this many bytes (small sets are noisy). Default 1 MiB. */
  minSizeDelta?: number | string;
  /** How many previous backups the median is taken over. Default 7. */
  sizeWindow?: number;
  retention?: RetentionPolicy;
  requireEncryption?: boolean;
  decryption?: DecryptionConfig;
  /** Stream-test archives (gzip, zstd, xz, tar, zip) while hashing. Default true. */
  readability?: boolean;
  restore?: DrillOptions;
  /** `n/t`: verify n of t slices per run so every backup is verified at least once every t runs. */
  sample?: string;
  /** Largest number of bytes to read per run (coverage carries over). Default: no limit. */
  byteBudget?: number | string;
  /** S3: endpoint URL (default AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL). */
  endpoint?: string;
  /** S3: region (default AWS_REGION, else us-east-1). */
  region?: string;
  /** S3: path-style URLs (default true when an endpoint is set). */
  forcePathStyle?: boolean;
  /** restic/borg: password file or command environment is taken from the usual variables. */
  passwordFile?: string;
}

/** An object (file) as a storage backend lists it. */
export interface StoredObject {
  /** Key within the location (relative path with `/`, or the S3 key). */
  key: string;
  /** What users recognise: the local path or `s3://bucket/key`. */
  display: string;
  size: number;
  modified: Date;
  /** Checksums the store itself keeps for the object (S3), keyed by algorithm. */
  stored?: StoredChecksum[];
  /** Server-side encryption the store reports (S3 `AES256`, `aws:kms`). */
  serverSideEncryption?: string;
}

/** A checksum kept by the store. `composite` is a multipart checksum of part checksums (`…-N`). */
export interface StoredChecksum {
  algorithm: "sha256" | "sha1" | "crc32" | "crc32c" | "crc64nvme" | "md5";
  /** Base64 (S3 style) value. */
  value: string;
  composite?: { parts: number };
}

/** Every port a backup-verify run may use. `files`, `clock` and `logger` are required. */
export interface BackupPorts {
  files: BackupFilesPort;
  clock: Clock;
  logger: Logger;
  process?: ProcessPort;
  scratch?: ScratchPort;
  /** Environment for S3 credentials and restic/borg passwords (the shell passes process.env). */
  env?: Record<string, string | undefined>;
  /** Milliseconds since an arbitrary start, for durations (default: performance.now()). */
  monotonic?: () => number;
}
