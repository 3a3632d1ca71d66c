import { formatLocation } from "../errors.js";
import { describeLevels, describeSeverities, plural } from "./counts.js";
import { type AnyReport, type Finding, type Level, type Severity, summarize } from "./model.js";
import { orderFindings } from "./order.js";
import { groupByPackage, type PackageGroup } from "./package-groups.js";
import { cleanText, oneLine } from "./text-utils.js";

/** Options of {@link renderText}. */
export interface TextOptions {
  /**
   * Colour with ANSI escapes. Default `false`; the CLI passes `process.stdout.isTTY && !NO_COLOR`, so
   * piped output and logs stay plain.
   */
  color?: boolean;
}

type Style = "bold" | "dim" | "red" | "yellow" | "cyan" | "magenta" | "green";

const ANSI: Record<Style, string> = {
  bold: "\u001b[1m",
  dim: "\u001b[2m",
  red: "\u001b[31m",
  yellow: "\u001b[33m",
  cyan: "\u001b[36m",
  magenta: "\u001b[35m",
  green: "\u001b[32m",
};
const RESET = "\u001b[0m";

const LEVEL_STYLE: Record<Level, Style> = { error: "red", warning: "yellow", note: "cyan" };
const SEVERITY_STYLE: Record<Severity, Style> = {
  critical: "magenta",
  high: "red",
  medium: "yellow",
  low: "cyan",
  info: "dim",
  unknown: "dim",
};

const NO_FILE = "(repository)";
const INDENT = "    ";

/**
 * Renders a report for a terminal: notes, then one block per vulnerable package@version (where it is
 * locked, each advisory with level, severity and link, the dependency paths and the smallest upgrade that
 * fixes them all), then the other findings grouped by file (the file with the most important
 * finding first; findings about no file under "(repository)"), each with level, severity, title, rule, `file:line[:col]` location, message and
 * help link, then one summary line. Text from findings is stripped of control characters, so an advisory
 * cannot send escape sequences to the terminal. Deterministic; never throws.
 */
export function renderText(report: AnyReport, options: TextOptions = {}): string {
  const paint = (style: Style, s: string): string => (options.color ? `${ANSI[style]}${s}${RESET}` : s);
  const findings = orderFindings(report.findings);
  const summary = summarize({ findings });
  const lines: string[] = [];

  lines.push(paint("bold", `upkeep ${oneLine(report.check)}: ${plural(summary.total, "finding")}`));
  for (const note of report.notes) lines.push(`  ${oneLine(note)}`);

  const { groups, others } = groupByPackage(findings);
  for (const g of groups) {
    lines.push("");
    lines.push(...renderPackage(g, paint));
  }
  for (const [file, group] of groupByFile(others)) {
    lines.push("");
    lines.push(paint("bold", file === undefined ? NO_FILE : oneLine(file)));
    for (const f of group) lines.push(...renderFinding(f, paint));
  }

  lines.push("");
  const severities = describeSeverities(summary);
  const counts = `${plural(summary.total, "finding")} (${describeLevels(summary)})${severities ? `; ${severities}` : ""}`;
  const verdict = summary.passed ? paint("green", "passed") : paint("red", "failed");
  lines.push(`${paint("bold", "Summary:")} ${counts}. Result: ${verdict}.`);
  return `${lines.join("\n")}\n`;
}

/** Groups in the order of each file's most important finding, so the worst file comes first. */
function groupByFile(findings: readonly Finding[]): [string | undefined, Finding[]][] {
  const groups = new Map<string | undefined, Finding[]>();
  for (const f of findings) {
    const group = groups.get(f.file);
    if (group) group.push(f);
    else groups.set(f.file, [f]);
  }
  return [...groups.entries()];
}

function renderFinding(f: Finding, paint: (style: Style, s: string) => string): string[] {
  const level = paint(LEVEL_STYLE[f.level], f.level.padEnd(7));
  const severity = paint(SEVERITY_STYLE[f.severity], f.severity.padEnd(8));
  const out = [`  ${level} ${severity} ${paint("bold", oneLine(f.title))} ${paint("dim", `[${oneLine(f.rule)}]`)}`];
  if (f.file !== undefined) {
    const loc = formatLocation({
      file: oneLine(f.file),
      line: f.line,
      column: f.line === undefined ? undefined : f.column,
    });
    out.push(`${INDENT}${paint("dim", loc)}`);
  }
  const message = cleanText(f.message).trim();
  if (message) for (const line of message.split("\n")) out.push(`${INDENT}${line}`.trimEnd());
  if (f.helpUri) out.push(`${INDENT}${paint("dim", `help: ${oneLine(f.helpUri)}`)}`);
  return out;
}

/** One vulnerable package version: its advisories, paths and the one upgrade that fixes them. */
function renderPackage(g: PackageGroup, paint: (style: Style, s: string) => string): string[] {
  const where = g.locations.map((l) => formatLocation({ file: oneLine(l.file), line: l.line })).join(", ");
  const out = [
    `${paint("bold", oneLine(`${g.name}@${g.version}`))}${g.ecosystem ? ` (${oneLine(g.ecosystem)})` : ""} ${paint("dim", where)}`,
  ];
  for (const f of g.findings) {
    const level = paint(LEVEL_STYLE[f.level], f.level.padEnd(7));
    const severity = paint(SEVERITY_STYLE[f.severity], f.severity.padEnd(8));
    const id = typeof f.properties?.advisory === "string" ? f.properties.advisory : f.rule;
    const at = f.title.indexOf(": ");
    const summary = at >= 0 ? f.title.slice(at + 2) : f.title;
    const rule = f.rule === "patch/vulnerability" ? "" : ` ${paint("dim", `[${oneLine(f.rule)}]`)}`;
    out.push(`  ${level} ${severity} ${paint("bold", oneLine(id))}: ${oneLine(summary)}${rule}`);
    if (f.helpUri) out.push(`${" ".repeat(19)}${paint("dim", oneLine(f.helpUri))}`);
  }
  for (const path of g.paths) out.push(`${INDENT}via ${oneLine(path)}`);
  const unfixed = g.unfixed.length > 0 ? ` (no fix yet for ${g.unfixed.join(", ")})` : "";
  out.push(`${INDENT}fix: ${g.fix === undefined ? "none published yet" : `upgrade to ${oneLine(g.fix)}${unfixed}`}`);
  return out;
}
