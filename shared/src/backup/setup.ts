/**
 * What the CLI flags and the action inputs mean, in one place: an ad-hoc set from a location and
 * settings, or the configured `backups.sets` with the settings applied on top. Values are the strings
 * users type (`26h`, `daily=7,weekly=4`, `1/7`); absent ones leave the set's own value.
 */

import type { BackupsConfig } from "../config/types.js";
import { InputError } from "../errors.js";
import { parseRetention } from "./retention.js";
import { CHECKSUM_MODES } from "./settings.js";
import type { BackupSetConfig, ChecksumMode, DrillOptions, DrillQuery } from "./types.js";

/** Settings as typed on the command line or in action inputs; undefined means not given. */
export interface BackupSettingsText {
  maxAge?: string;
  warnAge?: string;
  checksums?: string;
  minSizeRatio?: string;
  maxSizeRatio?: string;
  minSizeDelta?: string;
  retention?: string;
  requireEncryption?: boolean;
  readability?: boolean;
  sample?: string;
  byteBudget?: string;
  timestampPattern?: string;
  endpoint?: string;
  region?: string;
  /** Drill type: sqlite, postgres, tar, zip. */
  restore?: string;
  /** `SQL=>expected` (expected optional). */
  queries?: string[];
  expectPaths?: string[];
  rto?: string;
  pick?: string;
  pgServer?: string;
}

/** `SELECT count(*) FROM t=>42`: the SQL, and after the last `=>` the expected output. */
export function parseQuery(text: string): DrillQuery {
  const i = text.lastIndexOf("=>");
  return i < 0 ? { sql: text.trim() } : { sql: text.slice(0, i).trim(), expect: text.slice(i + 2).trim() };
}

function ratio(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new InputError(`${name}: "${text}" is not a positive number`, { hint: `e.g. ${name} 0.5` });
  return n;
}

/** The set fields the settings give (only those given). Throws InputError naming a bad value. */
export function settingsOverrides(s: BackupSettingsText, prefix = "--"): Partial<BackupSetConfig> {
  const o: Partial<BackupSetConfig> = {};
  if (s.maxAge) o.maxAge = s.maxAge;
  if (s.warnAge) o.warnAge = s.warnAge;
  if (s.checksums) {
    if (!CHECKSUM_MODES.includes(s.checksums as ChecksumMode)) {
      throw new InputError(`${prefix}checksums: "${s.checksums}" is not one of ${CHECKSUM_MODES.join(", ")}`);
    }
    o.checksums = s.checksums as ChecksumMode;
  }
  const min = ratio(s.minSizeRatio, `${prefix}min-size-ratio`);
  if (min !== undefined) o.minSizeRatio = min;
  const max = ratio(s.maxSizeRatio, `${prefix}max-size-ratio`);
  if (max !== undefined) o.maxSizeRatio = max;
  if (s.minSizeDelta) o.minSizeDelta = s.minSizeDelta;
  if (s.retention) o.retention = parseRetention(s.retention, `${prefix}retention`);
  if (s.requireEncryption === true) o.requireEncryption = true;
  if (s.readability === false) o.readability = false;
  if (s.sample) o.sample = s.sample;
  if (s.byteBudget) o.byteBudget = s.byteBudget;
  if (s.timestampPattern) o.timestampPattern = s.timestampPattern;
  if (s.endpoint) o.endpoint = s.endpoint;
  if (s.region) o.region = s.region;
  return o;
}

function drillOf(s: BackupSettingsText, configured: DrillOptions | undefined): DrillOptions | undefined {
  const base = configured?.type ? configured : undefined;
  if (!s.restore) return base && s.rto ? { ...base, rto: s.rto } : base;
  const d: DrillOptions = { type: s.restore };
  if (s.queries?.length) d.queries = s.queries.map(parseQuery);
  if (s.expectPaths?.length) d.expectPaths = s.expectPaths;
  if (s.rto) d.rto = s.rto;
  if (s.pgServer) d.server = s.pgServer;
  if (s.pick === "random") d.pick = "random";
  return d;
}

/**
 * The sets to verify: one ad-hoc set when `location` is given (named `name`), else the configured
 * sets (only those in `only`, when given) with the settings on top. Throws InputError when `only`
 * names no configured set, or a setting is malformed.
 */
export function backupSetsFrom(
  config: BackupsConfig,
  options: { location?: string; name?: string; only?: string[]; settings: BackupSettingsText; prefix?: string },
): BackupSetConfig[] {
  const overrides = settingsOverrides(options.settings, options.prefix);
  if (options.location) {
    const drill = drillOf(options.settings, undefined);
    return [
      {
        location: options.location,
        ...(options.name ? { name: options.name } : {}),
        ...overrides,
        ...(drill ? { restore: drill } : {}),
      },
    ];
  }
  const only = options.only?.length ? options.only : undefined;
  const sets = config.sets
    .filter((s) => !only || only.includes(s.name ?? s.location))
    .map((s) => {
      const drill = drillOf(options.settings, s.restore);
      return { ...s, ...overrides, ...(drill ? { restore: drill } : {}) };
    });
  if (only && sets.length === 0) {
    throw new InputError(`sets ${only.join(",")}: no configured backup set has that name`, {
      hint: `configured: ${config.sets.map((s) => s.name ?? s.location).join(", ") || "none (add backups.sets to .github/upkeep.yml)"}`,
    });
  }
  return sets;
}

/** Whether a run keeps coverage state (a sample, a byte budget or a max duration is in play). */
export function usesCoverageState(sets: readonly BackupSetConfig[], maxDuration: string | undefined): boolean {
  return maxDuration !== undefined || sets.some((s) => s.sample || s.byteBudget !== undefined);
}
