import type { DetectorConfig } from "../config/types.js";
import { ConfigError } from "../errors.js";
import type { Finding, Level, Severity } from "../report/model.js";

/** What a detector says about one problem; {@link driftFinding} fills in the rest. */
export interface DriftFindingInput {
  rule: string;
  level: Level;
  title: string;
  message: string;
  file: string;
  line: number;
  column?: number;
  /** What identifies the problem within the file (a name, a URL): part of the fingerprint, never a line. */
  key: string;
  severity?: Severity;
  properties?: Record<string, unknown>;
}

/**
 * Builds a Finding with a stable fingerprint (`rule`, `file`, `key`; no line, so moving text keeps it)
 * and a severity derived from the level (error → medium, warning → low, note → info) unless given.
 */
export function driftFinding(input: DriftFindingInput): Finding {
  const severity = input.severity ?? (input.level === "error" ? "medium" : input.level === "warning" ? "low" : "info");
  return {
    rule: input.rule,
    level: input.level,
    severity,
    title: input.title,
    message: input.message,
    file: input.file,
    line: input.line,
    ...(input.column !== undefined ? { column: input.column } : {}),
    fingerprint: `${input.rule}:${input.file}:${input.key}`,
    ...(input.properties ? { properties: input.properties } : {}),
  };
}

const CONFIG_FILE = ".github/upkeep.yml";

function bad(detector: string, key: string, expected: string): ConfigError {
  return new ConfigError(
    [{ file: CONFIG_FILE, key: `drift.detectors.${detector}.${key}`, message: `expected ${expected}` }],
    {
      hint: `fix drift.detectors.${detector}.${key} in ${CONFIG_FILE} (see docs/drift-check.md)`,
    },
  );
}

/** Reads a list of strings option (a single string counts as a list of one). Throws ConfigError otherwise. */
export function optionList(
  options: DetectorConfig,
  detector: string,
  key: string,
  fallback: readonly string[],
): string[] {
  const v = options[key];
  if (v === undefined) return [...fallback];
  if (typeof v === "string") return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
  throw bad(detector, key, "a list of strings");
}

/** Reads a number option. Throws ConfigError when it is not a non-negative number. */
export function optionNumber(options: DetectorConfig, detector: string, key: string, fallback: number): number {
  const v = options[key];
  if (v === undefined) return fallback;
  if (typeof v === "number" && Number.isFinite(v) && v >= 0) return v;
  throw bad(detector, key, "a non-negative number");
}

/** Reads a string option. Throws ConfigError when it is not a string. */
export function optionString(options: DetectorConfig, detector: string, key: string): string | undefined {
  const v = options[key];
  if (v === undefined) return undefined;
  if (typeof v === "string") return v;
  throw bad(detector, key, "a string");
}

/** Reads an option that must be a list of objects; each is returned as is. Throws ConfigError otherwise. */
export function optionObjects(options: DetectorConfig, detector: string, key: string): Record<string, unknown>[] {
  const v = options[key];
  if (v === undefined) return [];
  if (Array.isArray(v) && v.every((x) => typeof x === "object" && x !== null && !Array.isArray(x))) {
    return v as Record<string, unknown>[];
  }
  throw bad(detector, key, "a list of mappings");
}

/** A ConfigError about one detector option (for checks the readers above do not cover). */
export function optionError(detector: string, key: string, expected: string): ConfigError {
  return bad(detector, key, expected);
}
