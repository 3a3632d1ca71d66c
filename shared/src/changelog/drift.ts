import { InputError } from "../errors.js";
import type { FileSystemPort, GitPort } from "../ports.js";
import type { Finding, Report, RuleDescriptor } from "../report/model.js";
import { UPKEEP_VERSION } from "../version.js";
import { type ChangelogBullet, type ChangelogFileSection, parseChangelogFile } from "./changelog-file.js";
import type { ReleaseTarget } from "./release-targets.js";
import { type VisibleEntry, visibleEntries } from "./render.js";
import { type ChangelogRepository, openRepository } from "./repository.js";
import type { NotesOptions } from "./types.js";

/** Rules of the changelog drift check. */
export const CHANGELOG_RULES: RuleDescriptor[] = [
  {
    id: "changelog/missing-section",
    name: "MissingReleaseSection",
    shortDescription: "A release tag has no section in the changelog.",
    defaultLevel: "error",
  },
  {
    id: "changelog/section-mismatch",
    name: "SectionMismatch",
    shortDescription: "A release section's entries disagree with the commits of its range (missing or extra).",
    defaultLevel: "error",
  },
  {
    id: "changelog/unreleased-incomplete",
    name: "UnreleasedIncomplete",
    shortDescription: "The Unreleased section misses changes made since the last release tag.",
    defaultLevel: "error",
  },
];

function normalize(s: string): string {
  return s
    .toLowerCase()
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[^a-z0-9#@ ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function entryLabel(v: VisibleEntry): string {
  return `${v.scope ? `${v.scope}: ` : ""}${v.entry.subject ?? v.entry.header} (${v.shortHash})`;
}

function matches(v: VisibleEntry, b: ChangelogBullet): boolean {
  if (b.hashes.length > 0) return b.hashes.some((h) => v.entry.hash.startsWith(h) || h.startsWith(v.shortHash));
  const subject = normalize(v.entry.subject ?? v.entry.header);
  return subject !== "" && normalize(b.text).includes(subject);
}

function commitBullets(section: ChangelogFileSection): ChangelogBullet[] {
  // Breaking-change notes repeat entries listed below them and carry no commit of their own.
  return section.bullets.filter((b) => !/breaking/i.test(b.group));
}

/** Options of {@link changelogDrift}. */
export interface DriftOptions extends NotesOptions {
  /** Repository-relative path of the changelog, for findings. Default `CHANGELOG.md`. */
  file?: string;
}

/**
 * Compares a changelog's text with the history: every release tag needs a section
 * (`changelog/missing-section`); a section's commit bullets must be the visible entries of its range,
 * matched by commit SHA or, for bullets without one, by subject (`changelog/section-mismatch`, listing
 * what is missing and what is extra); an `Unreleased` section must mention every visible change since
 * the last tag (`changelog/unreleased-incomplete`). The file is parsed as Markdown. Never throws.
 */
export function changelogDrift(
  repo: ChangelogRepository,
  changelogText: string,
  options: DriftOptions = {},
): Finding[] {
  const file = options.file ?? "CHANGELOG.md";
  const sections = parseChangelogFile(changelogText);
  const byVersion = new Map<string, ChangelogFileSection>();
  for (const s of sections) if (s.version && !byVersion.has(s.version)) byVersion.set(s.version, s);
  const findings: Finding[] = [];
  for (const release of repo.releases) {
    const section = byVersion.get(release.tag.version);
    const expected = visibleEntries(repo.entriesOf(release.commits), options);
    if (!section) {
      findings.push({
        rule: "changelog/missing-section",
        level: "error",
        severity: "medium",
        title: `${release.tag.name} has no section in ${file}`,
        message: `Release tag ${release.tag.name} (${release.date}) has no "## ${release.tag.version}" section in ${file}. Run \`upkeep changelog --from ${release.previous?.name ?? "<first commit>"} --to ${release.tag.name} --write\` to add it.`,
        file,
        fingerprint: `changelog/missing-section:${file}:${release.tag.name}`,
        properties: { tag: release.tag.name, version: release.tag.version, entries: expected.length },
      });
      continue;
    }
    const bullets = commitBullets(section);
    const missing = expected.filter((v) => !bullets.some((b) => matches(v, b)));
    const extra = bullets.filter((b) => !expected.some((v) => matches(v, b)));
    if (missing.length === 0 && extra.length === 0) continue;
    const lines: string[] = [];
    if (missing.length > 0)
      lines.push("Missing (commits in the range):", ...missing.map((v) => `  - ${entryLabel(v)}`));
    if (extra.length > 0)
      lines.push(
        "Extra (not a commit of the range):",
        ...extra.map((b) => `  - line ${b.line}: ${b.text.split("\n")[0]}`),
      );
    findings.push({
      rule: "changelog/section-mismatch",
      level: "error",
      severity: "low",
      title: `${file} section ${release.tag.version} disagrees with ${release.previous ? `${release.previous.name}..` : ""}${release.tag.name}`,
      message: `${lines.join("\n")}\nRegenerate it with \`upkeep changelog --from-scratch --write\` or edit the section.`,
      file,
      line: section.line,
      endLine: section.endLine,
      fingerprint: `changelog/section-mismatch:${file}:${release.tag.name}`,
      properties: {
        tag: release.tag.name,
        missing: missing.map((v) => v.entry.hash),
        extra: extra.map((b) => b.text.split("\n")[0]),
      },
    });
  }
  const unreleased = byVersion.get("Unreleased");
  if (unreleased) {
    const expected = visibleEntries(repo.entriesOf(repo.unreleased), options);
    const bullets = unreleased.bullets;
    const missing = expected.filter((v) => !bullets.some((b) => matches(v, b)));
    if (missing.length > 0) {
      const last = repo.releases.at(-1)?.tag.name;
      findings.push({
        rule: "changelog/unreleased-incomplete",
        level: "error",
        severity: "low",
        title: `${file} Unreleased section misses ${missing.length} change${missing.length === 1 ? "" : "s"} since ${last ?? "the first commit"}`,
        message: `Not mentioned under "${unreleased.heading}":\n${missing.map((v) => `  - ${entryLabel(v)}`).join("\n")}\nAdd them (\`upkeep changelog\` prints the notes).`,
        file,
        line: unreleased.line,
        endLine: unreleased.endLine,
        fingerprint: `changelog/unreleased-incomplete:${file}`,
        properties: { since: last, missing: missing.map((v) => v.entry.hash) },
      });
    }
  }
  return findings;
}

/** Wraps drift findings in the shared Report model (`check: "changelog"`). */
function changelogDriftReport(findings: Finding[], options: { now: Date; notes: string[] }): Report {
  return {
    schemaVersion: 1,
    tool: { name: "upkeep", version: UPKEEP_VERSION },
    check: "changelog",
    generatedAt: options.now.toISOString(),
    findings,
    rules: CHANGELOG_RULES,
    data: {},
    notes: options.notes,
  };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/**
 * The changelog check of `upkeep changelog check` and drift-check's `mode: changelog`: each target's
 * changelog file (read through `fs`, rooted at the repository root) against its release tags and commits
 * (read through `git`), as one Report with a note per file checked. Throws InputError when a target's
 * changelog file does not exist, saying how to create it.
 */
export async function checkChangelogs(
  targets: readonly ReleaseTarget[],
  ports: { git: GitPort; fs: FileSystemPort },
  options: { notes: NotesOptions; now: Date },
): Promise<Report> {
  const findings: Finding[] = [];
  const checked: string[] = [];
  for (const t of targets) {
    if (!(await ports.fs.exists(t.file))) {
      throw new InputError(`${t.file} does not exist`, {
        hint: "create it with `upkeep changelog --from-scratch --write` and commit it",
      });
    }
    const repo = await openRepository(ports.git, t.target, options.notes);
    findings.push(...changelogDrift(repo, await ports.fs.readText(t.file), { ...options.notes, file: t.file }));
    checked.push(
      `${t.file}: ${plural(repo.releases.length, "release tag")}, ${plural(repo.unreleased.length, "unreleased commit")}`,
    );
  }
  return changelogDriftReport(findings, { now: options.now, notes: checked });
}
