import picomatch from "picomatch";
import type { DriftConfig } from "../config/types.js";
import type { Finding, Report, RuleDescriptor } from "../report/model.js";
import { UPKEEP_VERSION } from "../version.js";
import { isIgnoredCommit, lintHeader, type ParsedHeader, parseHeader } from "./conventional.js";
import type { ReleasePreview } from "./release-preview.js";

/** A pull request as the gate sees it (from the event payload, or from git for `drift-check pr`). */
export interface PullRequestInput {
  /** The title: what lands as the commit header on squash-merge. */
  title: string;
  /** The description; its `BREAKING CHANGE:` footer counts. */
  body?: string;
  /** The PR's commits; linted only with `drift.conventional.lintCommits`. */
  commits?: readonly { sha: string; message: string }[];
  labels: readonly string[];
  /** Login of the author (`dependabot[bot]`). */
  author: string;
  /** Repository-relative paths the PR changes (added, modified, removed, renamed). */
  changedFiles: readonly string[];
  /** From a fork: the token may be read-only (the shell comments only when allowed). */
  isFork: boolean;
}

/** Why the changelog-entry requirement passed or failed. */
export type EntryOutcome =
  | "no-changes"
  | "no-code-changes"
  | "not-required"
  | "skipped-label"
  | "skipped-author"
  | "skipped-type"
  | "entry-present"
  | "entry-missing";

/** The gate's verdict. */
export interface PullRequestEvaluation {
  findings: Finding[];
  entry: {
    outcome: EntryOutcome;
    /** One sentence for the summary. */
    reason: string;
    /** Changed files that count as code. */
    codeFiles: string[];
    /** Changed files that satisfied the requirement (changelog, changeset, docs). */
    entryFiles: string[];
  };
  title: ParsedHeader;
  isFork: boolean;
}

/** Rules of the pull-request gate. */
export const PR_RULES: RuleDescriptor[] = [
  {
    id: "drift/pr/entry-missing",
    name: "ChangelogEntryMissing",
    shortDescription: "Code changed without a changelog entry (CHANGELOG.md or .changeset/*.md).",
    defaultLevel: "error",
  },
  {
    id: "drift/pr/title",
    name: "PullRequestTitle",
    shortDescription: "The PR title (the squash-merge commit header) is not a valid Conventional Commits header.",
    defaultLevel: "error",
  },
  {
    id: "drift/pr/commit",
    name: "CommitMessage",
    shortDescription: "A commit header is not a valid Conventional Commits header.",
    defaultLevel: "error",
  },
];

function sameAuthor(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/\[bot\]$/, "");
  return norm(a) === norm(b);
}

function isChangeset(f: string): boolean {
  return /^\.changeset\/[^/]+\.md$/.test(f) && f !== ".changeset/README.md";
}

function entryFilesOf(files: readonly string[], config: DriftConfig): string[] {
  const isDocs = picomatch(config.docs);
  return files.filter(
    (f) =>
      f === config.changelog ||
      f === "CHANGELOG.md" ||
      f.endsWith("/CHANGELOG.md") ||
      isChangeset(f) ||
      (config.docsSatisfy && isDocs(f)),
  );
}

function entryCheck(input: PullRequestInput, config: DriftConfig, title: ParsedHeader): PullRequestEvaluation["entry"] {
  const isCode = picomatch(config.code);
  const isDocs = picomatch(config.docs);
  const codeFiles = input.changedFiles.filter((f) => isCode(f) && !isDocs(f));
  const entryFiles = entryFilesOf(input.changedFiles, config);
  const base = { codeFiles, entryFiles };
  if (input.changedFiles.length === 0)
    return { ...base, outcome: "no-changes", reason: "The pull request changes no files." };
  if (codeFiles.length === 0) {
    return {
      ...base,
      outcome: "no-code-changes",
      reason: `No changed file is code (drift.code: ${config.code.join(", ")}), so no changelog entry is needed.`,
    };
  }
  if (!config.requireEntry) return { ...base, outcome: "not-required", reason: "drift.requireEntry is off." };
  if (input.labels.includes(config.skipLabel)) {
    return { ...base, outcome: "skipped-label", reason: `The label "${config.skipLabel}" skips the changelog entry.` };
  }
  if (config.skipAuthors.some((a) => sameAuthor(a, input.author))) {
    return { ...base, outcome: "skipped-author", reason: `Pull requests by ${input.author} need no changelog entry.` };
  }
  if (title.type !== undefined && config.allowTypes.includes(title.type) && !title.breaking) {
    return { ...base, outcome: "skipped-type", reason: `A "${title.type}" change needs no changelog entry.` };
  }
  if (entryFiles.length > 0) {
    return { ...base, outcome: "entry-present", reason: `Changelog entry: ${entryFiles.join(", ")}.` };
  }
  return {
    ...base,
    outcome: "entry-missing",
    reason: `${codeFiles.length} code file(s) changed without a changelog entry.`,
  };
}

/**
 * The pull-request gate: a changelog (or docs) entry when code changes, and a Conventional Commits
 * title (and, with `drift.conventional.lintCommits`, every commit). Code and docs are the
 * `drift.code` / `drift.docs` globs (a Markdown file under a code folder counts as docs). The entry
 * is a change to `drift.changelog` or any `CHANGELOG.md`, a `.changeset/*.md` (not its README), or,
 * with `docsSatisfy`, a docs change. No entry is needed when nothing or no code changed, with the
 * `skipLabel`, for `skipAuthors` (Dependabot and Renovate by default), or for a title whose type is
 * in `allowTypes` unless it is breaking. Pure; never throws.
 */
export function evaluatePullRequest(input: PullRequestInput, config: DriftConfig): PullRequestEvaluation {
  const title = parseHeader(input.body ? `${input.title}\n\n${input.body}` : input.title);
  const findings: Finding[] = [];
  const rules = { types: config.conventional.types, scopes: config.conventional.scopes };
  for (const problem of lintHeader(title, rules)) {
    findings.push({
      rule: "drift/pr/title",
      level: "error",
      severity: "medium",
      title: "PR title is not a Conventional Commit",
      message: `PR title: ${problem} The title becomes the commit message on squash-merge; edit it.`,
      fingerprint: `drift/pr/title:${problem.split(".")[0]}`,
      properties: { title: input.title },
    });
  }
  if (config.conventional.lintCommits) {
    for (const c of input.commits ?? []) {
      if (isIgnoredCommit(c.message)) continue;
      for (const problem of lintHeader(parseHeader(c.message), rules)) {
        findings.push({
          rule: "drift/pr/commit",
          level: "error",
          severity: "medium",
          title: `Commit ${c.sha.slice(0, 7)} is not a Conventional Commit`,
          message: `Commit ${c.sha.slice(0, 7)}: ${problem} Reword it (git rebase -i) or squash-merge with a conforming title.`,
          fingerprint: `drift/pr/commit:${c.sha}:${problem.split(".")[0]}`,
          properties: { sha: c.sha, header: c.message.split("\n")[0] ?? "" },
        });
      }
    }
  }
  const entry = entryCheck(input, config, title);
  if (entry.outcome === "entry-missing") {
    const shown = entry.codeFiles.slice(0, 5).join(", ") + (entry.codeFiles.length > 5 ? ", ..." : "");
    findings.push({
      rule: "drift/pr/entry-missing",
      level: "error",
      severity: "medium",
      title: "Changelog entry missing",
      message: `Code changed (${shown}) but neither ${config.changelog} nor a .changeset/*.md did${config.docsSatisfy ? ", nor any doc" : ""}. Add an entry (or run npx changeset), label the PR "${config.skipLabel}", or use a type that needs none (${config.allowTypes.join(", ")}).`,
      fingerprint: "drift/pr/entry-missing",
      properties: { codeFiles: entry.codeFiles },
    });
  }
  return { findings, entry, title, isFork: input.isFork };
}

/** The `data` of a pull-request gate report: the entry verdict and, when there is one, the release preview. */
export interface PullRequestGateData {
  pr: {
    outcome: PullRequestEvaluation["entry"]["outcome"];
    codeFiles: PullRequestEvaluation["entry"]["codeFiles"];
    entryFiles: PullRequestEvaluation["entry"]["entryFiles"];
    title: PullRequestEvaluation["title"];
    isFork: PullRequestEvaluation["isFork"];
  };
  preview?: ReleasePreview;
}

/**
 * Wraps the gate's verdict (and the release preview, when there is one) in the shared Report
 * (`check: "drift-check"`, `data.pr`), for the text/JSON/Markdown/SARIF renderers and the sticky comment.
 */
export function pullRequestReport(
  evaluation: PullRequestEvaluation,
  options: { now: Date; preview?: ReleasePreview },
): Report<PullRequestGateData> {
  const notes = [evaluation.entry.reason];
  const p = options.preview;
  if (p) {
    notes.push(
      p.releaseType
        ? `Release preview: this pull request makes a ${p.releaseType} release${p.version ? ` (${p.version})` : ""}.`
        : "Release preview: this pull request releases nothing (no feat, fix, perf or breaking change).",
    );
  }
  return {
    schemaVersion: 1,
    tool: { name: "upkeep", version: UPKEEP_VERSION },
    check: "drift-check",
    generatedAt: options.now.toISOString(),
    findings: evaluation.findings,
    rules: PR_RULES,
    data: {
      pr: {
        outcome: evaluation.entry.outcome,
        codeFiles: evaluation.entry.codeFiles,
        entryFiles: evaluation.entry.entryFiles,
        title: evaluation.title,
        isFork: evaluation.isFork,
      },
      ...(p ? { preview: p } : {}),
    },
    notes,
  };
}
