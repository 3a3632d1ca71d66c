/**
 * The Markdown document behind the job summary and the PR comment: heading, notes, a counts table (levels ×
 * severities), a findings table, and a size budget that drops the least important rows first and says so.
 */
import { formatLocation } from "../errors.js";
import { plural } from "./counts.js";
import { escapeMarkdown, markdownLink, safeLinkTarget } from "./markdown-escape.js";
import { type AnyReport, type Finding, LEVELS, type Level, SEVERITIES, type Severity, summarize } from "./model.js";
import { orderFindings } from "./order.js";
import { oneLine, truncateText } from "./text-utils.js";

/** How a document is measured and cut (UTF-8 bytes for the step summary, characters for a comment). */
export interface Budget {
  limit: number;
  measure: (s: string) => number;
  /** Cuts `s` to at most `max` units on a character boundary. */
  cut: (s: string, max: number) => string;
}

export interface MarkdownDocumentOptions {
  /** `##` for the job summary (it sits under the job's own heading), `###` reads well in a comment. */
  headingLevel: 2 | 3;
  budget: Budget;
  /** Where the full report is, e.g. "the JSON/SARIF report"; named in the note about hidden findings. */
  fullReportName: string;
  /** A link to the full report (the workflow run), when the caller has one. */
  detailsUrl?: string | undefined;
}

const TITLE_MAX = 200;
const MESSAGE_MAX = 160;
const NOTE_MAX = 500;
const NOTES_SHOWN = 20;

const LEVEL_LABEL: Record<Level, string> = { error: "Error", warning: "Warning", note: "Note" };
const SEVERITY_LABEL: Record<Severity, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
  info: "Info",
  unknown: "Unknown",
};

/**
 * Renders the document within `options.budget`: rows are added most important first (the order of
 * {@link orderFindings}) while the document, including the note about what was left out, still fits; the
 * rest is counted in one line ("N more findings not shown ..."). Finding text is escaped with
 * {@link escapeMarkdown}. When even the fixed parts do not fit (a tiny budget), the text is cut hard at the
 * limit. The result always measures at most `budget.limit`. Never throws.
 */
export function renderMarkdownDocument(report: AnyReport, options: MarkdownDocumentOptions): string {
  const { budget } = options;
  const findings = orderFindings(report.findings);
  const summary = summarize({ findings });
  const hashes = "#".repeat(options.headingLevel);
  const status = summary.passed ? "✅" : "❌";
  const what = summary.total === 0 ? "no findings" : plural(summary.total, "finding");
  const parts: string[] = [`${hashes} ${status} Upkeep ${escapeMarkdown(report.check)}: ${what}\n`];

  const notes = report.notes
    .slice(0, NOTES_SHOWN)
    .map((n) => `- ${escapeMarkdown(truncateText(oneLine(n), NOTE_MAX))}`);
  if (report.notes.length > NOTES_SHOWN) notes.push(`- … ${plural(report.notes.length - NOTES_SHOWN, "more note")}`);
  if (notes.length > 0) parts.push(`\n${notes.join("\n")}\n`);

  if (findings.length > 0) {
    parts.push(`\n${countsTable(findings)}`);
    parts.push("\n| Severity | Finding | Location | Details |\n| --- | --- | --- | --- |\n");
  }
  const head = parts.join("");
  // hiddenAfter[i]: severities of findings i.. (what the note would list if rows stopped before i).
  const hiddenAfter = suffixSeverityCounts(findings);
  // Rows are built only while they fit: a comment holds a few hundred of 10,000 findings.
  const rows: string[] = [];
  let used = budget.measure(head);
  for (let i = 0; i < findings.length; i++) {
    const row = findingRow(findings[i]!);
    const rowSize = budget.measure(row);
    const isLast = i === findings.length - 1;
    const footerSize = isLast ? 0 : budget.measure(hiddenNote(hiddenAfter[i + 1]!, options));
    if (used + rowSize + footerSize > budget.limit) break;
    rows.push(row);
    used += rowSize;
  }
  const shown = rows.length;
  const doc = head + rows.join("") + (shown < findings.length ? hiddenNote(hiddenAfter[shown]!, options) : "");
  return budget.measure(doc) <= budget.limit ? doc : budget.cut(doc, budget.limit);
}

function countsTable(findings: Finding[]): string {
  const cols = SEVERITIES;
  const lines = [
    `| Level | ${cols.map((s) => SEVERITY_LABEL[s]).join(" | ")} | Total |`,
    `| --- | ${cols.map(() => "---:").join(" | ")} | ---: |`,
  ];
  const total = summarize({ findings });
  for (const level of LEVELS) {
    const ofLevel = summarize({ findings: findings.filter((f) => f.level === level) });
    lines.push(`| ${LEVEL_LABEL[level]} | ${cols.map((s) => ofLevel.bySeverity[s]).join(" | ")} | ${ofLevel.total} |`);
  }
  lines.push(`| **Total** | ${cols.map((s) => total.bySeverity[s]).join(" | ")} | **${total.total}** |`);
  return `${lines.join("\n")}\n`;
}

function findingRow(f: Finding): string {
  const severity = `${SEVERITY_LABEL[f.severity]} (${f.level})`;
  const title = markdownLink(truncateText(oneLine(f.title), TITLE_MAX), f.helpUri);
  const location =
    f.file === undefined
      ? "—"
      : escapeMarkdown(
          formatLocation({ file: f.file, line: f.line, column: f.line === undefined ? undefined : f.column }),
        );
  const message = escapeMarkdown(truncateText(oneLine(f.message), MESSAGE_MAX));
  const details = `${message ? `${message} ` : ""}<sub>${escapeMarkdown(f.rule)}</sub>`;
  return `| ${severity} | ${title} | ${location} | ${details} |\n`;
}

function suffixSeverityCounts(findings: readonly Finding[]): Record<Severity, number>[] {
  const out: Record<Severity, number>[] = new Array(findings.length + 1);
  let acc: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0, unknown: 0 };
  out[findings.length] = acc;
  for (let i = findings.length - 1; i >= 0; i--) {
    acc = { ...acc, [findings[i]!.severity]: acc[findings[i]!.severity] + 1 };
    out[i] = acc;
  }
  return out;
}

function hiddenNote(bySeverity: Record<Severity, number>, options: MarkdownDocumentOptions): string {
  const count = SEVERITIES.reduce((n, s) => n + bySeverity[s], 0);
  const severities = SEVERITIES.filter((s) => bySeverity[s] > 0)
    .map((s) => `${bySeverity[s]} ${s}`)
    .join(", ");
  const target = safeLinkTarget(options.detailsUrl);
  const where = target ? `[${options.fullReportName}](${target})` : options.fullReportName;
  return `\n_${plural(count, "more finding")} not shown (${severities}); see ${where}._\n`;
}
