/**
 * Shapes of the drift-check engine: the docs drift detector contract (design §3: one folder per
 * detector under `detectors/`, one registry, one contract test), the ports detectors reach the world
 * through, and the fixes `--fix` applies.
 */

import type { DetectorConfig, DriftConfig } from "../config/types.js";
import type { Logger } from "../logger.js";
import type { Clock, CommandRunner, FetchPort, FileSystemPort, GitPort } from "../ports.js";
import type { Finding, RuleDescriptor } from "../report/model.js";
import type { Workspace } from "./workspace.js";

/** The ports a drift check runs with. Only `fs`, `clock` and `logger` are required. */
export interface DriftPorts {
  fs: FileSystemPort;
  /** Needed by `stale-versions` (latest tag) and `staleness` (history); without it they report nothing. */
  git?: GitPort;
  /** Needed by a `command` source of the reference detectors. */
  runner?: CommandRunner;
  /** Needed only for external links (`--external-links`). */
  fetch?: FetchPort;
  /** Waits between external requests (rate limit, `retry-after`); tests pass a fake. Default: setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * The repository's files (relative, `/`). Default: every file `fs.walk()` finds. The CLI passes a
   * lister that leaves out what `.gitignore` ignores (build output, generated docs).
   */
  listFiles?: () => Promise<string[]>;
  clock: Clock;
  logger: Logger;
}

/**
 * A mechanical rewrite of one file (`--fix`). `apply` gets the file's current text (after earlier
 * fixes) and returns the new text; it must be idempotent (applying it to its own output changes nothing).
 */
export interface FileFix {
  file: string;
  /** One line for the log: what the fix does. */
  description: string;
  apply(text: string): string;
}

/** What one detector found. */
export interface DetectorResult {
  findings: Finding[];
  /** Fixes for some of the findings; applied only with `--fix`. */
  fixes: FileFix[];
  /** Lines for the report's notes: what was recognised or left out, so nothing is skipped silently. */
  notes?: string[];
}

/** What a detector gets: the shared workspace (files walked and docs parsed once), config and ports. */
export interface DetectorContext extends DriftPorts {
  workspace: Workspace;
  /** The whole `drift` section. */
  config: DriftConfig;
  /** This detector's options (`drift.detectors.<id>`); `{ enabled: true }` when not configured. */
  options: DetectorConfig;
  /** Check external links too (`--external-links`). Default false. */
  externalLinks: boolean;
  /** `owner/name` of the repository (for `uses:` and container snippets), when known. */
  repository?: string;
}

/** A self-test the contract test runs: files in, the rules that must come out. */
export interface DetectorExample {
  files: Record<string, string>;
  /** Detector options for the example (default `{ enabled: true }`). */
  options?: Record<string, unknown>;
  /** Rule ids that must each appear at least once in the findings. */
  expectRules: string[];
}

/** One docs drift detector (registered in registry.ts under its `id`). */
export interface DriftDetector {
  /** Kebab-case id, the folder name under `detectors/` and the key under `drift.detectors`. */
  id: string;
  /** One line for `--help` and the docs. */
  description: string;
  /** Every rule the detector reports, each `drift/<id>/<kind>`. */
  rules: RuleDescriptor[];
  /** Whether it runs with no configuration. */
  defaultEnabled: boolean;
  /** Needs git history (skipped with a note when no GitPort is given). */
  needsGit?: boolean;
  /** A fixture that must produce `expectRules` (checked by the contract test). */
  example: DetectorExample;
  /** Finds drift. Throws ConfigError for bad detector options; never writes files. */
  run(ctx: DetectorContext): Promise<DetectorResult>;
}
