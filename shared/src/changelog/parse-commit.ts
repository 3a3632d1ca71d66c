import { CommitParser, type ParserOptions } from "conventional-commits-parser";
import { DEFAULT_TYPES } from "./section-types.js";
import type { BreakingNote, ChangelogEntry, IssueReference, RawCommit, SectionType } from "./types.js";

/**
 * The conventionalcommits preset's parser options (conventional-changelog-conventionalcommits), so a
 * commit parses here as it does for conventional-changelog and release-please. One departure: the scope
 * cannot hold parentheses (the Conventional Commits grammar, and release-please's parser), where the
 * preset's greedy `\((.*)\)` took `perf(a): b (c): d` as scope `a): b (c`.
 */
export const PRESET_PARSER_OPTIONS: ParserOptions = {
  headerPattern: /^(\w*)(?:\(([^()\r\n]*)\))?!?: (.*)$/,
  breakingHeaderPattern: /^(\w*)(?:\(([^()\r\n]*)\))?!: (.*)$/,
  headerCorrespondence: ["type", "scope", "subject"],
  noteKeywords: ["BREAKING CHANGE", "BREAKING-CHANGE"],
  revertPattern: /^(?:Revert|revert:)\s"?([\s\S]+?)"?\s*This reverts commit (\w*)\./i,
  revertCorrespondence: ["header", "hash"],
  issuePrefixes: ["#"],
};

let sharedParser: CommitParser | undefined;
function parser(): CommitParser {
  sharedParser ??= new CommitParser(PRESET_PARSER_OPTIONS);
  return sharedParser;
}

// A footer line starts with a token (`Refs: `, `Closes #`, `fix(ui)!: `, `BREAKING CHANGE: `).
const FOOTER_TOKEN = /^(?:BREAKING[ -]CHANGE|[\w-]+(?:\([^()\r\n]*\))?!?)(?:: | #)/;
const FOOTER_HEADER = /^(\w+)(?:\(([^()\r\n]*)\))?(!)?: (.+)$/;
const BREAKING_LINE = /^BREAKING[ -]CHANGE: ?([\s\S]*)$/;

/**
 * release-please's note clean-up: the first paragraph of a note joined into one line; a line starting
 * with `#### `, `- ` or `* ` after the first keeps the rest as an indented block.
 */
export function cleanNote(text: string): string {
  let out = "";
  let extended = false;
  let i = 0;
  for (const chunk of text.split(/\r?\n/)) {
    if (i > 0 && !extended && /^#### |^[*-] /.test(chunk)) {
      out = `${out.trim()}\n`;
      extended = true;
    }
    if (chunk === "") break;
    out += extended ? `    ${chunk}\n` : `${chunk} `;
    i++;
  }
  return out.trim();
}

interface SplitFooter {
  type: string;
  scope: string | undefined;
  bang: boolean;
  subject: string;
  continuation: string[];
}

/**
 * Finds footers that are themselves Conventional Commit headers of a known type (release-please's
 * "multiple changes in one commit") and returns them with the message left without them. Footers begin
 * after a blank line at the first line that starts with a footer token; lines that do not start a new
 * token (indented ones) continue the footer above.
 */
function splitFooters(message: string, known: ReadonlySet<string>): { rest: string; extra: SplitFooter[] } {
  const lines = message.split("\n");
  let start = -1;
  for (let i = 2; i < lines.length; i++) {
    if (lines[i - 1]?.trim() === "" && FOOTER_TOKEN.test(lines[i] ?? "")) {
      start = i;
      break;
    }
  }
  if (start < 0) return { rest: message, extra: [] };
  const kept = lines.slice(0, start);
  const extra: SplitFooter[] = [];
  let current: SplitFooter | undefined;
  for (const line of lines.slice(start)) {
    if (FOOTER_TOKEN.test(line)) {
      const m = FOOTER_HEADER.exec(line);
      const type = m?.[1]?.toLowerCase();
      if (m && type && known.has(type)) {
        current = {
          type,
          scope: m[2] || undefined,
          bang: m[3] === "!",
          subject: (m[4] ?? "").trim(),
          continuation: [],
        };
        extra.push(current);
        continue;
      }
      current = undefined;
    } else if (current) {
      current.continuation.push(line);
      continue;
    }
    kept.push(line);
  }
  if (extra.length === 0) return { rest: message, extra: [] };
  return { rest: kept.join("\n"), extra };
}

function footerEntry(raw: RawCommit, f: SplitFooter): ChangelogEntry {
  const notes: BreakingNote[] = [];
  const body = f.continuation.map((l) => l.trim());
  for (let i = 0; i < body.length; i++) {
    const m = BREAKING_LINE.exec(body[i] ?? "");
    if (!m) continue;
    const rest = [m[1] ?? ""];
    for (let j = i + 1; j < body.length && !FOOTER_TOKEN.test(body[j] ?? ""); j++) rest.push(body[j] ?? "");
    notes.push({ text: cleanNote(rest.join("\n")) });
  }
  if (f.bang && notes.length === 0) notes.push({ text: f.subject });
  const header = `${f.type}${f.scope ? `(${f.scope})` : ""}${f.bang ? "!" : ""}: ${f.subject}`;
  return {
    hash: raw.hash,
    type: f.type,
    scope: f.scope,
    subject: f.subject,
    header,
    breaking: notes.length > 0,
    notes,
    references: [],
    committedAt: raw.committedAt,
  };
}

/**
 * Parses one commit into changelog entries with conventional-commits-parser and the preset's options:
 * type, scope, subject, breaking notes (`!` or a `BREAKING CHANGE:` / `BREAKING-CHANGE:` footer,
 * cleaned as release-please does), footer references and reverts. With `splitMultiple` (default
 * true) footers that are Conventional Commit headers of a type in `types` become extra entries, listed
 * before the commit's own entry as release-please lists them. Never throws: a message that is not
 * conventional gives an entry with `type` undefined.
 */
export function parseCommit(
  raw: RawCommit,
  options: { splitMultiple?: boolean; types?: readonly SectionType[] } = {},
): ChangelogEntry[] {
  let message = raw.message;
  const entries: ChangelogEntry[] = [];
  if (options.splitMultiple !== false && message.includes("\n")) {
    const known = new Set((options.types ?? DEFAULT_TYPES).map((t) => t.type));
    const split = splitFooters(message, known);
    message = split.rest;
    for (const f of split.extra) entries.push(footerEntry(raw, f));
  }
  const c = parser().parse(message);
  const notes: BreakingNote[] = c.notes.map((n) => ({ text: cleanNote(n.text) }));
  const references: IssueReference[] = c.references.map((r) => ({
    ...(r.owner ? { owner: r.owner } : {}),
    ...(r.repository ? { repository: r.repository } : {}),
    issue: r.issue,
  }));
  const entry: ChangelogEntry = {
    hash: raw.hash,
    type: c.type ?? undefined,
    scope: c.scope ?? undefined,
    subject: c.subject ?? undefined,
    header: c.header ?? "",
    breaking: notes.length > 0,
    notes,
    references,
    committedAt: raw.committedAt,
  };
  if (c.revert) entry.revert = { header: c.revert.header ?? undefined, hash: c.revert.hash ?? undefined };
  entries.push(entry);
  return entries;
}
