import { renderMarkdownDocument, type SourceLink } from "./markdown-document.js";
import type { AnyReport } from "./model.js";
import { truncateUtf8, utf8Length } from "./text-utils.js";

/**
 * GitHub refuses a job summary (`$GITHUB_STEP_SUMMARY`) over 1 MiB; the default keeps a margin below it
 * for whatever else the step writes.
 */
export const DEFAULT_SUMMARY_MAX_BYTES = 1_000_000;

/** Options of {@link renderMarkdownSummary}. */
export interface MarkdownSummaryOptions {
  /** Largest output in UTF-8 bytes. Default {@link DEFAULT_SUMMARY_MAX_BYTES}. */
  maxBytes?: number;
  /** Link to the full report (e.g. the workflow run), named in the note about findings left out. */
  detailsUrl?: string;
  /** The commit on GitHub the files are from; locations then link to the file and line. */
  source?: SourceLink;
}

/**
 * Renders the Markdown job summary: heading with pass/fail, notes, a counts table (level × severity), and a
 * findings table (severity, title linked to its help page, `file:line`, short message and rule). Past
 * `maxBytes` (UTF-8) the least important rows are dropped and one line says how many and where to look
 * ("N more findings not shown (…); see the JSON/SARIF report."). Finding text cannot inject HTML or break
 * the table. Deterministic; never throws.
 */
export function renderMarkdownSummary(report: AnyReport, options: MarkdownSummaryOptions = {}): string {
  return renderMarkdownDocument(report, {
    headingLevel: 2,
    budget: { limit: options.maxBytes ?? DEFAULT_SUMMARY_MAX_BYTES, measure: utf8Length, cut: truncateUtf8 },
    fullReportName: "the JSON/SARIF report",
    detailsUrl: options.detailsUrl,
    source: options.source,
  });
}
