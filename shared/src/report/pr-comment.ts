import { renderMarkdownDocument, type SourceLink } from "./markdown-document.js";
import type { AnyReport } from "./model.js";

/**
 * GitHub rejects a comment body over 65,536 characters; the default leaves room for the hidden marker the
 * sticky-comment helper adds and a line or two of the caller's own.
 */
export const DEFAULT_COMMENT_MAX_CHARS = 65_000;

/** Options of {@link renderPrComment}. */
export interface PrCommentOptions {
  /** Largest body in characters (UTF-16 code units, which never undercounts). Default {@link DEFAULT_COMMENT_MAX_CHARS}. */
  maxChars?: number;
  /** Link to the full report (the workflow run), named in the note about findings left out. */
  detailsUrl?: string;
  /** The commit on GitHub the files are from; locations then link to the file and line. */
  source?: SourceLink;
}

/**
 * Renders a pull-request comment body without the hidden marker (the sticky-comment helper adds it):
 * heading with pass/fail, notes, counts table and findings table, at most `maxChars` characters. Past the
 * limit the least important rows are dropped and one line says how many, of which severities, and where
 * the rest is. `@mentions` in finding text are defused and no HTML from it is rendered, so a finding cannot
 * ping people or fake Upkeep's marker. Deterministic; never throws.
 */
export function renderPrComment(report: AnyReport, options: PrCommentOptions = {}): string {
  return renderMarkdownDocument(report, {
    headingLevel: 3,
    budget: { limit: options.maxChars ?? DEFAULT_COMMENT_MAX_CHARS, measure: (s) => s.length, cut: cutChars },
    fullReportName: "the job summary or the JSON/SARIF report of the workflow run",
    detailsUrl: options.detailsUrl,
    source: options.source,
  });
}

function cutChars(s: string, max: number): string {
  let end = max;
  const code = s.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end--;
  return s.slice(0, end);
}
