/**
 * One Finding/Report model for every check (patch-check, drift-check, backup-verify, staging-gate, ...).
 * Renderers in this folder turn a Report into text, JSON, Markdown, annotations, SARIF and PR comments.
 */

/** How bad the underlying problem is (advisory severity, or the rule's own). */
export type Severity = "critical" | "high" | "medium" | "low" | "info" | "unknown";

/** What the finding does to the run: `error` fails it, `warning` and `note` do not. */
export type Level = "error" | "warning" | "note";

export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low", "info", "unknown"];
export const LEVELS: readonly Level[] = ["error", "warning", "note"];

/** Orders levels: error 2, warning 1, note 0. */
export function levelRank(l: Level): number {
  switch (l) {
    case "error":
      return 2;
    case "warning":
      return 1;
    case "note":
      return 0;
  }
}

/** Orders severities for thresholds: critical 5 … info 1; unknown 0 (it has its own policy). */
export function severityRank(s: Severity): number {
  switch (s) {
    case "critical":
      return 5;
    case "high":
      return 4;
    case "medium":
      return 3;
    case "low":
      return 2;
    case "info":
      return 1;
    case "unknown":
      return 0;
  }
}

export interface Finding {
  /** The rule that produced it, `<check>/<rule>`, e.g. `patch/vulnerability`, `drift/undocumented-input`. */
  rule: string;
  level: Level;
  severity: Severity;
  /** One line, shown as the heading of the finding. */
  title: string;
  /** What is wrong and what to do, plain text (may hold several lines). */
  message: string;
  /** Repository-relative path with `/`, when the finding is about a file. */
  file?: string;
  /** 1-based line (and optional column) in `file`. */
  line?: number;
  column?: number;
  endLine?: number;
  /** Where to read more (the advisory, the docs page of the rule). */
  helpUri?: string;
  /**
   * Stable identity of the finding across runs (same problem, same place → same value); renderers use
   * it for SARIF partialFingerprints and to dedupe. Must not include line numbers or dates.
   */
  fingerprint: string;
  /** Check-specific details (advisory ids, versions, deadline...), kept in JSON output. */
  properties?: Record<string, unknown>;
}

/** A rule as code scanning and the docs list it. */
export interface RuleDescriptor {
  id: string;
  name: string;
  shortDescription: string;
  helpUri?: string;
  /** Longer explanation (SARIF `fullDescription`, the docs page). */
  fullDescription?: string;
  /**
   * The rule reports a security problem (a vulnerable dependency, a leaked secret): SARIF then tags it
   * `security` and gives it a `security-severity`, so GitHub code scanning ranks it as a security alert.
   */
  security?: boolean;
  /** Extra SARIF tags (e.g. `dependencies`, `supply-chain`). */
  tags?: string[];
  /** Level the rule reports at unless configured otherwise (SARIF `defaultConfiguration.level`). */
  defaultLevel?: Level;
}

/**
 * A check's result. `Data` is the check's own `data` shape (e.g. `Report<PatchCheckData>` from
 * runPatchCheck), so readers need no cast; a report whose data nobody reads typed keeps the default.
 */
export interface Report<Data extends object = Record<string, unknown>> {
  /** Version of this JSON shape; bumped on any incompatible change. */
  schemaVersion: 1;
  tool: { name: "upkeep"; version: string };
  /** The check that produced the report, e.g. `patch-check`. */
  check: string;
  /** ISO 8601 time the report was made. */
  generatedAt: string;
  findings: Finding[];
  /** The rules that may appear in `findings` (for SARIF `tool.driver.rules`). */
  rules: RuleDescriptor[];
  /** Check-specific data (packages scanned, entries skipped with the reason, next version ...). */
  data: Data;
  /** Short lines shown above the findings (what was checked). */
  notes: string[];
}

/** A report of any check, whatever its data: what renderers and combinators accept. */
export type AnyReport = Report<object>;

export interface ReportSummary {
  passed: boolean;
  total: number;
  byLevel: Record<Level, number>;
  bySeverity: Record<Severity, number>;
}

/** Counts findings by level and severity. A report passes when no finding is at level `error`. */
export function summarize(report: Pick<Report, "findings">): ReportSummary {
  const byLevel: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0, unknown: 0 };
  for (const f of report.findings) {
    byLevel[f.level]++;
    bySeverity[f.severity]++;
  }
  return { passed: byLevel.error === 0, total: report.findings.length, byLevel, bySeverity };
}
