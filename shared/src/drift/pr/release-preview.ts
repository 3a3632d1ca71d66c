import semver from "semver";
import { type NextVersionOptions, nextVersion, releaseTypeOf } from "../../changelog/next-version.js";
import { parseCommit } from "../../changelog/parse-commit.js";
import { renderSection } from "../../changelog/render.js";
import type { ChangelogRepository } from "../../changelog/repository.js";
import { type TagScheme, tagName } from "../../changelog/tags.js";
import type { ChangelogEntry, NotesOptions, ReleaseType } from "../../changelog/types.js";

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
