import { InputError } from "../errors.js";
import { renderJson } from "./json.js";
import { renderMarkdownSummary } from "./markdown.js";
import type { SourceLink } from "./markdown-document.js";
import type { AnyReport } from "./model.js";
import { renderSarif } from "./sarif.js";
import { renderText } from "./text.js";

/** The formats `--format` accepts and `renderReport` produces. */
export type OutputFormat = "text" | "json" | "markdown" | "sarif";

export const OUTPUT_FORMATS: readonly OutputFormat[] = ["text", "json", "markdown", "sarif"];

/** Options of {@link renderReport}; each applies to the formats named. */
export interface RenderOptions {
  /** text: ANSI colour. Default false (the CLI passes `process.stdout.isTTY && !NO_COLOR`). */
  color?: boolean;
  /** markdown: largest output in UTF-8 bytes. Default 1,000,000 (GitHub's step summary limit is 1 MiB). */
  maxBytes?: number;
  /** markdown: link to the full report, named in the note about findings left out. */
  detailsUrl?: string;
  /** markdown: the commit on GitHub the files are from; locations then link to the file and line. */
  source?: SourceLink;
  /** sarif: file that findings about no file point at. Default `.github/upkeep.yml`. */
  fallbackFile?: string;
}

/** Whether `s` names an {@link OutputFormat} (for parsing `--format` and action inputs). */
export function isOutputFormat(s: string): s is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(s);
}

/**
 * Renders a report in one of the output formats. Deterministic: the same report gives the same string
 * (the only time in any output is `report.generatedAt`). Throws InputError when `format` is not an
 * {@link OutputFormat} (a string from argv or an action input that was not checked).
 */
export function renderReport(report: AnyReport, format: OutputFormat, options: RenderOptions = {}): string {
  switch (format) {
    case "text":
      return renderText(report, { color: options.color ?? false });
    case "json":
      return renderJson(report);
    case "markdown":
      return renderMarkdownSummary(report, {
        maxBytes: options.maxBytes,
        detailsUrl: options.detailsUrl,
        source: options.source,
      });
    case "sarif":
      return renderSarif(report, { fallbackFile: options.fallbackFile });
    default:
      throw new InputError(`unknown output format ${JSON.stringify(format)}`, {
        hint: `use one of: ${OUTPUT_FORMATS.join(", ")}`,
      });
  }
}
