import semver from "semver";
import { readHistory } from "../changelog/git-history.js";
import type { NextReleaseInfo } from "../changelog/next-release.js";
import { type NextVersionOptions, nextVersion, releaseTypeOf } from "../changelog/next-version.js";
import { parseCommit } from "../changelog/parse-commit.js";
import type { ReleaseTarget } from "../changelog/release-targets.js";
import { renderSection } from "../changelog/render.js";
import { type ChangelogRepository, groupHistory } from "../changelog/repository.js";
import { type TagScheme, tagName } from "../changelog/tags.js";
import type { ChangelogEntry, NotesOptions, ReleaseType } from "../changelog/types.js";
import type { GitPort } from "../ports.js";

/** Where the base branch stands: its releases and what is already waiting to be released. */
export interface ReleaseBase {
  /** Newest stable release version (no prefix), undefined before the first release. */
  lastStable: string | undefined;
  /** Newest release of any kind (may be a pre-release). */
  lastTagged: string | undefined;
  /** Tag name of the newest release (for the compare link). */
  previousTag: string | undefined;
  /** Entries already on the base branch since the newest release. */
  pending: ChangelogEntry[];
}

/** What the pull request would release, for the sticky comment. */
export interface ReleasePreview {
  /** The bump of the next release with this PR merged; undefined when nothing would be released. */
  releaseType: ReleaseType | undefined;
  version: string | undefined;
  /** This PR's notes section (conventionalcommits format); undefined when it adds nothing visible. */
  notes: string | undefined;
}

/** Reads the {@link ReleaseBase} from a repository opened at the base ref by the changelog engine. */
export function releaseBaseOf(repo: ChangelogRepository): ReleaseBase {
  const last = repo.releases.at(-1)?.tag;
  const stable = repo.releases.findLast((r) => semver.prerelease(r.tag.version) === null)?.tag;
  return {
    lastStable: stable?.version,
    lastTagged: last?.version,
    previousTag: last?.name,
    pending: repo.entriesOf(repo.unreleased),
  };
}

/**
 * What merging the PR (squash: title + body as the message) would release: the bump of the next
 * release counting what is already pending on the base, the version that gives (changelog engine's
 * semver and pre-1.0 rules), and the notes section of this PR's own entries. Never throws.
 */
export function previewRelease(
  pr: { title: string; body?: string; sha?: string },
  base: ReleaseBase,
  options: { scheme: TagScheme; date: string; notes?: NotesOptions; version?: NextVersionOptions },
): ReleasePreview {
  const message = pr.body ? `${pr.title}\n\n${pr.body}` : pr.title;
  const entries = parseCommit({ hash: pr.sha ?? "0000000", parents: [], committedAt: 0, message }, options.notes ?? {});
  const own = releaseTypeOf(entries, options.notes?.types);
  const type = releaseTypeOf([...base.pending, ...entries], options.notes?.types);
  if (own === undefined || type === undefined) return { releaseType: undefined, version: undefined, notes: undefined };
  const version = nextVersion(base.lastStable, base.lastTagged, type, options.version);
  const notes = renderSection(
    {
      version,
      date: options.date,
      previousTag: base.previousTag,
      currentTag: tagName(options.scheme, version),
      entries,
    },
    options.notes ?? {},
  );
  return { releaseType: type, version, notes };
}

/** The preview as a collapsible Markdown block to append to the PR comment or job summary. */
export function renderReleasePreview(preview: ReleasePreview): string {
  if (!preview.releaseType || !preview.notes) return "";
  return `<details><summary>Release preview: ${preview.releaseType} → ${preview.version ?? "?"}</summary>\n\n${preview.notes.trim()}\n\n</details>\n`;
}

/** The release previews of one pull request (one per package in a monorepo) as Markdown; empty parts are dropped. */
export function renderReleasePreviews(
  previews: readonly { name: string | undefined; preview: ReleasePreview }[],
): string {
  return previews
    .map((p) => {
      const md = renderReleasePreview(p.preview);
      return md && p.name ? md.replace("<summary>Release preview:", `<summary>Release preview of ${p.name}:`) : md;
    })
    .filter(Boolean)
    .join("\n");
}

/** What merging the pull request would release for one target, and the tag that release would follow. */
export interface TargetPreview {
  name: string | undefined;
  preview: ReleasePreview;
  /** Tag of the newest release on the base, undefined before the first. */
  previousTag: string | undefined;
}

/**
 * What merging the pull request (squash: title and body as the message) would release for each target
 * it touches (a target without a folder always counts), counting what is already unreleased on `base`
 * (the history reachable from it). `changedFiles` are relative to the repository root, like the targets'
 * paths. Throws what the git port throws for an unknown base.
 */
export async function pullRequestPreviews(
  git: GitPort,
  targets: readonly ReleaseTarget[],
  changedFiles: readonly string[],
  pr: { title: string; body?: string | undefined; sha: string | undefined; base: string },
  options: { notes: NotesOptions; preMajor: boolean; date: string },
): Promise<TargetPreview[]> {
  const touched = targets.filter((t) => {
    const path = t.target.path;
    return path === undefined || changedFiles.some((f) => f.startsWith(`${path}/`));
  });
  const out: TargetPreview[] = [];
  for (const t of touched) {
    const history = await readHistory(git, { revisions: [pr.base], files: Boolean(t.target.path) });
    const base = releaseBaseOf(groupHistory(history, t.target, options.notes));
    const preview = previewRelease(
      { title: pr.title, ...(pr.body ? { body: pr.body } : {}), ...(pr.sha ? { sha: pr.sha } : {}) },
      base,
      { scheme: t.target.scheme, date: options.date, notes: options.notes, version: { preMajor: options.preMajor } },
    );
    out.push({ name: t.name, preview, previousTag: base.previousTag });
  }
  return out;
}

/** The previews as the action's step outputs carry the next releases. */
export function previewReleases(previews: readonly TargetPreview[]): NextReleaseInfo[] {
  return previews.map((p) => ({
    package: p.name,
    version: p.preview.version ?? "",
    releaseType: p.preview.releaseType ?? "",
    previous: p.previousTag ?? "",
    notes: p.preview.notes ?? "",
  }));
}
