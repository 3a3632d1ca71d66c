import semver from "semver";
import { InputError } from "../errors.js";
import type { Clock, GitPort } from "../ports.js";
import { type History, readHistory } from "./git-history.js";
import { type NextVersionOptions, nextVersion, releaseTypeOf } from "./next-version.js";
import { parseCommit } from "./parse-commit.js";
import { renderSection } from "./render.js";
import { detectTagPrefix, releaseTags, type TagPattern, type TagScheme, tagName } from "./tags.js";
import type { ChangelogEntry, NotesOptions, RawCommit, ReleaseTag, ReleaseType, SectionInput } from "./types.js";

/** What is released: the repository, or one package of a monorepo (by path, with its own tags). */
export interface ChangelogTarget {
  /** Tags of this target. */
  scheme: TagScheme;
  /** Package folder (repository-relative, `/`); commits belong when they touch a file below it. */
  path?: string;
}

/** One tagged release with the commits that first appear in it. */
export interface Release {
  tag: ReleaseTag;
  /** The release before it (by semver), undefined for the first. */
  previous: ReleaseTag | undefined;
  /** Commits of the release, newest first (merges left out; for a package only those touching it). */
  commits: RawCommit[];
  /** Date of the tagged commit (committer date, UTC), `YYYY-MM-DD`. */
  date: string;
}

/** The history of one target read in one pass: releases, unreleased commits, parsed lazily. */
export interface ChangelogRepository {
  history: History;
  target: ChangelogTarget;
  /** Releases, oldest first. */
  releases: Release[];
  /** Commits after the last release reachable from HEAD, newest first. */
  unreleased: RawCommit[];
  /** Parses commits into entries (cached per commit). */
  entriesOf(commits: readonly RawCommit[]): ChangelogEntry[];
  /**
   * How the tags were read, when that needs saying: the prefix was detected because the configured one
   * matches no tag, or no tag is a release of this target (then `unmatched` lists the shapes found).
   */
  tags?: { note: string; detectedPrefix?: string; unmatched?: TagPattern[] };
}

/** Formats Unix seconds as `YYYY-MM-DD` in UTC (what conventional-changelog-writer prints). */
export function isoDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

function belongs(commit: RawCommit, path: string | undefined): boolean {
  if (commit.parents.length > 1) return false;
  if (!path) return true;
  const prefix = path.endsWith("/") ? path : `${path}/`;
  return (commit.files ?? []).some((f) => f.startsWith(prefix));
}

/**
 * Assigns every commit to the first release (in ascending semver order) that contains it: for a
 * linear history that is `git log previous..tag` for each tag, computed in memory in one walk.
 * Returns the release index per commit hash; unassigned commits are unreleased.
 */
function assignCommits(history: History, tags: readonly ReleaseTag[]): Map<string, number> {
  const owner = new Map<string, number>();
  tags.forEach((tag, index) => {
    const stack = [tag.commit];
    while (stack.length > 0) {
      const hash = stack.pop() as string;
      if (owner.has(hash)) continue;
      const commit = history.byHash.get(hash);
      if (!commit) continue;
      owner.set(hash, index);
      for (const p of commit.parents) if (!owner.has(p)) stack.push(p);
    }
  });
  return owner;
}

/**
 * Reads the history of `target` in one `git log` pass (with files only for a package) and one tag
 * listing, and groups commits into releases. Throws InputError outside a git repository.
 */
export async function openRepository(
  git: GitPort,
  target: ChangelogTarget,
  notes: Pick<NotesOptions, "splitMultiple" | "types"> = {},
): Promise<ChangelogRepository> {
  const history = await readHistory(git, { files: Boolean(target.path) });
  return groupHistory(history, target, notes);
}

/** Groups an already read history (see {@link openRepository}). */
export function groupHistory(
  history: History,
  requested: ChangelogTarget,
  notes: Pick<NotesOptions, "splitMultiple" | "types"> = {},
): ChangelogRepository {
  let target = requested;
  let tags = releaseTags(history.tags, target.scheme, history.byHash);
  let tagInfo: ChangelogRepository["tags"];
  if (tags.length === 0 && !target.scheme.format && history.tags.size > 0) {
    // The configured prefix (default `v`) matches nothing: use the prefix the repository's own version tags
    // have (`1.2.3`), and say so; when there is none (only `pkg@1.2.3`), say which shapes exist instead of
    // starting from the first commit as if the project had never released.
    const reachable = [...history.tags].filter(([, commit]) => history.byHash.has(commit)).map(([name]) => name);
    const found = detectTagPrefix(reachable, target.scheme.prefix);
    if (found.prefix !== undefined && found.detected) {
      const configured = target.scheme.prefix;
      target = { ...target, scheme: { ...target.scheme, prefix: found.prefix } };
      tags = releaseTags(history.tags, target.scheme, history.byHash);
      const shape = found.patterns.find((p) => p.pattern === `${found.prefix}{version}`);
      tagInfo = {
        detectedPrefix: found.prefix,
        note: `no tag has the configured prefix "${configured}"; using the repository's release tags ${found.prefix === "" ? "without a prefix" : `with the prefix "${found.prefix}"`} (${shape?.count ?? tags.length}, newest ${shape?.example ?? tags.at(-1)?.name}). Set changelog.tagPrefix to "${found.prefix}" to make it explicit.`,
      };
    } else if (found.prefix === undefined && found.patterns.length > 0) {
      tagInfo = {
        unmatched: found.patterns,
        note: `no release tag matches ${target.scheme.prefix}{version}; the version tags here look like ${found.patterns
          .slice(0, 5)
          .map((p) => `${p.pattern} (${p.count}, e.g. ${p.example})`)
          .join(", ")}. Set changelog.tagPrefix, or changelog.packages for a monorepo.`,
      };
    }
  }
  const owner = assignCommits(history, tags);
  const buckets: RawCommit[][] = tags.map(() => []);
  const unreleased: RawCommit[] = [];
  for (const c of history.commits) {
    if (!belongs(c, target.path)) continue;
    const i = owner.get(c.hash);
    if (i === undefined) unreleased.push(c);
    else buckets[i]?.push(c);
  }
  const releases: Release[] = tags.map((tag, i) => ({
    tag,
    previous: i > 0 ? tags[i - 1] : undefined,
    commits: buckets[i] ?? [],
    date: isoDate(history.byHash.get(tag.commit)?.committedAt ?? 0),
  }));
  const cache = new Map<string, ChangelogEntry[]>();
  const parseOptions = {
    ...(notes.splitMultiple === false ? { splitMultiple: false } : {}),
    ...(notes.types ? { types: notes.types } : {}),
  };
  return {
    history,
    target,
    releases,
    unreleased,
    ...(tagInfo ? { tags: tagInfo } : {}),
    entriesOf(commits) {
      const out: ChangelogEntry[] = [];
      for (const c of commits) {
        let e = cache.get(c.hash);
        if (!e) {
          e = parseCommit(c, parseOptions);
          cache.set(c.hash, e);
        }
        out.push(...e);
      }
      return out;
    },
  };
}

/** The next release computed by {@link planNextRelease}. */
export interface NextRelease {
  /** Next version, or undefined when nothing releasable happened since the last release. */
  version: string | undefined;
  releaseType: ReleaseType | undefined;
  /** The newest release tag reachable from HEAD, if any. */
  previous: ReleaseTag | undefined;
  /** Entries since the newest release. */
  entries: ChangelogEntry[];
}

/**
 * The next version from the commits since the last release (semver bump rules, pre-1.0 rules,
 * pre-releases). The bump is computed from the commits since the last stable release, so `1.3.0-rc.1`
 * after `1.3.0-rc.0` keeps `1.3.0` as its target.
 */
export function planNextRelease(repo: ChangelogRepository, options: NextVersionOptions = {}): NextRelease {
  const previous = repo.releases.at(-1)?.tag;
  const entries = repo.entriesOf(repo.unreleased);
  const stableIndex = repo.releases.findLastIndex((r) => semver.prerelease(r.tag.version) === null);
  const lastStable = stableIndex >= 0 ? repo.releases[stableIndex]?.tag : undefined;
  // Commits since the last stable release decide the target; those since the last tag decide whether to release.
  const sinceStable = [...repo.releases.slice(stableIndex + 1).flatMap((r) => r.commits), ...repo.unreleased];
  const type = releaseTypeOf(entries) === undefined ? undefined : releaseTypeOf(repo.entriesOf(sinceStable));
  if (type === undefined) return { version: undefined, releaseType: undefined, previous, entries };
  const version = nextVersion(lastStable?.version, previous?.version, type, options);
  return { version, releaseType: type, previous, entries };
}

/**
 * The date of a new section: `date` (`YYYY-MM-DD`) when given, else today (UTC) by the caller's `clock`.
 * One of the two is required: engines never read the system time.
 */
export type SectionDate = { date: string; clock?: Clock } | { clock: Clock; date?: string };

/** Options of the section writers. */
export type SectionOptions = NotesOptions & SectionDate;

function sectionDate(options: SectionDate): string {
  if (options.date !== undefined) return options.date;
  return isoDate(Math.floor(options.clock!.now().getTime() / 1000));
}

/**
 * The notes of the unreleased commits as the section of `version` (default: the next version, or
 * `Unreleased` when nothing is releasable), dated `date` (default: today, UTC, by `clock`).
 */
export function unreleasedSection(
  repo: ChangelogRepository,
  options: SectionOptions & NextVersionOptions & { version?: string },
): { markdown: string; next: NextRelease } {
  const next = planNextRelease(repo, options);
  const version = options.version ?? next.version ?? "Unreleased";
  const input: SectionInput = {
    version,
    date: sectionDate(options),
    previousTag: next.previous?.name,
    currentTag: tagName(repo.target.scheme, version),
    entries: next.entries,
  };
  return { markdown: renderSection(input, options), next };
}

/** Every release section, newest first, separated by a blank line (`--from-scratch`). */
export function historySections(repo: ChangelogRepository, options: NotesOptions = {}): string[] {
  const out: string[] = [];
  for (let i = repo.releases.length - 1; i >= 0; i--) {
    const r = repo.releases[i] as Release;
    out.push(
      renderSection(
        {
          version: r.tag.version,
          date: r.date,
          previousTag: r.previous?.name,
          currentTag: r.tag.name,
          entries: repo.entriesOf(r.commits),
        },
        options,
      ),
    );
  }
  return out;
}

/**
 * The section for an explicit range: commits reachable from `to` and not from `from` (one `git log
 * to ^from` pass; `from` undefined = from the first commit). Version defaults to the version `to`
 * names (a release tag), else `to` itself; date defaults to the committer date of `to`. Throws
 * InputError for an unknown ref.
 */
export async function rangeSection(
  git: GitPort,
  target: ChangelogTarget,
  range: { from?: string; to: string; version?: string; date?: string },
  options: NotesOptions = {},
): Promise<string> {
  await git.revParse(range.to);
  if (range.from !== undefined) await git.revParse(range.from);
  const revisions = range.from === undefined ? [range.to] : [range.to, `^${range.from}`];
  const history = await readHistory(git, { revisions, files: Boolean(target.path) });
  const commits = history.commits.filter((c) => belongs(c, target.path));
  const versionFromTag = releaseTags(new Map([[range.to, "x"]]), target.scheme, { has: () => true })[0]?.version;
  const toCommit = history.commits[0];
  const entries = commits.flatMap((c) => parseCommit(c, options));
  if (!toCommit && commits.length === 0 && range.from === undefined) {
    throw new InputError(`no commits in ${range.to}`);
  }
  return renderSection(
    {
      version: range.version ?? versionFromTag ?? range.to,
      date: range.date ?? (toCommit ? isoDate(toCommit.committedAt) : undefined),
      previousTag: range.from,
      currentTag: range.to,
      entries,
    },
    options,
  );
}
