import { formatLocation } from "../errors.js";
import { plural } from "./counts.js";
import type { AnyReport, Finding, Level } from "./model.js";
import { orderFindings } from "./order.js";
import { cleanText, oneLine, truncateText } from "./text-utils.js";

/** One workflow annotation, shaped for `core.error/warning/notice(message, properties)`. */
export interface WorkflowAnnotation {
  level: "error" | "warning" | "notice";
  message: string;
  title: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
}

/** Options of {@link toAnnotations}. */
export interface AnnotationOptions {
  /**
   * Annotations of one level GitHub shows per step. Default 10 (GitHub's limit); findings past it are
   * counted in one summarising annotation of that level.
   */
  perLevel?: number;
}

export const DEFAULT_ANNOTATIONS_PER_LEVEL = 10;

const TITLE_MAX = 255;
const MESSAGE_MAX = 4000;
const SUMMARY_LOCATIONS = 20;

const ANNOTATION_LEVEL: Record<Level, WorkflowAnnotation["level"]> = {
  error: "error",
  warning: "warning",
  note: "notice",
};

/**
 * Turns a report into workflow annotations, most important first (the order of every format). GitHub shows
 * at most `perLevel` (default 10) annotations of each level per step, so when a level has more, the first
 * `perLevel - 1` are kept and one more annotation of that level, without a file, lists how many were left
 * out and where they are. Titles are one line of at most 255 characters and messages at most 4,000;
 * control characters are removed. A column is only given with a single-line range (GitHub ignores it
 * otherwise). Pure; throws RangeError when `perLevel` is below 1.
 */
export function toAnnotations(report: AnyReport, options: AnnotationOptions = {}): WorkflowAnnotation[] {
  const perLevel = options.perLevel ?? DEFAULT_ANNOTATIONS_PER_LEVEL;
  if (!Number.isInteger(perLevel) || perLevel < 1)
    throw new RangeError(`perLevel must be a positive integer, got ${perLevel}`);
  const byLevel = new Map<WorkflowAnnotation["level"], Finding[]>();
  for (const f of orderFindings(report.findings)) {
    const level = ANNOTATION_LEVEL[f.level];
    const list = byLevel.get(level);
    if (list) list.push(f);
    else byLevel.set(level, [f]);
  }
  const out: WorkflowAnnotation[] = [];
  for (const level of ["error", "warning", "notice"] as const) {
    const list = byLevel.get(level) ?? [];
    if (list.length <= perLevel) {
      out.push(...list.map(toAnnotation));
      continue;
    }
    out.push(...list.slice(0, perLevel - 1).map(toAnnotation));
    out.push(summaryAnnotation(level, list.slice(perLevel - 1), report.check));
  }
  return out;
}

function toAnnotation(f: Finding): WorkflowAnnotation {
  const a: WorkflowAnnotation = {
    level: ANNOTATION_LEVEL[f.level],
    title: truncateText(oneLine(`${f.title} (${f.severity})`), TITLE_MAX),
    message: truncateText(annotationMessage(f), MESSAGE_MAX),
  };
  if (f.file === undefined) return a;
  a.file = f.file;
  const start = positiveInt(f.line);
  if (start === undefined) return a;
  a.startLine = start;
  const end = positiveInt(f.endLine);
  if (end !== undefined && end > start) a.endLine = end;
  const column = positiveInt(f.column);
  if (column !== undefined && a.endLine === undefined) a.startColumn = column;
  return a;
}

function annotationMessage(f: Finding): string {
  const lines = [cleanText(f.message).trim() || oneLine(f.title), "", `Rule: ${oneLine(f.rule)}`];
  if (f.helpUri) lines.push(`More: ${oneLine(f.helpUri)}`);
  return lines.join("\n");
}

function summaryAnnotation(level: WorkflowAnnotation["level"], rest: Finding[], check: string): WorkflowAnnotation {
  const where = rest.slice(0, SUMMARY_LOCATIONS).map((f) => {
    const loc = f.file === undefined ? "(repository)" : formatLocation({ file: f.file, line: positiveInt(f.line) });
    return `- ${oneLine(loc)}: ${oneLine(f.title)}`;
  });
  if (rest.length > SUMMARY_LOCATIONS) where.push(`- … and ${rest.length - SUMMARY_LOCATIONS} more`);
  const noun = level === "notice" ? "notice" : level;
  return {
    level,
    title: truncateText(oneLine(`upkeep ${check}: ${plural(rest.length, `more ${noun}`)} not annotated`), TITLE_MAX),
    message: truncateText(
      `GitHub shows a limited number of annotations per step; these are in the job summary and the JSON/SARIF report:\n${where.join("\n")}`,
      MESSAGE_MAX,
    ),
  };
}

function positiveInt(n: number | undefined): number | undefined {
  return n !== undefined && Number.isInteger(n) && n >= 1 ? n : undefined;
}

// The runner reads `::cmd key=value,...::data` up to the end of the line; these escapes are the ones
// @actions/core applies, so the runner decodes them back and nothing in a value can end the command early
// or start a new one.
function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * Formats an annotation as a workflow command line (without the trailing newline), e.g.
 * `::error file=a.txt,line=3,title=Bad%3A thing::message`, escaping `%`, CR and LF in the message and
 * additionally `:` and `,` in property values, as the runner expects. For shells that write to stdout
 * instead of calling `@actions/core`. Never throws.
 */
export function formatWorkflowCommand(a: WorkflowAnnotation): string {
  const props: [string, string | number | undefined][] = [
    ["file", a.file],
    ["line", a.startLine],
    ["endLine", a.endLine],
    ["col", a.startColumn],
    ["title", a.title],
  ];
  const list = props
    .filter((p): p is [string, string | number] => p[1] !== undefined && p[1] !== "")
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(",");
  return `::${a.level}${list ? ` ${list}` : ""}::${escapeData(a.message)}`;
}
