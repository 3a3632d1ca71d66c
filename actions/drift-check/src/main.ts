import { resolve } from "node:path";
import * as core from "@actions/core";
import { context } from "@actions/github";
import { annotate } from "@upkeep/action-kit/annotate.js";
import { postActionComment } from "@upkeep/action-kit/comment.js";
import { loadActionConfig } from "@upkeep/action-kit/config.js";
import { withPathPrefix, workspacePath, writeReportFiles } from "@upkeep/action-kit/files.js";
import { actionFolders, actionRepository, actionRunUrl, lazyGitHubClient, runAction } from "@upkeep/action-kit/run.js";
import { checkChangelogs } from "@upkeep/shared/changelog/drift.js";
import {
  type NextReleaseInfo,
  nextReleaseInfo,
  nextReleaseMarkdown,
  nextReleases,
} from "@upkeep/shared/changelog/next-release.js";
import { releaseTargets, repositoryLinks } from "@upkeep/shared/changelog/release-targets.js";
import type { NotesOptions } from "@upkeep/shared/changelog/types.js";
import { type DriftCheckData, runDriftCheck } from "@upkeep/shared/drift/engine.js";
import { clockFromEnv } from "@upkeep/shared/environment.js";
import { InputError } from "@upkeep/shared/errors.js";
import { eventInfo } from "@upkeep/shared/github/event.js";
import { pullsApiChangedFiles } from "@upkeep/shared/github/pull-files.js";
import { gitChangedFiles } from "@upkeep/shared/io/git-changed-files.js";
import { gitAwareLister, isShallow, probeGit } from "@upkeep/shared/io/git-checkout.js";
import { nodeCommandRunner } from "@upkeep/shared/io/node-command.js";
import { nodeFileSystem } from "@upkeep/shared/io/node-fs.js";
import { nodeGit } from "@upkeep/shared/io/node-git.js";
import type { Logger } from "@upkeep/shared/logger.js";
import { checkoutChangedFiles, onlyChangedFiles } from "@upkeep/shared/pr-gate/changed-files.js";
import type { PullRequestGateData } from "@upkeep/shared/pr-gate/gate.js";
import { previewReleases, renderReleasePreviews, type TargetPreview } from "@upkeep/shared/pr-gate/release-preview.js";
import { runPullRequestGate } from "@upkeep/shared/pr-gate/run.js";
import { toAnnotations } from "@upkeep/shared/report/annotations.js";
import { combineReports } from "@upkeep/shared/report/combine.js";
import { renderJson } from "@upkeep/shared/report/json.js";
import { renderMarkdownSummary } from "@upkeep/shared/report/markdown.js";
import type { Report } from "@upkeep/shared/report/model.js";
import { summarize } from "@upkeep/shared/report/model.js";
import { DEFAULT_COMMENT_MAX_CHARS, renderPrComment } from "@upkeep/shared/report/pr-comment.js";
import { renderSarif } from "@upkeep/shared/report/sarif.js";
import { checksFor, type DriftCheckInputs, readInputs } from "./inputs.js";

/** Key of the hidden marker that makes the PR comment sticky. */
export const COMMENT_KEY = "drift-check";

const FULL_HISTORY_HINT = "use actions/checkout with `fetch-depth: 0` (the history and tags are needed)";

async function check(inputs: DriftCheckInputs, logger: Logger, env: NodeJS.ProcessEnv): Promise<true | string> {
  const { workspace, root, prefix } = actionFolders(env, inputs.workingDirectory);
  const event = eventInfo(context.eventName, context.payload);
  const checks = checksFor(inputs.mode, event);
  const { owner, repo } = actionRepository(env);
  const clock = clockFromEnv(env);
  const now = clock.now();
  const date = now.toISOString().slice(0, 10);

  const github = lazyGitHubClient(inputs.token, logger, env);

  const { config } = await loadActionConfig({
    root,
    path: inputs.config,
    client: github,
    ...(env.GITHUB_REPOSITORY ? { repository: env.GITHUB_REPOSITORY } : {}),
    logger,
  });
  const fs = nodeFileSystem(root);
  const git = await probeGit(root);
  const shallow = git ? await isShallow(git) : false;
  // Changelog paths and package folders are relative to the repository root, as for `upkeep changelog`.
  const top = git ? (await git.run(["rev-parse", "--show-toplevel"])).trim() : undefined;
  const repoRoot = top ?? root;
  const repoFs = nodeFileSystem(repoRoot);
  const repoGit = top ? nodeGit(top) : undefined;
  const links = repoGit ? await repositoryLinks(env, repoGit) : undefined;
  const notes: NotesOptions = { ...(links ? { links } : {}), layout: "release-please" };
  const targets = await releaseTargets(config.changelog, repoFs, {
    ...(inputs.tagPrefix !== undefined ? { tagPrefix: inputs.tagPrefix } : {}),
    ...(inputs.package !== undefined ? { package: inputs.package } : {}),
    unknownPackage: (wanted, known) =>
      new InputError(`input package is "${wanted}", which is not one of changelog.packages`, {
        hint:
          known.length > 0
            ? `use one of: ${known.join(", ")}`
            : "add it under changelog.packages in .github/upkeep.yml, or leave package empty",
      }),
  });

  const parts: Report<Partial<DriftCheckData & PullRequestGateData>>[] = [];
  let changedFiles: Set<string> | undefined;
  let previews: TargetPreview[] | undefined;

  if (checks.pr && event.pullRequest) {
    const pr = event.pullRequest;
    const client = github();
    const gate = await runPullRequestGate(
      {
        pr: {
          number: pr.number,
          title: pr.title,
          body: pr.body,
          labels: pr.labels,
          author: pr.author,
          isFork: pr.isFork,
          base: pr.baseSha,
          head: pr.headSha,
        },
        drift: config.drift,
        release: { targets, notes, preMajor: config.changelog.preMajor },
        prefix,
        historyHint: FULL_HISTORY_HINT,
      },
      {
        changedFiles: checkoutChangedFiles({
          git: git ? gitChangedFiles(git, { scope: "folder", logger }) : undefined,
          api: client ? pullsApiChangedFiles(client, { owner, repo, prefix, logger }) : undefined,
          shallow,
          logger,
        }),
        history: repoGit && !shallow ? repoGit : undefined,
        clock,
        logger,
      },
    );
    changedFiles = new Set(gate.changes.files);
    previews = gate.previews;
    const { entry } = gate.evaluation;
    logger.info(`pull request #${pr.number}: ${entry.outcome} (${entry.reason})`);
    parts.push(gate.report);
  }

  if (checks.docs) {
    const { report, fixed } = await runDriftCheck(
      {
        config: config.drift,
        fix: inputs.fix,
        ...(inputs.detectors ? { detectors: inputs.detectors } : {}),
        externalLinks: inputs.externalLinks,
        ...(env.GITHUB_REPOSITORY ? { repository: env.GITHUB_REPOSITORY } : {}),
      },
      {
        fs,
        ...(git ? { git, listFiles: gitAwareLister(root, git) } : {}),
        runner: nodeCommandRunner(root),
        fetch: globalThis.fetch,
        clock,
        logger,
      },
    );
    if (fixed.length > 0) {
      logger.warning(`fix is on: rewrote ${fixed.map((f) => f.file).join(", ")}; commit them or they are lost`);
    }
    parts.push(checks.docsChangedOnly && changedFiles ? onlyChangedFiles(report, changedFiles) : report);
  }

  if (checks.changelog) {
    if (!repoGit || shallow) {
      throw new InputError("mode changelog compares CHANGELOG.md with the release tags and commits", {
        hint: FULL_HISTORY_HINT,
      });
    }
    // The same changelog settings as `upkeep changelog check`: the targets (tagPrefix, packages) and checkSince.
    const report = await checkChangelogs(
      targets,
      { git: repoGit, fs: repoFs },
      { notes, now, ...(config.changelog.checkSince ? { checkSince: config.changelog.checkSince } : {}) },
    );
    // Changelog paths are relative to the repository root; the other parts' to the checked folder.
    report.findings = report.findings.map((f) =>
      f.file === undefined ? f : { ...f, file: workspacePath(root, resolve(repoRoot, f.file)) },
    );
    parts.push(report);
  }

  let releases: NextReleaseInfo[] = [];
  if (previews) {
    releases = previewReleases(previews);
  } else if (repoGit && !shallow) {
    releases = (await nextReleases(repoGit, targets, { notes, preMajor: config.changelog.preMajor, date })).map(
      nextReleaseInfo,
    );
  } else if (repoGit) {
    logger.info(`next-version, release-type and notes are empty: the checkout is shallow; ${FULL_HISTORY_HINT}`);
  }

  const report = combineReports<DriftCheckData & PullRequestGateData>("drift-check", parts, now);
  const shown = withPathPrefix(report, prefix);
  const summary = summarize(report);
  const runUrl = actionRunUrl(env);
  const releaseSection = previews ? renderReleasePreviews(previews) : nextReleaseMarkdown(releases);

  for (const a of toAnnotations(shown)) annotate(a);
  const summaryText = renderMarkdownSummary(shown, runUrl ? { detailsUrl: runUrl } : {});
  await core.summary
    .addRaw(releaseSection ? `${summaryText.trimEnd()}\n\n${releaseSection}` : summaryText, true)
    .write();

  const { sarifFile, jsonFile } = await writeReportFiles(
    workspace,
    inputs,
    {
      sarif: () => renderSarif(shown, { fallbackFile: prefix ? `${prefix}/${inputs.config}` : inputs.config }),
      json: () => renderJson(shown),
    },
    logger,
  );

  const single = releases.length === 1 ? releases[0] : undefined;
  const pr = report.data.pr;
  const fixed = report.data.fixed ?? [];
  core.setOutput("passed", String(summary.passed));
  core.setOutput("findings", String(summary.total));
  core.setOutput("errors", String(summary.byLevel.error));
  core.setOutput("warnings", String(summary.byLevel.warning));
  core.setOutput("entry", pr?.outcome ?? "");
  core.setOutput("changed-files", changedFiles ? String(changedFiles.size) : "");
  core.setOutput("docs", report.data.docs === undefined ? "" : String(report.data.docs));
  core.setOutput("fixed", String(fixed.length));
  core.setOutput("next-version", single?.version ?? "");
  core.setOutput("release-type", single?.releaseType ?? "");
  core.setOutput("previous-tag", single?.previous ?? "");
  core.setOutput("notes", single?.notes ?? "");
  core.setOutput("releases", JSON.stringify(releases));
  core.setOutput("sarif-file", sarifFile);
  core.setOutput("json-file", jsonFile);

  await postActionComment(
    { mode: inputs.comment, event, client: github, owner, repo, key: COMMENT_KEY, logger },
    () => {
      const body = renderPrComment(shown, {
        maxChars: DEFAULT_COMMENT_MAX_CHARS - releaseSection.length - 2,
        ...(runUrl ? { detailsUrl: runUrl } : {}),
      });
      return releaseSection ? `${body.trimEnd()}\n\n${releaseSection}` : body;
    },
  );

  logger.info(
    `${summary.passed ? "passed" : "failed"}: ${summary.byLevel.error} errors, ${summary.byLevel.warning} warnings${single?.version ? `; next release ${single.version} (${single.releaseType})` : ""}`,
  );
  return summary.passed || "failed (see the findings above and the job summary)";
}

/**
 * The action: reads the inputs, runs the pull-request gate, the docs drift detectors and/or the changelog
 * check (by `mode` and event), and reports through the job summary, annotations, SARIF/JSON files, step
 * outputs (including the next version and its notes) and the sticky PR comment. Never throws: an input or
 * configuration problem or a failed check ends in core.setFailed.
 */
export function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return runAction("drift-check", { readInputs, check }, env);
}
