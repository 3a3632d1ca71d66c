// Versions and release notes for the action's outputs and the PR comment's release preview, resolved the
// way `upkeep changelog` resolves them (shared/src/cli/commands/changelog.ts): the same tag prefix,
// monorepo packages, tag formats and notes layout.
import { readHistory } from "@upkeep/shared/changelog/git-history.js";
import { originLinks, type ReleaseTarget } from "@upkeep/shared/changelog/release-targets.js";
import { parseRepoUrl } from "@upkeep/shared/changelog/repo-url.js";
import {
  groupHistory,
  openRepository,
  planNextRelease,
  unreleasedSection,
} from "@upkeep/shared/changelog/repository.js";
import type { NotesOptions, RepoLinks } from "@upkeep/shared/changelog/types.js";
import { previewRelease, type ReleasePreview, releaseBaseOf } from "@upkeep/shared/drift/pr/release-preview.js";
import type { GitPort } from "@upkeep/shared/ports.js";

/** The next release of one target, as the step outputs carry it. */
export interface NextReleaseInfo {
  package: string | undefined;
  /** `""` when nothing releasable happened since the last release. */
  version: string;
  releaseType: string;
  /** Tag of the newest release, `""` before the first. */
  previous: string;
  /** The unreleased notes section; `""` when nothing would be released. */
  notes: string;
}

/**
 * Link base for commit, PR and compare links: the workflow's repository on its server (what the runner
 * sets), else the `origin` remote, else none.
 */
export async function repositoryLinks(env: NodeJS.ProcessEnv, git: GitPort): Promise<RepoLinks | undefined> {
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY) {
    const links = parseRepoUrl(`${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`);
    if (links) return links;
  }
  return originLinks(git);
}

/** Whether the checkout is shallow (actions/checkout's default `fetch-depth: 1`): tags and history are then missing. */
export async function isShallow(git: GitPort): Promise<boolean> {
  try {
    return (await git.run(["rev-parse", "--is-shallow-repository"])).trim() === "true";
  } catch {
    return false;
  }
}

/** The next version and unreleased notes of every target at HEAD (what `upkeep changelog next` prints). */
export async function nextReleases(
  git: GitPort,
  targets: readonly ReleaseTarget[],
  options: { notes: NotesOptions; preMajor: boolean; date: string },
): Promise<NextReleaseInfo[]> {
  const out: NextReleaseInfo[] = [];
  for (const t of targets) {
    const repo = await openRepository(git, t.target, options.notes);
    const res = unreleasedSection(repo, { ...options.notes, preMajor: options.preMajor, date: options.date });
    const next = res.next.version === undefined ? planNextRelease(repo) : res.next;
    out.push({
      package: t.name,
      version: next.version ?? "",
      releaseType: next.releaseType ?? "",
      previous: next.previous?.name ?? "",
      notes: next.version ? res.markdown : "",
    });
  }
  return out;
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
 * (the history reachable from it, as `upkeep drift-check pr` reads it). `changedFiles` are relative to
 * the repository root, like the targets' paths.
 */
export async function pullRequestPreviews(
  git: GitPort,
  targets: readonly ReleaseTarget[],
  changedFiles: readonly string[],
  pr: { title: string; body: string; sha: string | undefined; base: string },
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

/** The previews as the step outputs carry the next releases. */
export function previewReleases(previews: readonly TargetPreview[]): NextReleaseInfo[] {
  return previews.map((p) => ({
    package: p.name,
    version: p.preview.version ?? "",
    releaseType: p.preview.releaseType ?? "",
    previous: p.previousTag ?? "",
    notes: p.preview.notes ?? "",
  }));
}

/** The next release of each target as Markdown for the job summary (a collapsed section with the notes). */
export function nextReleaseMarkdown(releases: readonly NextReleaseInfo[]): string {
  return releases
    .map((r) => {
      const what = r.package ? `${r.package}: ` : "";
      if (!r.version) return `**Next release:** ${what}nothing to release since ${r.previous || "the first commit"}.\n`;
      return `<details><summary>Next release: ${what}${r.releaseType} → ${r.version}</summary>\n\n${r.notes.trim()}\n\n</details>\n`;
    })
    .join("\n");
}
