/**
 * Restore drills (design §3: one folder per drill, one registry, one contract test). A drill
 * restores one backup into a scratch folder the engine made (and always removes) and validates it.
 */

import type { Logger } from "../../logger.js";
import type { DrillOptions, ProcessPort, ScratchPort } from "../types.js";

/** What a drill gets. */
export interface DrillContext {
  /** The backup as users recognise it (path or URL) and its size. */
  backup: { display: string; key: string; size: number };
  /** The backup's bytes: decrypted when the set configures `decryption` keys for its format. */
  open(): AsyncIterable<Uint8Array>;
  /** A fresh folder, removed by the engine after the drill whatever happens. */
  workDir: string;
  options: DrillOptions;
  process: ProcessPort;
  scratch: ScratchPort;
  logger: Logger;
  env: Record<string, string | undefined>;
}

/** A drill's verdict: what was checked, and on failure the tool's own error. */
export interface DrillResult {
  ok: boolean;
  /** One line: what failed, or what was proven. */
  message: string;
  /** The tool's output on failure (trimmed). */
  output?: string;
  /** The checks that passed, for evidence (e.g. `PRAGMA integrity_check: ok`). */
  checks: string[];
}

/** A restore drill (registered in registry.ts under its id). */
export interface RestoreDrill {
  /** Kebab-case id, the folder name and the value of `restore.type` / `--restore`. */
  id: string;
  description: string;
  /** Programs it runs (checked on PATH before the drill; the error names the Debian package). */
  programs: readonly { name: string; debianPackage: string }[];
  run(ctx: DrillContext): Promise<DrillResult>;
}
