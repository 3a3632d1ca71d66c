/** Options, ports and report data of the patch-check engine (shared/src/patch/check/index.ts). */
import type { Logger } from "../../logger.js";
import type { Clock, FileSystemPort, GitPort } from "../../ports.js";
import type { VersionSource, VulnerabilitySource } from "../datasources/types.js";
import type { EolPolicy } from "../eol/check.js";
import type { PatchPolicy } from "../policy.js";
import type { Ecosystem, ScannedPackage, SkippedEntry } from "../types.js";

export interface PatchCheckOptions {
  /** Files or folders to scan, relative to the root. Default: every lockfile below the root. */
  paths?: readonly string[];
  /** Globs of files to leave out (they are listed as skipped). */
  exclude?: readonly string[];
  /**
   * Globs a walk leaves out (counted in a note, listed in `data.ignored`); default DEFAULT_IGNORE_PATHS
   * (config/ignore-paths.ts). Files named in `paths` are always scanned. `[]` scans everything.
   */
  ignorePaths?: readonly string[];
  policy: PatchPolicy;
  /** Advisory sources, queried in order and merged (aliases become one finding). */
  sources: readonly VulnerabilitySource[];
  /** Registries per ecosystem, for fix release dates and "outdated". */
  registries?: Partial<Record<Ecosystem, VersionSource>>;
  outdated?: { enabled: boolean; cooldownDays: number };
  eol?: EolPolicy & { enabled: boolean };
  /** PR mode: report only what differs between the lockfiles at `base` and the working tree. */
  pullRequest?: { base: string };
}

export interface PatchCheckPorts {
  fs: FileSystemPort;
  /** Needed for PR mode. */
  git?: GitPort;
  clock: Clock;
  logger: Logger;
}

/** Data of a patch-check report (`report.data`), documented in docs/patch-check.md. */
export interface PatchCheckData {
  lockfiles: Array<{ file: string; manager: string; formatVersion: string | null; packages: number }>;
  packages: Array<
    Pick<ScannedPackage, "ecosystem" | "name" | "version" | "group" | "direct" | "file"> & { line: number | null }
  >;
  skipped: SkippedEntry[];
  /** Lockfiles left out by the ignore paths. */
  ignored?: string[];
  /** Lockfiles that could not be read (each is also a `patch/unreadable-lockfile` finding). */
  unreadable?: Array<{ file: string; line: number | null; reason: string }>;
  sources: Record<string, { requests: number; batches: number; advisoriesFetched: number; cacheHits: number }>;
  counts: {
    critical: number;
    high: number;
    medium: number;
    low: number;
    unknown: number;
    overdue: number;
    vulnerabilities: number;
    outdated: number;
  };
  pullRequest?: { base: string; introduced: number; fixed: number; unchanged: number };
}
