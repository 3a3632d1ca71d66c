import { LEVELS, type Level, type ReportSummary, SEVERITIES, type Severity } from "./model.js";

/** `1 finding`, `2 findings`: `word` plus `s` unless `n` is 1 (irregular plurals pass `plural`). */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

const LEVEL_WORDS: Record<Level, [string, string]> = {
  error: ["error", "errors"],
  warning: ["warning", "warnings"],
  note: ["note", "notes"],
};

/** `1 error, 2 warnings, 0 notes`: every level, in order. */
export function describeLevels(summary: ReportSummary): string {
  return LEVELS.map((l) => plural(summary.byLevel[l], ...LEVEL_WORDS[l])).join(", ");
}

/** `1 critical, 2 high`: only the severities that occur, most severe first; empty when there are none. */
export function describeSeverities(summary: ReportSummary): string {
  return SEVERITIES.filter((s: Severity) => summary.bySeverity[s] > 0)
    .map((s) => `${summary.bySeverity[s]} ${s}`)
    .join(", ");
}
