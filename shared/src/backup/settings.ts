/**
 * Parsing of backup-verify's own value syntaxes (durations with seconds, sizes, `n/t` samples) and the
 * defaults of a backup set.
 */

import { parseDuration } from "../calendar/duration.js";
import { InputError } from "../errors.js";
import { compileTimestampPattern } from "./series.js";
import type { BackupSetConfig, ChecksumMode, DrillOptions, RetentionPolicy } from "./types.js";

/** A backup set with every default applied and every value parsed. */
export interface ResolvedSet {
  name: string;
  location: string;
  config: BackupSetConfig;
  maxAgeMs: number;
  warnAgeMs: number | undefined;
  pattern: RegExp | undefined;
  checksums: ChecksumMode;
  minSizeRatio: number;
  maxSizeRatio: number;
  minSizeDelta: number;
  sizeWindow: number;
  retention: RetentionPolicy | undefined;
  /** The drill, when one is configured (a config section without a type is none). */
  restore: DrillOptions | undefined;
  requireEncryption: boolean;
  readability: boolean;
  sample: { n: number; t: number } | undefined;
  byteBudget: number | undefined;
  rtoMs: number | undefined;
}

export const CHECKSUM_MODES: readonly ChecksumMode[] = ["auto", "sidecar", "manifest", "store", "none"];

/**
 * Parses a duration: `30s`, or what the calendar accepts (`26h`, `1d12h`, `90m`, `1w`). Throws
 * InputError naming `setting`.
 */
export function parseSpan(text: string, setting: string): number {
  const s = /^(\d+)s$/.exec(text.trim());
  if (s) {
    if (Number(s[1]) === 0)
      throw new InputError(`${setting}: "${text}" is a zero duration`, { hint: "e.g. 30s, 15m, 26h" });
    return Number(s[1]) * 1000;
  }
  try {
    return parseDuration(text);
  } catch (err) {
    throw new InputError(`${setting}: "${text}" is not a duration`, {
      hint: "write it like 30s, 15m, 26h, 1d12h or 1w",
      cause: err,
    });
  }
}

const SIZE_UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** Parses a byte size: `1048576`, `500MB`, `2GiB`. Throws InputError naming `setting`. */
export function parseSize(text: string | number, setting: string): number {
  if (typeof text === "number" && Number.isFinite(text) && text >= 0) return Math.floor(text);
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(String(text).trim());
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw new InputError(`${setting}: "${text}" is not a size`, { hint: "e.g. 1048576, 500MB, 2GiB" });
  }
  return Math.floor(Number(m[1]) * unit);
}

/** Parses `n/t` (verify n of t slices per run). Throws InputError unless 1 ≤ n ≤ t. */
export function parseSample(text: string, setting = "--sample"): { n: number; t: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const n = m ? Number(m[1]) : 0;
  const t = m ? Number(m[2]) : 0;
  if (!m || n < 1 || t < 1 || n > t) {
    throw new InputError(`${setting}: "${text}" is not n/t with 1 ≤ n ≤ t`, {
      hint: "e.g. 1/7 verifies a seventh of the backups per run, all of them within 7 runs",
    });
  }
  return { n, t };
}

function ratio(value: number | undefined, dflt: number, setting: string): number {
  if (value === undefined) return dflt;
  if (!(typeof value === "number" && Number.isFinite(value) && value > 0)) {
    throw new InputError(`${setting}: ${value} is not a positive number`, { hint: "e.g. 0.5" });
  }
  return value;
}

/**
 * Applies the defaults to a configured set and parses its values. `where` prefixes messages (e.g.
 * `backups.sets[0]`). Throws InputError naming the setting that is wrong.
 */
export function resolveSet(config: BackupSetConfig, where: string): ResolvedSet {
  if (!config.location || typeof config.location !== "string") {
    throw new InputError(`${where}.location: missing`, {
      hint: "give a path, glob, s3://bucket/prefix, restic:<repo> or borg:<repo>",
    });
  }
  const checksums = config.checksums ?? "auto";
  if (!CHECKSUM_MODES.includes(checksums)) {
    throw new InputError(`${where}.checksums: "${checksums}" is not one of ${CHECKSUM_MODES.join(", ")}`);
  }
  return {
    name: config.name ?? config.location,
    location: config.location,
    config,
    maxAgeMs: parseSpan(config.maxAge ?? "26h", `${where}.maxAge`),
    warnAgeMs: config.warnAge ? parseSpan(config.warnAge, `${where}.warnAge`) : undefined,
    pattern: config.timestampPattern
      ? compileTimestampPattern(config.timestampPattern, `${where}.timestampPattern`)
      : undefined,
    checksums,
    minSizeRatio: ratio(config.minSizeRatio, 0.5, `${where}.minSizeRatio`),
    maxSizeRatio: ratio(config.maxSizeRatio, 3, `${where}.maxSizeRatio`),
    minSizeDelta:
      config.minSizeDelta === undefined ? 1024 * 1024 : parseSize(config.minSizeDelta, `${where}.minSizeDelta`),
    sizeWindow: config.sizeWindow ?? 7,
    // the config loader fills absent sections with their defaults: an empty policy or drill is none
    retention:
      config.retention && Object.values(config.retention).some((n) => (n ?? 0) > 0) ? config.retention : undefined,
    restore: config.restore?.type ? config.restore : undefined,
    requireEncryption: config.requireEncryption ?? false,
    readability: config.readability ?? true,
    sample: config.sample ? parseSample(config.sample, `${where}.sample`) : undefined,
    byteBudget: config.byteBudget === undefined ? undefined : parseSize(config.byteBudget, `${where}.byteBudget`),
    rtoMs: config.restore?.rto ? parseSpan(config.restore.rto, `${where}.restore.rto`) : undefined,
  };
}
