import type { AnyReport, Finding, Level, ReportSummary, RuleDescriptor, Severity } from "./model.js";
import { summarize } from "./model.js";
import { compareStrings, orderFindings } from "./order.js";

/**
 * The JSON output's shape (`report.schema.json` beside this file describes it). Version 1; see
 * docs/report-formats.md for when `schemaVersion` changes.
 */
export interface JsonReport {
  schemaVersion: 1;
  tool: { name: "upkeep"; version: string };
  check: string;
  generatedAt: string;
  summary: ReportSummary;
  notes: string[];
  rules: RuleDescriptor[];
  findings: Finding[];
  data: Record<string, unknown>;
}

/**
 * Builds the JSON output object: keys in a fixed order (the order the schema lists them), optional keys
 * left out rather than `null`, findings ordered and de-duplicated as in every format, rules sorted by id,
 * and the free-form `properties`/`data` objects with their keys sorted, so the same report always gives
 * the same bytes. Values that JSON cannot hold (functions, `undefined`) are dropped by `JSON.stringify`.
 * Never throws.
 */
export function toJsonReport(report: AnyReport): JsonReport {
  const findings = orderFindings(report.findings);
  return {
    schemaVersion: report.schemaVersion,
    tool: { name: report.tool.name, version: report.tool.version },
    check: report.check,
    generatedAt: report.generatedAt,
    summary: orderedSummary(summarize({ findings })),
    notes: [...report.notes],
    rules: [...report.rules].sort((a, b) => compareStrings(a.id, b.id)).map(orderedRule),
    findings: findings.map(orderedFinding),
    data: sortKeys(report.data) as Record<string, unknown>,
  };
}

/** The JSON output as text: {@link toJsonReport}, two-space indented, with a final newline. Never throws. */
export function renderJson(report: AnyReport): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}

function orderedSummary(s: ReportSummary): ReportSummary {
  const byLevel: Record<Level, number> = { error: s.byLevel.error, warning: s.byLevel.warning, note: s.byLevel.note };
  const bySeverity: Record<Severity, number> = {
    critical: s.bySeverity.critical,
    high: s.bySeverity.high,
    medium: s.bySeverity.medium,
    low: s.bySeverity.low,
    info: s.bySeverity.info,
    unknown: s.bySeverity.unknown,
  };
  return { passed: s.passed, total: s.total, byLevel, bySeverity };
}

function orderedRule(r: RuleDescriptor): RuleDescriptor {
  return withoutUndefined({
    id: r.id,
    name: r.name,
    shortDescription: r.shortDescription,
    fullDescription: r.fullDescription,
    helpUri: r.helpUri,
    security: r.security,
    tags: r.tags ? [...r.tags].sort(compareStrings) : undefined,
    defaultLevel: r.defaultLevel,
  });
}

function orderedFinding(f: Finding): Finding {
  return withoutUndefined({
    rule: f.rule,
    level: f.level,
    severity: f.severity,
    title: f.title,
    message: f.message,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    helpUri: f.helpUri,
    fingerprint: f.fingerprint,
    properties: f.properties === undefined ? undefined : (sortKeys(f.properties) as Record<string, unknown>),
  });
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Plain objects get their keys sorted (recursively); arrays keep their order; other values pass through. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  // A null prototype, so a key named `__proto__` (JSON.parse makes them) stays an ordinary key.
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).sort(compareStrings))
    out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
