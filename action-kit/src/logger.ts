// The Logger port over @actions/core's log commands, for the action shells.
import * as core from "@actions/core";
import { type Logger, redactingLogger } from "@upkeep/shared/logger.js";

/**
 * A Logger writing through `core.debug/info/warning/error`, with every value of `secrets()` (read on each
 * call, so secrets added later count) redacted from each line. Never throws.
 */
export function coreLogger(secrets: () => Iterable<string>): Logger {
  return redactingLogger(
    {
      debug: (m) => core.debug(m),
      info: (m) => core.info(m),
      warning: (m) => core.warning(m),
      error: (m) => core.error(m),
    },
    secrets,
  );
}

/**
 * Masks `value` in the runner's log (`core.setSecret`) and adds it to `secrets`, the list the logger and
 * the failure message redact. Empty values are skipped (masking `""` would mask nothing useful).
 */
export function maskSecret(value: string, secrets: string[]): void {
  if (!value) return;
  core.setSecret(value);
  secrets.push(value);
}
