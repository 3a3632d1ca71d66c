import cvssCalculator from "ae-cvss-calculator";
import type { Severity } from "../report/model.js";
import type { OsvRecord, OsvSeverity } from "./osv-schema.js";

/** The severity of an advisory (for one affected package) and where it came from. */
export interface SeverityInfo {
  severity: Severity;
  /** CVSS base score, 0.0–10.0, when a vector was used. */
  score?: number;
  /** The CVSS vector the score was computed from. */
  vector?: string;
  source: "CVSS_V4" | "CVSS_V3" | "CVSS_V2" | "database_specific" | "none";
  /** Set when a vector could not be used and a lower-precedence source was taken instead. */
  warning?: string;
}

type CvssSource = "CVSS_V4" | "CVSS_V3" | "CVSS_V2";

interface VectorKind {
  source: CvssSource;
  /** Metrics every base vector must carry exactly once (the library fills gaps with defaults instead). */
  base: readonly string[];
  make(vector: string): { calculateScores(): { base?: number } };
}

const { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } = cvssCalculator;

const V2: VectorKind = { source: "CVSS_V2", base: ["AV", "AC", "Au", "C", "I", "A"], make: (v) => new Cvss2(v) };
const V3_BASE = ["AV", "AC", "PR", "UI", "S", "C", "I", "A"];
const V30: VectorKind = { source: "CVSS_V3", base: V3_BASE, make: (v) => new Cvss3P0(v) };
const V31: VectorKind = { source: "CVSS_V3", base: V3_BASE, make: (v) => new Cvss3P1(v) };
const V40: VectorKind = {
  source: "CVSS_V4",
  base: ["AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA"],
  make: (v) => new Cvss4P0(v),
};

const PRECEDENCE: Record<string, number> = { CVSS_V4: 0, CVSS_V3: 1, CVSS_V2: 2 };

const GITHUB_SEVERITIES: Record<string, Severity> = {
  critical: "critical",
  high: "high",
  moderate: "medium",
  medium: "medium",
  low: "low",
};

function kindOf(vector: string): { kind: VectorKind; body: string } | undefined {
  const m = /^CVSS:(\d\.\d)\/(.*)$/.exec(vector);
  if (!m) return { kind: V2, body: vector.replace(/^\((.*)\)$/, "$1") };
  const kinds: Record<string, VectorKind> = { "4.0": V40, "3.1": V31, "3.0": V30, "2.0": V2 };
  const kind = kinds[m[1]!];
  return kind && { kind, body: m[2]! };
}

/** Base score of a vector, or why it cannot be scored. */
function scoreVector(vector: string): { score: number; source: CvssSource } | { error: string } {
  const parsed = kindOf(vector.trim());
  if (!parsed) return { error: "unsupported CVSS version" };
  const keys = parsed.body.split("/").map((part) => part.split(":")[0] ?? "");
  for (const metric of parsed.kind.base) {
    const n = keys.filter((k) => k === metric).length;
    if (n !== 1) return { error: n === 0 ? `base metric ${metric} is missing` : `base metric ${metric} is repeated` };
  }
  try {
    const base = parsed.kind.make(parsed.kind === V2 ? parsed.body : vector.trim()).calculateScores().base;
    if (typeof base !== "number" || !Number.isFinite(base)) return { error: "no base score" };
    return { score: base, source: parsed.kind.source };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Qualitative rating of a CVSS base score: v3/v4 bands of the CVSS specification (0 none → `info`,
 * 0.1–3.9 low, 4.0–6.9 medium, 7.0–8.9 high, 9.0–10 critical); v2 has no critical band, so NVD's v2 bands
 * (0–3.9 low, 4.0–6.9 medium, 7.0–10 high). Never throws.
 */
export function ratingOf(score: number, source: CvssSource): Severity {
  if (source === "CVSS_V2") return score >= 7 ? "high" : score >= 4 ? "medium" : "low";
  if (score === 0) return "info";
  if (score >= 9) return "critical";
  if (score >= 7) return "high";
  return score >= 4 ? "medium" : "low";
}

function byPrecedence(list: OsvSeverity[] | undefined): OsvSeverity[] {
  return (list ?? [])
    .filter((s) => s.type in PRECEDENCE)
    .sort((a, b) => (PRECEDENCE[a.type] ?? 9) - (PRECEDENCE[b.type] ?? 9));
}

function databaseSeverity(value: unknown): Severity | undefined {
  return typeof value === "string" ? GITHUB_SEVERITIES[value.toLowerCase()] : undefined;
}

/**
 * The severity of `record`, for its `affected[affectedIndex]` entry when given. Sources in order: the
 * entry's own `severity[]` (it overrides the top level when present), then the record's `severity[]`, each
 * CVSS v4 > v3 (3.0/3.1) > v2 and scored with ae-cvss-calculator; then `database_specific.severity`
 * (the entry's, then the record's; GitHub's LOW/MODERATE/HIGH/CRITICAL, MODERATE → medium); else
 * `unknown` with source `none`. A vector that cannot be scored is skipped and named in `warning`.
 * Never throws.
 */
export function severityOf(record: OsvRecord, affectedIndex?: number): SeverityInfo {
  const affected = affectedIndex === undefined ? undefined : record.affected?.[affectedIndex];
  // The entry's own vectors come first (they override the record's); the record's are the fallback.
  const vectors = [...byPrecedence(affected?.severity), ...byPrecedence(record.severity)];
  const problems: string[] = [];
  for (const entry of vectors) {
    const result = scoreVector(entry.score);
    if ("error" in result) {
      problems.push(`${record.id}: ${entry.type} vector "${entry.score}" cannot be scored (${result.error})`);
      continue;
    }
    const info: SeverityInfo = {
      severity: ratingOf(result.score, result.source),
      score: result.score,
      vector: entry.score,
      source: result.source,
    };
    return problems.length > 0 ? { ...info, warning: `${problems.join("; ")}; used ${entry.type} instead` } : info;
  }
  const fromDatabase =
    databaseSeverity(affected?.database_specific?.severity) ?? databaseSeverity(record.database_specific?.severity);
  const fallback: SeverityInfo = fromDatabase
    ? { severity: fromDatabase, source: "database_specific" }
    : { severity: "unknown", source: "none" };
  if (problems.length === 0) return fallback;
  return {
    ...fallback,
    warning: `${problems.join("; ")}; used ${fallback.source === "none" ? "no score (unknown)" : "database_specific.severity"} instead`,
  };
}
