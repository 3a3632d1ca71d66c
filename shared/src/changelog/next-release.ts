/**
 * The next release of each target at HEAD: what `upkeep changelog next` prints and what the drift-check
 * action puts in its `next-version`, `release-type`, `previous-tag`, `notes` and `releases` outputs.
 */
import type { GitPort } from "../ports.js";
import type { ReleaseTarget } from "./release-targets.js";
import { openRepository, planNextRelease, type SectionDate, unreleasedSection } from "./repository.js";
import type { NotesOptions, ReleaseType } from "./types.js";

/**
 * How {@link nextReleases} versions and dates the notes: the header's date is `date` (YYYY-MM-DD) when
 * given, else today (UTC) by `clock`; one of the two is required.
 */
export type NextReleaseOptions = {
  notes: NotesOptions;
  /** `changelog.preMajor`: breaking changes before 1.0.0 bump the minor. */
  preMajor: boolean;
  /** Pre-release identifier (`rc` → `1.3.0-rc.0`). */
  prerelease?: string;
} & SectionDate;

/** The next release of one target. */
export interface TargetRelease {
  /** Package name; undefined for the repository. */
  name: string | undefined;
  /** Undefined when nothing releasable happened since the last release. */
  version: string | undefined;
  releaseType: ReleaseType | undefined;
  /** Tag of the newest release, undefined before the first. */
  previous: string | undefined;
  /** The unreleased notes section; `""` when nothing would be released. */
  notes: string;
  /** How the tags were read when the configured prefix matched none (the prefix detected instead). */
  tagNote?: string;
  /**
   * Set when tags exist but none is a release of the target (only `pkg@1.2.3` tags, say): what shapes were
   * found. `version` is then undefined rather than a first release's 1.0.0.
   */
  problem?: string;
}

/**
 * The next version and unreleased notes of every target, in order: the bump from the commits since the
 * newest release (semver, pre-1.0 and pre-release rules of the changelog engine). Throws InputError outside
 * a git repository.
 */
export async function nextReleases(
  git: GitPort,
  targets: readonly ReleaseTarget[],
  options: NextReleaseOptions,
): Promise<TargetRelease[]> {
  const out: TargetRelease[] = [];
  for (const t of targets) {
    const repo = await openRepository(git, t.target, options.notes);
    if (repo.tags?.unmatched && repo.releases.length === 0) {
      out.push({
        name: t.name,
        version: undefined,
        releaseType: undefined,
        previous: undefined,
        notes: "",
        problem: repo.tags.note,
      });
      continue;
    }
    const { notes, preMajor, prerelease, ...when } = options;
    const res = unreleasedSection(repo, {
      ...notes,
      ...when,
      preMajor,
      ...(prerelease !== undefined ? { prerelease } : {}),
    });
    const next = res.next.version === undefined ? planNextRelease(repo) : res.next;
    out.push({
      name: t.name,
      version: next.version,
      releaseType: next.releaseType,
      previous: next.previous?.name,
      notes: next.version ? res.markdown : "",
      ...(repo.tags ? { tagNote: repo.tags.note } : {}),
    });
  }
  return out;
}

/** The next release of one target as the action's step outputs carry it (`""` for none). */
export interface NextReleaseInfo {
  package: string | undefined;
  /** `""` when nothing releasable happened since the last release. */
  version: string;
  releaseType: string;
  /** Tag of the newest release, `""` before the first. */
  previous: string;
  /** The unreleased notes section; `""` when nothing would be released. */
  notes: string;
  /** Why there is no version although the repository has tags (see {@link TargetRelease.problem}). */
  problem?: string;
}

/** A {@link TargetRelease} as the step outputs carry it. */
export function nextReleaseInfo(release: TargetRelease): NextReleaseInfo {
  return {
    package: release.name,
    version: release.version ?? "",
    releaseType: release.releaseType ?? "",
    previous: release.previous ?? "",
    notes: release.notes,
    ...(release.problem ? { problem: release.problem } : {}),
  };
}

/** The next release of each target as Markdown for the job summary (a collapsed section with the notes). */
export function nextReleaseMarkdown(releases: readonly NextReleaseInfo[]): string {
  return releases
    .map((r) => {
      const what = r.package ? `${r.package}: ` : "";
      if (!r.version && r.problem) return `**Next release:** ${what}no release tag found. ${r.problem}\n`;
      if (!r.version) return `**Next release:** ${what}nothing to release since ${r.previous || "the first commit"}.\n`;
      return `<details><summary>Next release: ${what}${r.releaseType} → ${r.version}</summary>\n\n${r.notes.trim()}\n\n</details>\n`;
    })
    .join("\n");
}
