import { type Finding, levelRank, severityRank } from "./model.js";

/**
 * Compares strings by UTF-16 code units. Unlike `localeCompare` it gives the same order on every machine
 * and locale, which the renderers need for byte-identical output.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function compareOptionalStrings(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  // Findings about the whole repository (no file) come before file findings of the same rank.
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return compareStrings(a, b);
}

function compareOptionalNumbers(a: number | undefined, b: number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a - b;
}

/**
 * The one order of findings in every format, most important first: level (error, warning, note), then
 * severity (critical … unknown), file (none first, then by path), line, column, rule, fingerprint.
 * Returns a negative number when `a` comes first.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    levelRank(b.level) - levelRank(a.level) ||
    severityRank(b.severity) - severityRank(a.severity) ||
    compareOptionalStrings(a.file, b.file) ||
    compareOptionalNumbers(a.line, b.line) ||
    compareOptionalNumbers(a.column, b.column) ||
    compareStrings(a.rule, b.rule) ||
    compareStrings(a.fingerprint, b.fingerprint)
  );
}

/**
 * Sorts findings with {@link compareFindings} and drops repeats: two findings with the same rule and
 * fingerprint are the same problem (the model's contract), so only the most important one is kept.
 * Returns a new array; the input is not changed. Never throws.
 */
export function orderFindings(findings: readonly Finding[]): Finding[] {
  const sorted = [...findings].sort(compareFindings);
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of sorted) {
    const key = `${f.rule}\u0000${f.fingerprint}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}
