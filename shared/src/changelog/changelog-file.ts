import { fromMarkdown } from "mdast-util-from-markdown";
import semver from "semver";

interface MdNode {
  type: string;
  depth?: number;
  value?: string;
  url?: string;
  children?: MdNode[];
  position?: { start: { line: number; offset?: number }; end: { line: number; offset?: number } };
}

/** One bullet of a changelog section. */
export interface ChangelogBullet {
  /** Plain text of the bullet (links reduced to their text). */
  text: string;
  /** Commit SHAs (short or full) the bullet links to or names. */
  hashes: string[];
  line: number;
  /** The `###` heading above it (`Features`, `⚠ BREAKING CHANGES`, `Added`), or "". */
  group: string;
}

/** One `##` section of a changelog file. */
export interface ChangelogFileSection {
  /** The version the heading names, or `Unreleased`, or undefined for another heading. */
  version: string | undefined;
  heading: string;
  /** 1-based lines of the heading and of the last line before the next `##` heading. */
  line: number;
  endLine: number;
  /** Character offsets of the section (heading included) in the file. */
  start: number;
  end: number;
  bullets: ChangelogBullet[];
}

function textOf(node: MdNode): string {
  if (node.value !== undefined && (node.type === "text" || node.type === "inlineCode")) return node.value;
  return (node.children ?? []).map(textOf).join("");
}

function collectHashes(node: MdNode, out: string[]): void {
  if (node.type === "link" && node.url) {
    const m = /\/commits?\/([0-9a-f]{7,40})\b/i.exec(node.url);
    if (m?.[1]) out.push(m[1].toLowerCase());
  }
  for (const child of node.children ?? []) collectHashes(child, out);
}

// A heading names a version as `1.2.3`, `v1.2.3`, `[1.2.3](…)`, `pkg@1.2.3`, possibly followed by a date.
const VERSION_IN_HEADING = /^\[?(?:[^\s[\]]*?[@-])?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)\]?/;

/** The version a `##` heading names (`Unreleased` for Keep a Changelog's), or undefined. */
export function headingVersion(text: string): string | undefined {
  const t = text.trim();
  if (/^\[?unreleased\]?/i.test(t)) return "Unreleased";
  const m = VERSION_IN_HEADING.exec(t);
  const v = m?.[1];
  return v && semver.valid(v) ? v : undefined;
}

/**
 * Parses a changelog with mdast-util-from-markdown into its `##` sections, each with its bullets and
 * the commit SHAs they link to (`…/commit/<sha>`) or name (a 7–40 hex word at the end, the preset's
 * unlinked form). Never throws: text that is not Markdown structure is just not a section.
 */
export function parseChangelogFile(text: string): ChangelogFileSection[] {
  const tree = fromMarkdown(text) as unknown as MdNode;
  const sections: ChangelogFileSection[] = [];
  let current: ChangelogFileSection | undefined;
  let group = "";
  const lines = text.split("\n").length;
  for (const node of tree.children ?? []) {
    const start = node.position?.start.offset ?? 0;
    if (node.type === "heading" && (node.depth ?? 0) <= 2) {
      if (current) {
        current.end = start;
        current.endLine = (node.position?.start.line ?? 1) - 1;
      }
      current = undefined;
      if (node.depth === 2) {
        const heading = textOf(node);
        current = {
          version: headingVersion(heading),
          heading,
          line: node.position?.start.line ?? 1,
          endLine: lines,
          start,
          end: text.length,
          bullets: [],
        };
        sections.push(current);
        group = "";
      }
      continue;
    }
    if (!current) continue;
    if (node.type === "heading") {
      group = textOf(node).trim();
      continue;
    }
    if (node.type === "list") {
      for (const item of node.children ?? []) {
        const hashes: string[] = [];
        collectHashes(item, hashes);
        const itemText = textOf(item).trim();
        if (hashes.length === 0) {
          const m = /\b([0-9a-f]{7,40})(?:\)|,|\s|$)/.exec(itemText.split("\n")[0] ?? "");
          if (m?.[1] && /[0-9]/.test(m[1]) && /[a-f]/.test(m[1])) hashes.push(m[1]);
        }
        current.bullets.push({ text: itemText, hashes, line: item.position?.start.line ?? current.line, group });
      }
    }
  }
  return sections;
}

/**
 * The hidden line upkeep writes under a changelog's title. A changelog with it is upkeep's own: `changelog
 * check` compares each section's entries with the commits of its range. Without it the changelog is
 * someone else's (hand-written, Keep a Changelog, changesets, another generator) and only the presence of
 * a section per release is checked.
 */
export const UPKEEP_CHANGELOG_MARKER = "<!-- upkeep:changelog -->";

/** Whether `text` is a changelog upkeep writes (it carries {@link UPKEEP_CHANGELOG_MARKER}). */
export function isUpkeepChangelog(text: string): boolean {
  return text.includes(UPKEEP_CHANGELOG_MARKER);
}

const LENIENT_VERSION = /(?<![\d.])v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)(?![\d.]*\d)/g;

/**
 * Every version a changelog has a heading for, in any format people write: Markdown headings of any
 * depth (`# v0.26.1`, `## [30.4.2]`, `### Version 3.1.3 - 2026-01-01`) and reStructuredText titles
 * (`Version 3.1.3` over a `-----` line), in file order, each with its 1-based line.
 */
export function headingVersions(text: string): Array<{ version: string; line: number }> {
  const lines = text.split(/\r?\n/);
  const out: Array<{ version: string; line: number }> = [];
  let fenced = false;
  lines.forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) return;
    const heading =
      /^#{1,4}\s+(.*)$/.exec(line)?.[1] ??
      (/^([=\-~^"*+#])\1{2,}\s*$/.test(lines[i + 1] ?? "") && line.trim() !== "" ? line : undefined);
    if (heading === undefined) return;
    for (const m of heading.matchAll(LENIENT_VERSION)) {
      if (m[1] && semver.valid(m[1])) out.push({ version: m[1], line: i + 1 });
    }
  });
  return out;
}

/**
 * Puts `section` (a release section starting with `## `) into `existing`: replaces the section of the
 * same version when there is one (so writing twice changes nothing), else inserts it before the first
 * release section, after the title, intro and an `Unreleased` section. An empty file gets
 * `# Changelog` first. Sections stay separated by one blank line.
 */
export function insertSection(existing: string, section: string, version: string): string {
  const body = `${section.trimEnd()}\n`;
  if (existing.trim() === "") return `# Changelog\n\n${UPKEEP_CHANGELOG_MARKER}\n\n${body}`;
  const sections = parseChangelogFile(existing);
  const same = sections.find((s) => s.version === version);
  if (same) {
    const before = existing.slice(0, same.start);
    const after = existing.slice(same.end).replace(/^\n+/, "");
    return `${before}${body}${after ? `\n${after}` : ""}`;
  }
  const first = sections.find((s) => s.version !== undefined && s.version !== "Unreleased");
  if (!first) return `${existing.trimEnd()}\n\n${body}`;
  const before = existing.slice(0, first.start);
  const after = existing.slice(first.start);
  return `${before.trim() === "" ? "" : `${before.trimEnd()}\n\n`}${body}\n${after}`;
}

/**
 * Replaces every section of `existing` with `sections` (newest first), keeping the title and intro
 * above the first `##` heading (`# Changelog` when there is none): what `--from-scratch` writes.
 */
export function replaceAllSections(existing: string, sections: readonly string[]): string {
  const parsed = parseChangelogFile(existing);
  const intro = (parsed[0] ? existing.slice(0, parsed[0].start) : existing).trimEnd();
  const title = intro === "" ? "# Changelog" : intro;
  // `--from-scratch` makes the whole file upkeep's: mark it, so `changelog check` compares entries.
  const head = isUpkeepChangelog(title) ? title : `${title}\n\n${UPKEEP_CHANGELOG_MARKER}`;
  const body = sections.map((s) => s.trimEnd()).join("\n\n");
  return `${head}\n\n${body}\n`;
}
