import { DEFAULT_TYPES } from "./section-types.js";
import type { ChangelogEntry, IssueReference, NotesOptions, RepoLinks, SectionInput, SectionType } from "./types.js";

/** One entry as the notes show it (after the preset's transform). */
export interface VisibleEntry {
  entry: ChangelogEntry;
  /** Section heading (`Features`), or the raw type for a type not in the list; `""` for none. */
  group: string;
  /** Scope shown in bold; `""` for none (and for `*`). */
  scope: string;
  /** Subject with issue and user links applied (the header when the message is not conventional). */
  subject: string;
  shortHash: string;
  references: IssueReference[];
}

// The preset sorts with String#localeCompare in the default locale; one collator gives the same order, faster.
const collator = new Intl.Collator();

function issueUrl(links: RepoLinks, id: string, ref?: IssueReference): string {
  return `${links.host}/${ref?.owner ?? links.owner}/${ref?.repository ?? links.repository}/issues/${id}`;
}

function escapeFirstAngles(s: string): string {
  // release-please escapes only the first `<` and the first `>` of a subject; kept as is to match it.
  return s.replace("<", "&lt;").replace(">", "&gt;");
}

/**
 * Applies the conventionalcommits preset's transform: drops hidden and unknown types unless they carry
 * a breaking note, names the group by the section title, links `#123` and `@user` in the subject and
 * drops footer references already in the subject; then removes revert pairs (a revert and the commit it
 * reverts, both in `entries`) as conventional-changelog-writer does. Order is kept.
 */
export function visibleEntries(entries: readonly ChangelogEntry[], options: NotesOptions = {}): VisibleEntry[] {
  const types = options.types ?? DEFAULT_TYPES;
  const links = options.links;
  const out: VisibleEntry[] = [];
  for (const entry of entries) {
    const key = (entry.revert ? "revert" : (entry.type ?? "")).toLowerCase();
    const section = types.find((t) => t.type === key);
    if (entry.notes.length === 0 && (section === undefined || section.hidden)) continue;
    let subject = entry.subject;
    const issues: string[] = [];
    if (subject !== undefined) {
      if (options.layout !== "preset") subject = escapeFirstAngles(subject);
      if (links) {
        subject = subject.replace(/(#)([a-z0-9]+)/g, (_m, prefix: string, issue: string) => {
          issues.push(prefix + issue);
          return `[${prefix}${issue}](${issueUrl(links, issue)})`;
        });
        subject = subject.replace(/`[^`]*`|\B@([a-z0-9](?:-?[a-z0-9/]){0,38})/g, (match, user: string | undefined) => {
          if (!user) return match;
          if (user.includes("/")) return `@${user}`;
          return `[@${user}](${links.host}/${user})`;
        });
      } else {
        for (const m of subject.matchAll(/(#)([a-z0-9]+)/g)) issues.push(`${m[1]}${m[2]}`);
      }
    }
    out.push({
      entry,
      group: section ? section.section : (entry.type ?? ""),
      scope: entry.scope === "*" ? "" : (entry.scope ?? ""),
      subject: subject ?? entry.header,
      shortHash: entry.hash.slice(0, 7),
      references: entry.references.filter((r) => !issues.includes(`#${r.issue}`)),
    });
  }
  return dropRevertPairs(out);
}

function dropRevertPairs(list: VisibleEntry[]): VisibleEntry[] {
  const reverts = list.filter((v) => v.entry.revert);
  if (reverts.length === 0) return list;
  const dropped = new Set<VisibleEntry>();
  for (const r of reverts) {
    const target = list.find(
      (v) =>
        !dropped.has(v) &&
        v !== r &&
        v.entry.hash === r.entry.revert?.hash?.trim() &&
        v.entry.header.trim() === (r.entry.revert?.header ?? "").trim(),
    );
    if (target) {
      dropped.add(target);
      dropped.add(r);
    }
  }
  return list.filter((v) => !dropped.has(v));
}

/** `* **scope:** subject ([abc1234](…/commit/<sha>)), closes [#5](…)`, the preset's commit bullet. */
function renderBullet(v: VisibleEntry, links: RepoLinks | undefined): string {
  let s = `*${v.scope ? ` **${v.scope}:**` : ""} ${v.subject}`;
  s += links
    ? ` ([${v.shortHash}](${links.host}/${links.owner}/${links.repository}/commit/${v.entry.hash}))`
    : ` ${v.shortHash}`;
  if (v.references.length > 0) {
    s += ", closes";
    for (const r of v.references) {
      const label = `${r.owner ? `${r.owner}/` : ""}${r.repository ?? ""}#${r.issue}`;
      s += links ? ` [${label}](${issueUrl(links, r.issue, r)})` : ` ${label}`;
    }
  }
  return s;
}

function noteText(text: string, links: RepoLinks | undefined, layout: NotesOptions["layout"]): string {
  // release-please links the first `(#123)` of a breaking note; the preset leaves notes as written.
  if (!links || layout === "preset") return text;
  return text.replace(/\(#(\d+)\)/, `([#$1](${links.host}/${links.owner}/${links.repository}/issues/$1))`);
}

/** The version heading: `## [1.3.0](…/compare/v1.2.0...v1.3.0) (2026-11-26)`, or `## 1.0.0 (date)` without a previous tag or links. */
function renderHeader(
  input: Pick<SectionInput, "version" | "date" | "previousTag" | "currentTag">,
  links?: RepoLinks,
): string {
  const compare =
    links && input.previousTag
      ? `[${input.version}](${links.host}/${links.owner}/${links.repository}/compare/${input.previousTag}...${input.currentTag})`
      : input.version;
  return `## ${compare}${input.date ? ` (${input.date})` : ""}`;
}

/**
 * Writes one release section in the conventionalcommits preset's format: the heading, `### ⚠ BREAKING
 * CHANGES` with one bullet per note, then a `###` section per group in the preset's order (types not in
 * the list first), bullets sorted by scope then subject as the preset sorts them. Blank lines follow
 * `options.layout` (default `release-please`). Returns the section ending in one newline; a section with
 * no visible entry is just its heading.
 */
export function renderSection(input: SectionInput, options: NotesOptions = {}): string {
  const types: readonly SectionType[] = options.types ?? DEFAULT_TYPES;
  const links = options.links;
  const layout = options.layout ?? "release-please";
  const visible = visibleEntries(input.entries, options);
  const order = types.map((t) => t.section);
  const groups = new Map<string, VisibleEntry[]>();
  for (const v of visible) {
    const list = groups.get(v.group);
    if (list) list.push(v);
    else groups.set(v.group, [v]);
  }
  const sorted = [...groups.entries()].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
  let out = `${renderHeader(input, links)}\n${layout === "release-please" ? "\n" : ""}`;
  const notes = visible.flatMap((v) => v.entry.notes.map((n) => ({ v, text: n.text })));
  if (notes.length > 0) {
    out += "\n### ⚠ BREAKING CHANGES\n\n";
    for (const n of notes) out += `* ${n.v.scope ? `**${n.v.scope}:** ` : ""}${noteText(n.text, links, layout)}\n`;
  }
  for (const [title, list] of sorted) {
    list.sort((a, b) => collator.compare(a.scope + a.subject, b.scope + b.subject));
    out += "\n";
    if (title) out += `### ${title}\n\n`;
    for (const v of list) out += `${renderBullet(v, links)}\n`;
    if (layout === "release-please") out += "\n";
  }
  return `${out.trimEnd()}\n`;
}
