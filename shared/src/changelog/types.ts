/**
 * Data shapes of the changelog engine: raw commits from the one `git log` pass, the changelog entries
 * parsed from them, release tags, and the options that shape notes and versions.
 */

/** One commit as read by the single `git log` pass. */
export interface RawCommit {
  /** Full SHA. */
  hash: string;
  parents: string[];
  /** Committer date, Unix seconds (what conventional-changelog dates a release by). */
  committedAt: number;
  /** Full message (`%B`): subject, blank line, body. */
  message: string;
  /** Files the commit touched (only when read with `files: true`; merges list none). */
  files?: string[];
}

/** A breaking-change note (`!` or a `BREAKING CHANGE:` / `BREAKING-CHANGE:` footer). */
export interface BreakingNote {
  text: string;
}

/** An issue or pull-request reference from a footer (`Closes #12`), not already in the subject. */
export interface IssueReference {
  /** Owner and repository of a cross-repository reference (`o/r#12`); undefined for this repository. */
  owner?: string;
  repository?: string;
  issue: string;
}

/**
 * One changelog entry. A commit usually gives one; a commit whose footers are themselves Conventional
 * Commit headers gives one per header (release-please's "multiple changes in one commit").
 */
export interface ChangelogEntry {
  hash: string;
  /** Lower-case type (`feat`), `revert` for reverts, undefined for a message that is not conventional. */
  type: string | undefined;
  scope: string | undefined;
  /** The description after `type(scope): `; undefined for a non-conventional message. */
  subject: string | undefined;
  /** The whole first line. */
  header: string;
  breaking: boolean;
  notes: BreakingNote[];
  references: IssueReference[];
  /** For reverts: the reverted commit (header and hash) as the message names it. */
  revert?: { header: string | undefined; hash: string | undefined };
  committedAt: number;
}

/** A release tag mapped to its commit and version. */
export interface ReleaseTag {
  name: string;
  /** The tagged commit (peeled for annotated tags). */
  commit: string;
  /** The version (no prefix), valid semver. */
  version: string;
  /** The package the tag belongs to (its name), or undefined for a single-package repository. */
  packageName?: string;
}

/** A changelog section type (the preset's `types` option). */
export interface SectionType {
  type: string;
  section: string;
  hidden?: boolean;
}

/** Where links point. Without it, notes have no links (plain short hashes, no compare link). */
export interface RepoLinks {
  /** `https://github.com` or a GHES host. */
  host: string;
  owner: string;
  repository: string;
}

/**
 * Layout of blank lines: `release-please` (two blank lines before each commit section, what
 * release-please and standard-version write) or `preset` (one, what conventional-changelog 7 with
 * conventional-changelog-conventionalcommits 9 writes). Bullets and headings are the same in both.
 */
export type NotesLayout = "release-please" | "preset";

/** Options of the notes writer. */
export interface NotesOptions {
  links?: RepoLinks;
  /** Default: the preset's types (feat, fix, perf, revert shown; docs, style, chore, refactor, test, build, ci hidden). */
  types?: readonly SectionType[];
  /** Default `release-please`. */
  layout?: NotesLayout;
  /**
   * Split commit bodies whose footers are Conventional Commit headers into extra entries, as
   * release-please does. Default true.
   */
  splitMultiple?: boolean;
}

/** One release section to write. */
export interface SectionInput {
  version: string;
  /** `YYYY-MM-DD`; undefined leaves the date out. */
  date: string | undefined;
  /** Tag of the previous release; with `currentTag` and links it gives the compare link. */
  previousTag: string | undefined;
  currentTag: string;
  entries: ChangelogEntry[];
}

/** The bump a set of entries asks for. */
export type ReleaseType = "major" | "minor" | "patch";
