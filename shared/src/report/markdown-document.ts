/**
 * The Markdown document behind the job summary and the PR comment: heading, notes, a counts table (levels ×
 * severities), a findings table, and a size budget that drops the least important rows first and says so.
 */
import { formatLocation } from "../errors.js";
import { plural } from "./counts.js";
import { escapeMarkdown, escapeMarkdownKeepingCode, markdownLink, safeLinkTarget } from "./markdown-escape.js";
import { type AnyReport, type Finding, LEVELS, type Level, SEVERITIES, type Severity, summarize } from "./model.js";
import { orderFindings } from "./order.js";
import { groupByPackage, type PackageGroup } from "./package-groups.js";
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
  /** Where the scanned files are on GitHub; locations then link to the file and line. */
  source?: SourceLink | undefined;
}

/** A commit on a GitHub server: `${serverUrl}/${repository}/blob/${sha}/<file>#L<line>`. */
export interface SourceLink {
  serverUrl: string;
  repository: string;
  sha: string;
}

/**
 * The source link from a runner's environment (GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA), or
 * undefined when one is missing (the CLI outside Actions prints plain paths).
 */
export function sourceLinkFromEnv(env: Record<string, string | undefined>): SourceLink | undefined {
  const { GITHUB_SERVER_URL: serverUrl, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  return serverUrl && repository && sha ? { serverUrl, repository, sha } : undefined;
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

  if (findings.length > 0) parts.push(`\n${countsTable(findings)}`);
  const head = parts.join("");
  // One item per package version (its advisory findings) or per other finding, most important first.
  const { groups, others } = groupByPackage(findings);
  const items: Item[] = [
    ...groups.map(
      (g): Item => ({
        first: g.findings[0]!,
        findings: g.findings,
        isPackage: true,
        row: () => packageRow(g, options),
      }),
    ),
    ...others.map((f): Item => ({ first: f, findings: [f], isPackage: false, row: () => findingRow(f, options) })),
  ].sort((a, b) => findings.indexOf(a.first) - findings.indexOf(b.first));
  const packagesHead = `\n${hashes}# Vulnerable packages\n\n| Severity | Package | Advisories | Fix |\n| --- | --- | --- | --- |\n`;
  const othersHead = `\n${groups.length > 0 ? `${hashes}# Other findings\n\n` : ""}| Severity | Finding | Location | Details |\n| --- | --- | --- | --- |\n`;
  // hiddenAfter[i]: severities of the findings of items i.. (what the note lists if rows stop before i).
  const hiddenAfter = suffixSeverityCounts(items);
  // Rows are built only while they fit: a comment holds a few hundred of 10,000 findings.
  const shownItems: Item[] = [];
  const rowOf = new Map<Item, string>();
  let used = budget.measure(head);
  let packagesShown = false;
  let othersShown = false;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const { isPackage } = item;
    const row = item.row();
    const tableHead = isPackage && !packagesShown ? packagesHead : !isPackage && !othersShown ? othersHead : "";
    const size = budget.measure(row) + budget.measure(tableHead);
    const isLast = i === items.length - 1;
    const footerSize = isLast ? 0 : budget.measure(hiddenNote(hiddenAfter[i + 1]!, options));
    if (used + size + footerSize > budget.limit) break;
    if (isPackage) packagesShown = true;
    else othersShown = true;
    shownItems.push(item);
    rowOf.set(item, row);
    used += size;
  }
  const packageRows = shownItems.filter((it) => it.isPackage);
  const otherRows = shownItems.filter((it) => !it.isPackage);
  const doc =
    head +
    (packageRows.length > 0 ? packagesHead + packageRows.map((it) => rowOf.get(it)).join("") : "") +
    (otherRows.length > 0 ? othersHead + otherRows.map((it) => rowOf.get(it)).join("") : "") +
    (shownItems.length < items.length ? hiddenNote(hiddenAfter[shownItems.length]!, options) : "");
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

interface Item {
  first: Finding;
  findings: Finding[];
  isPackage: boolean;
  row: () => string;
}

function findingRow(f: Finding, options: MarkdownDocumentOptions): string {
  const severity = `${SEVERITY_LABEL[f.severity]} (${f.level})`;
  const title = markdownLink(truncateText(oneLine(f.title), TITLE_MAX), f.helpUri);
  const location =
    f.file === undefined
      ? "—"
      : locationLink(f.file, f.line, f.line === undefined ? undefined : f.column, options.source);
  const message = longText(f.message);
  const details = `${message ? `${message} ` : ""}<sub>${escapeMarkdown(f.rule)}</sub>`;
  return `| ${severity} | ${title} | ${location} | ${details} |\n`;
}

/** One row per package version: its advisories (linked), where it is locked, its paths and the fix. */
function packageRow(g: PackageGroup, options: MarkdownDocumentOptions): string {
  const worst = g.findings[0]!;
  const severity = `${SEVERITY_LABEL[worst.severity]} (${worst.level})`;
  const where = g.locations.map((l) => locationLink(l.file, l.line, undefined, options.source)).join("<br>");
  const pathsText =
    g.paths.length === 0
      ? ""
      : g.paths.length === 1
        ? `<br>via ${escapeMarkdown(g.paths[0]!)}`
        : `<br><details><summary>${plural(g.paths.length, "dependency path")}</summary>${g.paths.map(escapeMarkdown).join("<br>")}</details>`;
  const pkg = `**${escapeMarkdown(`${g.name}@${g.version}`)}**${g.ecosystem ? ` <sub>${escapeMarkdown(g.ecosystem)}</sub>` : ""}<br>${where}${pathsText}`;
  const advisories = g.findings
    .map((f) => {
      const id = typeof f.properties?.advisory === "string" ? f.properties.advisory : f.rule;
      const status = f.rule === "patch/vulnerability" ? f.level : `${f.rule.replace(/^patch\//, "")}, ${f.level}`;
      const summary = advisorySummary(f);
      return `${markdownLink(id, f.helpUri)} ${SEVERITY_LABEL[f.severity].toLowerCase()} (${escapeMarkdown(status)})${summary ? `: ${longText(summary)}` : ""}`;
    })
    .join("<br>");
  const fix =
    g.fix === undefined
      ? "none published yet"
      : `upgrade to **${escapeMarkdown(g.fix)}**${g.unfixed.length > 0 ? ` (no fix yet for ${escapeMarkdown(g.unfixed.join(", "))})` : ""}`;
  return `| ${severity} | ${pkg} | ${advisories} | ${fix} |\n`;
}

/** The advisory's own summary from a finding title `ID (sev) in pkg@v: summary`, else the title. */
function advisorySummary(f: Finding): string {
  const at = f.title.indexOf(": ");
  return at >= 0 ? f.title.slice(at + 2) : f.title;
}

/**
 * Text for a table cell that is never cut mid-sentence: short text inline; longer text shows its first
 * sentence (or the first words) and the whole text in a `<details>` block. Code spans stay code.
 */
function longText(text: string): string {
  const full = oneLine(text);
  if (full.length <= MESSAGE_MAX) return escapeMarkdownKeepingCode(full);
  const sentence = /^(.{20,}?[.!?])\s/.exec(full)?.[1];
  const lead =
    sentence && sentence.length <= MESSAGE_MAX
      ? sentence
      : `${full.slice(0, full.lastIndexOf(" ", 80) > 0 ? full.lastIndexOf(" ", 80) : 80)} …`;
  return `<details><summary>${escapeMarkdownKeepingCode(lead)}</summary>${escapeMarkdownKeepingCode(full)}</details>`;
}

/** `file:line[:col]`, linked to the line on GitHub when the document knows the commit. */
function locationLink(file: string, line: number | undefined, column: number | undefined, source?: SourceLink): string {
  const text = formatLocation({ file, line, column });
  if (!source) return escapeMarkdown(text);
  const path = file.split("/").map(encodeURIComponent).join("/");
  const url = `${source.serverUrl.replace(/\/+$/, "")}/${source.repository}/blob/${source.sha}/${path}${line ? `#L${line}` : ""}`;
  return markdownLink(text, url);
}

function suffixSeverityCounts(items: readonly Item[]): Record<Severity, number>[] {
  const out: Record<Severity, number>[] = new Array(items.length + 1);
  let acc: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0, unknown: 0 };
  out[items.length] = acc;
  for (let i = items.length - 1; i >= 0; i--) {
    acc = { ...acc };
    for (const f of items[i]!.findings) acc[f.severity]++;
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
