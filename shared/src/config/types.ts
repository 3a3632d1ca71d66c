/**
 * TypeScript shape of `.github/upkeep.yml` after defaults (see shared/upkeep.schema.json, which is the
 * source of truth: every key here is described and defaulted there). Keys with a schema default are
 * required here because the loader always fills them; keys without one stay optional.
 */

import type { ConfigProblem } from "../errors.js";

export type PatchSource = "osv" | "osv-offline" | "github";
export type PatchFailOn = "critical" | "high" | "medium" | "low" | "none";
export type UnknownSeverityPolicy = "fail" | "warn" | "ignore";
export type DependencyGroupName = "prod" | "dev" | "optional" | "peer" | "bundled" | "unknown";
export type DenyEcosystem = "npm" | "PyPI" | "crates.io" | "Go" | "Packagist" | "RubyGems" | "Maven";

/** Days to patch per severity; `0` or `null` disables that deadline. */
export interface PatchDeadlines {
  critical: number | null;
  high: number | null;
  medium: number | null;
  low: number | null;
  unknown: number | null;
}

/**
 * An accepted risk (`patch.exceptions[]`): one advisory, one package (optionally some versions), with an
 * owner and an end. The config shape and what the patch policy evaluates are this one type.
 */
export interface PatchException {
  /** Advisory id or any of its aliases (GHSA, CVE, ...). */
  id: string;
  package: string;
  /** Versions it covers (see satisfiesRange in patch/version-range.ts); all when omitted. */
  versions?: string;
  owner: string;
  reason: string;
  /** Last day it applies, `YYYY-MM-DD` (inclusive, UTC). */
  expires: string;
}

export interface PatchDeny {
  package: string;
  ecosystem?: DenyEcosystem;
  versions?: string;
  reason: string;
}

export interface RegistryUrls {
  npm?: string;
  pypi?: string;
  crates?: string;
  goproxy?: string;
  packagist?: string;
  rubygems?: string;
}

export interface PatchConfig {
  paths: string[];
  exclude: string[];
  /** Globs discovery leaves out; default DEFAULT_IGNORE_PATHS (config/ignore-paths.ts). */
  ignorePaths?: string[];
  sources: PatchSource[];
  osvUrl?: string;
  osvDir?: string;
  failOn: PatchFailOn;
  unknownSeverity: UnknownSeverityPolicy;
  noFix: "warn" | "fail";
  deadlines: PatchDeadlines;
  scopes: { fail: DependencyGroupName[] };
  exceptions: PatchException[];
  deny: PatchDeny[];
  outdated: { enabled: boolean; cooldownDays: number; registries: RegistryUrls };
  eol: { enabled: boolean; failOn: "eol" | "none"; warnDays: number };
}

/** Options of one docs drift detector: `enabled` plus whatever the detector reads. */
export interface DetectorConfig {
  enabled: boolean;
  [option: string]: unknown;
}

export interface DriftConfig {
  code: string[];
  docs: string[];
  changelog: string;
  requireEntry: boolean;
  docsSatisfy: boolean;
  skipLabel: string;
  skipAuthors: string[];
  allowTypes: string[];
  conventional: { types: string[]; scopes: string[]; lintCommits: boolean };
  detectors: Record<string, DetectorConfig>;
  /** Globs drift-check leaves out (default: test fixtures, examples, vendored code); see DEFAULT_IGNORE_PATHS. */
  ignorePaths?: string[];
  staleness: {
    mapping: { docs: string; code: string }[];
    maxCommitsBehind: number;
    maxDaysBehind: number;
  };
}

export interface ChangelogPackage {
  path: string;
  name?: string;
  /** Placeholders `{name}` and `{version}`; default `{name}@{version}`. */
  tagFormat: string;
  changelog?: string;
}

export interface ChangelogConfig {
  tagPrefix: string;
  /** The oldest release `changelog check` checks; default the oldest version the changelog has a section for. */
  checkSince?: string;
  packages: ChangelogPackage[];
  preMajor: boolean;
}

export interface AuditConfig {
  id: string;
  title?: string;
  /** Five-field cron expression, or `monthly` / `quarterly` / `yearly`. */
  schedule: string;
  timezone: string;
  checklist: string[];
  assignees: string[];
  labels: string[];
  dueDays: number;
}

export interface MaintenanceConfig {
  /** Durations like `72h`, `1d12h`, `30m`. */
  reminders: string[];
  label: string;
  timezone: string;
  pin: boolean;
}

export interface IncidentsConfig {
  label: string;
  runbook: string[];
  pin: boolean;
}

/** `backups` (backup-verify); the set shape is the engine's. */
export interface BackupsConfig {
  sets: import("../backup/types.js").BackupSetConfig[];
  stateFile: string;
  maxDuration?: string;
  label: string;
}

export interface BotConfig {
  sweepIntervalMinutes: number;
}

/** One `gate.probes` entry (issue 11). */
export interface GateProbeConfig {
  url: string;
  status: number[];
  match?: string;
  notMatch?: string;
  maxLatencyMs: number;
  successes: number;
  intervalMs: number;
  timeoutMs: number;
}

/** One `gate.freeze` entry: `cron` or `rrule` (+ `start`) with `duration`, or `from`/`to`. */
export interface GateFreezeConfig {
  title: string;
  cron?: string;
  rrule?: string;
  start?: string;
  duration?: string;
  from?: string;
  to?: string;
  timezone: string;
}

/** The staging gate (`gate:`). */
export interface GateConfig {
  environment: string;
  requires: string[];
  soak?: string;
  checks: { mode: "all" | "required" | "none"; ignore: string[]; allowedConclusions: string[]; branch?: string };
  digestKey?: string;
  probes: GateProbeConfig[];
  freeze: GateFreezeConfig[];
  overrideLabel?: string;
  maxWait: string;
  pollInterval: string;
  recordEvidence: boolean;
  dryRun: boolean;
}

/** The kinds of issue the feedback classifier knows. */
export type FeedbackKind = "bug" | "feature" | "question" | "docs";

export interface FeedbackConfig {
  enabled: boolean;
  offLabel: string;
  /** The repository's label of each kind. */
  labels: Record<FeedbackKind, string>;
  /** `0`: the model's calibrated threshold. */
  threshold: number;
  ask: boolean;
  /** Repository path of the trained model. */
  model: string;
  /** Other repositories (owner/name) whose labelled issues are extra training data. */
  alsoFrom: string[];
  /** Weight of each `alsoFrom` issue against an own issue (0..1). */
  alsoWeight: number;
  duplicates: { enabled: boolean; threshold: number; max: number };
  followUp: { enabled: boolean; label: string; closeAfter: string; require: ("version" | "steps" | "logs")[] };
  digest: { enabled: boolean; period: string; label: string };
}

/** The effective configuration: every section present, defaults filled, `_extends` resolved. */
export interface UpkeepConfig {
  patch: PatchConfig;
  drift: DriftConfig;
  changelog: ChangelogConfig;
  audits: AuditConfig[];
  maintenance: MaintenanceConfig;
  incidents: IncidentsConfig;
  backups: BackupsConfig;
  bot: BotConfig;
  gate: GateConfig;
  feedback: FeedbackConfig;
}

/**
 * Where configuration files come from (the working tree, the GitHub contents API, a test map).
 * `repo` is `owner/name`, or undefined for the current repository. Returns undefined when the file
 * does not exist (or the token cannot see it); `file` is the name used in messages.
 */
export interface ConfigSource {
  read(repo: string | undefined, path: string): Promise<{ text: string; file: string } | undefined>;
}

export interface LoadedConfig {
  config: UpkeepConfig;
  /** Files read, base first (empty when defaults apply). */
  files: string[];
  problems: ConfigProblem[];
}
