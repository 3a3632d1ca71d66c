import semver from "semver";
import { InputError } from "../errors.js";
import type { FileSystemPort, GitPort } from "../ports.js";
import type { Finding, Report, RuleDescriptor } from "../report/model.js";
import { UPKEEP_VERSION } from "../version.js";
import {
  type ChangelogBullet,
  type ChangelogFileSection,
  headingVersions,
  isUpkeepChangelog,
  parseChangelogFile,
  UPKEEP_CHANGELOG_MARKER,
} from "./changelog-file.js";
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
  /**
   * The oldest release the changelog must cover (a version). Default: the oldest version the changelog
   * has a section for, since a changelog that starts later than the history claims nothing before it.
   */
  checkSince?: string;
  /** Versions with a section in the older changelog files this one links to (`changelogs/CHANGELOG-3.4.md`). */
  archived?: ReadonlySet<string>;
}

/** What {@link changelogScope} decided a changelog covers and how it is checked. */
export interface ChangelogScope {
  /** The changelog is upkeep's own (it has the marker): entries are compared, not only sections. */
  entries: boolean;
  /** Releases older than this version are not checked; undefined: all. */
  since: string | undefined;
  /** Versions with a heading anywhere in the file (any heading format). */
  versions: Set<string>;
  /** Whether any of those is a pre-release (`1.0.0-rc.1`). */
  listsPrereleases: boolean;
}

/** How a changelog text is checked: whose it is, and from which release on. */
export function changelogScope(text: string, checkSince?: string): ChangelogScope {
  const headed = headingVersions(text);
  const versions = new Set(headed.map((h) => h.version));
  const oldest = [...versions].sort(semver.compare)[0];
  const listsPrereleases = [...versions].some((x) => semver.prerelease(x) !== null);
  return { entries: isUpkeepChangelog(text), since: checkSince ?? oldest, versions, listsPrereleases };
}

/**
 * Compares a changelog's text with the history: every release tag needs a section
 * (`changelog/missing-section`); a section's commit bullets must be the visible entries of its range,
 * matched by commit SHA or, for bullets without one, by subject (`changelog/section-mismatch`, listing
 * what is missing and what is extra); an `Unreleased` section must mention every visible change since
 * the last tag (`changelog/unreleased-incomplete`). The file is parsed as Markdown.
 *
 * Only what the changelog claims to cover is checked: releases from the oldest version it has a heading
 * for (or `checkSince`) on; a pre-release without a section of its own is covered by its final release's
 * section. Entries (section mismatch, Unreleased) are compared only in upkeep's own changelogs (those with
 * the marker); in anyone else's only the presence of a section per release is. Never throws.
 */
export function changelogDrift(
  repo: ChangelogRepository,
  changelogText: string,
  options: DriftOptions = {},
): Finding[] {
  const file = options.file ?? "CHANGELOG.md";
  const scope = changelogScope(changelogText, options.checkSince);
  const sections = parseChangelogFile(changelogText);
  const byVersion = new Map<string, ChangelogFileSection>();
  for (const s of sections) if (s.version && !byVersion.has(s.version)) byVersion.set(s.version, s);
  const findings: Finding[] = [];
  for (const release of repo.releases) {
    const version = release.tag.version;
    if (scope.since && semver.valid(scope.since) && semver.lt(version, scope.since)) continue;
    const final = `${semver.major(version)}.${semver.minor(version)}.${semver.patch(version)}`;
    // A pre-release is covered by its final release's section, and a changelog that lists no pre-release
    // at all does not claim to cover them.
    const pre = semver.prerelease(version) !== null && !scope.versions.has(version);
    if (pre && (scope.versions.has(final) || !scope.listsPrereleases)) continue;
    const section = byVersion.get(version);
    const expected = visibleEntries(repo.entriesOf(release.commits), options);
    if (!section && scope.versions.has(version)) continue; // a heading format parseChangelogFile does not read
    if (!section && options.archived?.has(version)) continue; // in an older changelog file this one links to
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
    if (!scope.entries) continue;
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
  if (unreleased && scope.entries) {
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

// Names projects give their changelog; the first that exists is read when the configured file does not.
const CHANGELOG_NAMES = [
  "CHANGELOG.md",
  "CHANGES.md",
  "HISTORY.md",
  "History.md",
  "History.markdown",
  "CHANGES.rst",
  "CHANGELOG.rst",
  "HISTORY.rst",
  "NEWS.md",
  "RELEASES.md",
  "docs/changelog.md",
  "docs/CHANGELOG.md",
  "docs/changes.md",
];

/**
 * The versions of the older changelog files a changelog links to ("See [3.4 changelog](changelogs/CHANGELOG-3.4.md)",
 * "older entries in [CHANGELOG_PRE_v30.md](CHANGELOG_PRE_v30.md)"): a split changelog covers those releases there.
 */
async function archivedVersions(
  fs: FileSystemPort,
  file: string,
  text: string,
): Promise<{ versions: Set<string>; files: string[] }> {
  const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "";
  const versions = new Set<string>();
  const files: string[] = [];
  for (const m of text.matchAll(/\]\(<?([^)\s>#]+\.(?:md|markdown|rst))>?\)/gi)) {
    const target = m[1] ?? "";
    if (/^[a-z]+:/i.test(target) || !/(change|history|release|news)/i.test(target.split("/").pop() ?? "")) continue;
    const parts = dir ? dir.split("/") : [];
    for (const seg of target.split("/")) {
      if (seg === "..") parts.pop();
      else if (seg !== "." && seg !== "") parts.push(seg);
    }
    const path = parts.join("/");
    if (path === file || files.includes(path) || !(await fs.exists(path))) continue;
    files.push(path);
    for (const h of headingVersions(await fs.readText(path))) versions.add(h.version);
  }
  return { versions, files };
}

async function changelogFileOf(fs: FileSystemPort, configured: string): Promise<string | undefined> {
  if (await fs.exists(configured)) return configured;
  if (configured !== "CHANGELOG.md") return undefined;
  for (const name of CHANGELOG_NAMES) if (await fs.exists(name)) return name;
  return undefined;
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
  options: { notes: NotesOptions; now: Date; checkSince?: string },
): Promise<Report> {
  const findings: Finding[] = [];
  const checked: string[] = [];
  for (const t of targets) {
    const file = await changelogFileOf(ports.fs, t.file);
    if (!file) {
      throw new InputError(`${t.file} does not exist`, {
        hint: "create it with `upkeep changelog --from-scratch --write` and commit it",
      });
    }
    const repo = await openRepository(ports.git, t.target, options.notes);
    const text = await ports.fs.readText(file);
    const scope = changelogScope(text, options.checkSince);
    const archive = await archivedVersions(ports.fs, file, text);
    findings.push(
      ...changelogDrift(repo, text, {
        ...options.notes,
        file,
        archived: archive.versions,
        ...(options.checkSince ? { checkSince: options.checkSince } : {}),
      }),
    );
    const skipped = scope.since
      ? repo.releases.filter((r) => semver.lt(r.tag.version, scope.since as string)).length
      : 0;
    checked.push(
      [
        `${file}: ${plural(repo.releases.length, "release tag")}, ${plural(repo.unreleased.length, "unreleased commit")}`,
        ...(file !== t.file ? [`read instead of ${t.file}, which does not exist`] : []),
        ...(archive.files.length > 0 ? [`older sections read from ${archive.files.join(", ")}`] : []),
        ...(repo.tags ? [repo.tags.note] : []),
        ...(skipped > 0
          ? [
              `${plural(skipped, "release")} before ${scope.since} not checked (the changelog starts there; changelog.checkSince changes that)`,
            ]
          : []),
        scope.entries
          ? "entries compared with the commits of each release"
          : `not written by upkeep (no ${UPKEEP_CHANGELOG_MARKER} line): checked that each release has a section, not its entries`,
      ].join("; "),
    );
  }
  return changelogDriftReport(findings, { now: options.now, notes: checked });
}
