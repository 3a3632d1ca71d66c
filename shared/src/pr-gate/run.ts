/**
 * The pull-request gate as one engine: what the pull request changes (through a {@link ChangedFilesPort}),
 * the changelog entry and Conventional Commits checks, and the release preview of every target it touches.
 * The drift-check action and `upkeep drift-check pr` both run it; they differ only in the ports they pass.
 */
import type { ReleaseTarget } from "../changelog/release-targets.js";
import type { NotesOptions } from "../changelog/types.js";
import type { DriftConfig } from "../config/types.js";
import type { Logger } from "../logger.js";
import type { ChangedFilesPort, Clock, GitPort, PullRequestChanges } from "../ports.js";
import type { Report } from "../report/model.js";
import {
  evaluatePullRequest,
  type PullRequestEvaluation,
  type PullRequestGateData,
  pullRequestReport,
} from "./gate.js";
import { pullRequestPreviews, type TargetPreview } from "./release-preview.js";

/** The pull request and the configuration the gate checks it against. */
export interface PullRequestGateInput {
  pr: {
    /** Its number, for the Pulls API and messages; `0` when there is none (`upkeep drift-check pr`). */
    number: number;
    /** The title: the squash-merge commit header. */
    title: string;
    /** The description (its `BREAKING CHANGE:` footer counts). */
    body?: string | undefined;
    labels: readonly string[];
    /** Login of the author (`dependabot[bot]`). */
    author: string;
    isFork: boolean;
    /** Base commit (or ref); undefined when the event has none (the preview is then skipped). */
    base: string | undefined;
    /** Head commit (or ref); undefined: the checkout's HEAD. Also the preview's commit link. */
    head: string | undefined;
  };
  drift: DriftConfig;
  /** What is released and how the notes read (`releaseTargets`, the notes options, `changelog.preMajor`). */
  release: { targets: readonly ReleaseTarget[]; notes: NotesOptions; preMajor: boolean };
  /**
   * The folder the changed files are relative to, from the repository root (`""` for the root); the
   * targets' paths are relative to the root.
   */
  prefix: string;
  /** Said after "commits not linted" and "release preview skipped" when the history is missing. */
  historyHint: string;
}

/** What the gate reads through. */
export interface PullRequestGatePorts {
  changedFiles: ChangedFilesPort;
  /**
   * The repository (at its root) with its history and tags, for the release preview; undefined when the
   * checkout has none (shallow or not git): the preview is then skipped.
   */
  history: GitPort | undefined;
  clock: Clock;
  logger: Logger;
}

/** The gate's result: the report (`data.pr`, `data.preview`) and what it was built from. */
export interface PullRequestGateResult {
  report: Report<PullRequestGateData>;
  evaluation: PullRequestEvaluation;
  changes: PullRequestChanges;
  /** One per touched target, in target order; empty when the preview was skipped. */
  previews: TargetPreview[];
}

/**
 * Runs the pull-request gate: reads the changes, evaluates the changelog entry and the title (and, with
 * `drift.conventional.lintCommits`, the commits, warning when they cannot be read), and previews the
 * release of each touched target from the history reachable from the base. The report carries the first
 * preview. Throws what the changed-files port throws (InputError when it cannot tell what changed).
 */
export async function runPullRequestGate(
  input: PullRequestGateInput,
  ports: PullRequestGatePorts,
): Promise<PullRequestGateResult> {
  const { pr } = input;
  const now = ports.clock.now();
  const changes = await ports.changedFiles.changes({ number: pr.number, base: pr.base, head: pr.head });
  if (input.drift.conventional.lintCommits && !changes.commits) {
    ports.logger.warning(`commits not linted: the checkout is shallow; ${input.historyHint}`);
  }
  const evaluation = evaluatePullRequest(
    {
      title: pr.title,
      ...(pr.body ? { body: pr.body } : {}),
      ...(changes.commits ? { commits: changes.commits } : {}),
      labels: pr.labels,
      author: pr.author,
      changedFiles: changes.files,
      isFork: pr.isFork,
    },
    input.drift,
  );
  let previews: TargetPreview[] = [];
  if (!ports.history || !pr.base) {
    ports.logger.info(`release preview skipped: ${input.historyHint}`);
  } else {
    const fromTop = changes.files.map((f) => (input.prefix ? `${input.prefix}/${f}` : f));
    previews = await pullRequestPreviews(
      ports.history,
      input.release.targets,
      fromTop,
      { title: pr.title, body: pr.body, sha: pr.head, base: pr.base },
      { notes: input.release.notes, preMajor: input.release.preMajor, date: now.toISOString().slice(0, 10) },
    );
  }
  const first = previews[0]?.preview;
  const report = pullRequestReport(evaluation, { now, ...(first ? { preview: first } : {}) });
  return { report, evaluation, changes, previews };
}
