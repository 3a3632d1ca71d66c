import { existsSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import * as core from "@actions/core";
import { context } from "@actions/github";
import { annotate } from "@upkeep/action-kit/annotate.js";
import { postActionComment } from "@upkeep/action-kit/comment.js";
import { loadActionConfig } from "@upkeep/action-kit/config.js";
import { withPathPrefix, workspacePath, writeReportFiles } from "@upkeep/action-kit/files.js";
import { actionFolders, actionRepository, actionRunUrl, lazyGitHubClient, runAction } from "@upkeep/action-kit/run.js";
import { clockFromEnv, registryTokensFromEnv } from "@upkeep/shared/environment.js";
import { describeError, ExternalServiceError, InputError } from "@upkeep/shared/errors.js";
import { nodeFileSystem } from "@upkeep/shared/io/node-fs.js";
import { nodeGit } from "@upkeep/shared/io/node-git.js";
import { type Logger, redact } from "@upkeep/shared/logger.js";
import { runPatchCheck } from "@upkeep/shared/patch/check/index.js";
import { resolvePatchCheck } from "@upkeep/shared/patch/setup.js";
import { placeScan } from "@upkeep/shared/patch/user-paths.js";
import type { GitPort } from "@upkeep/shared/ports.js";
import { toAnnotations } from "@upkeep/shared/report/annotations.js";
import { renderJson } from "@upkeep/shared/report/json.js";
import { renderMarkdownSummary } from "@upkeep/shared/report/markdown.js";
import { sourceLinkFromEnv } from "@upkeep/shared/report/markdown-document.js";
import { escapeMarkdownKeepingCode } from "@upkeep/shared/report/markdown-escape.js";
import { summarize } from "@upkeep/shared/report/model.js";
import { renderPrComment } from "@upkeep/shared/report/pr-comment.js";
import { renderSarif } from "@upkeep/shared/report/sarif.js";
import { eventInfo, type PatchCheckInputs, prBase, readInputs, registryTokenSecrets } from "./inputs.js";

/** Key of the hidden marker that makes the PR comment sticky. */
export const COMMENT_KEY = "patch-check";

const OUTPUT_COUNTS = [
  "critical",
  "high",
  "medium",
  "low",
  "unknown",
  "overdue",
  "vulnerabilities",
  "outdated",
] as const;

// actions/checkout fetches one commit by default; the base of a pull request is then missing, and
// fetching that one commit is cheaper than asking every user for fetch-depth 0.
async function ensureCommit(git: GitPort, ref: string, logger: Logger): Promise<void> {
  try {
    await git.revParse(ref);
    return;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
  }
  logger.info(`base ${ref} is not in the checkout; fetching it from origin`);
  try {
    await git.run(["fetch", "--no-tags", "--depth=1", "origin", ref]);
  } catch (err) {
    logger.debug(`fetching ${ref} failed: ${describeError(err)}`);
  }
  await git.revParse(ref).catch((err: unknown) => {
    throw new InputError(`PR mode: the base commit ${ref} is not in the checkout and could not be fetched`, {
      hint: "use actions/checkout with `fetch-depth: 0`, set base-ref to a ref that exists, or set pr-mode: false",
      cause: err,
    });
  });
}

async function check(inputs: PatchCheckInputs, logger: Logger, env: NodeJS.ProcessEnv): Promise<true | string> {
  const { workspace, root } = actionFolders(env, inputs.workingDirectory);
  // As in the CLI: one folder in `paths` outside working-directory is the project scanned, and an `osv-dir`
  // outside it (`../osv`, an absolute path, `~/osv/all.zip`) is read where it is.
  const place = placeScan(
    root,
    inputs.overrides,
    (abs) => existsSync(abs) && statSync(abs).isDirectory(),
    "give one folder outside working-directory (it becomes the project scanned), or set working-directory to it",
  );
  const scanned = place.root;
  const prefix = workspacePath(workspace, scanned);
  // Findings outside the checkout cannot link to the repository's files on GitHub.
  const inWorkspace = !prefix.startsWith("..") && !isAbsolute(prefix);
  const fs = nodeFileSystem(scanned);
  const git = nodeGit(scanned);
  const event = eventInfo(context.eventName, context.payload);
  const { owner, repo } = actionRepository(env);
  const github = lazyGitHubClient(inputs.token, logger, env);

  const configPath = inputs.config;
  const loaded = await loadActionConfig({
    root,
    path: configPath,
    client: github,
    ...(env.GITHUB_REPOSITORY ? { repository: env.GITHUB_REPOSITORY } : {}),
    logger,
  });

  const base = prBase(inputs.prMode, inputs.baseRef, event);
  if (base) await ensureCommit(git, base, logger);
  const engineOptions = resolvePatchCheck(
    loaded.config.patch,
    { ...place.overrides, ...(base ? { base } : {}) },
    {
      fetch: globalThis.fetch,
      fs,
      ...(place.osvRoot ? { osvFs: nodeFileSystem(place.osvRoot) } : {}),
      logger,
      registryTokens: { ...registryTokensFromEnv(env), ...inputs.registryTokens },
      ...(inputs.token
        ? {
            githubClient: () => github()!,
          }
        : {}),
    },
  );
  logger.info(`scanning ${prefix || "the workspace"}${base ? ` (PR mode, base ${base})` : ""}`);
  const report = await runPatchCheck(engineOptions, { fs, git, clock: clockFromEnv(env), logger });
  const shown = withPathPrefix(report, prefix);
  const summary = summarize(report);
  const { data } = report;
  const runUrl = actionRunUrl(env);
  const source = inWorkspace ? sourceLinkFromEnv(env) : undefined;
  const linkOptions = { ...(runUrl ? { detailsUrl: runUrl } : {}), ...(source ? { source } : {}) };

  for (const a of toAnnotations(shown)) annotate(a);
  await core.summary.addRaw(renderMarkdownSummary(shown, linkOptions), true).write();

  const { sarifFile, jsonFile } = await writeReportFiles(
    workspace,
    inputs,
    {
      sarif: () => renderSarif(shown, { fallbackFile: workspacePath(workspace, resolve(root, configPath)) }),
      json: () => renderJson(report),
    },
    logger,
  );

  core.setOutput("passed", String(summary.passed));
  core.setOutput("findings", String(summary.total));
  for (const key of OUTPUT_COUNTS) core.setOutput(key, String(data.counts[key]));
  core.setOutput("sarif-file", sarifFile);
  core.setOutput("json-file", jsonFile);

  await postActionComment({ mode: inputs.comment, event, client: github, owner, repo, key: COMMENT_KEY, logger }, () =>
    renderPrComment(shown, linkOptions),
  );

  // The same numbers as the step outputs, the summary's counts table, the JSON and the SARIF.
  logger.info(
    `${summary.passed ? "passed" : "failed"}: ${summary.total} findings (${summary.byLevel.error} errors, ${summary.byLevel.warning} warnings, ${summary.byLevel.note} notes); ${data.counts.vulnerabilities} vulnerabilities (${data.counts.critical} critical, ${data.counts.high} high, ${data.counts.medium} medium, ${data.counts.low} low, ${data.counts.unknown} unknown; ${data.counts.overdue} overdue), ${data.counts.outdated} outdated`,
  );
  return summary.passed || "the patch policy failed (see the findings above and the job summary)";
}

async function writeSourceFailureSummary(
  err: ExternalServiceError,
  secrets: readonly string[],
  logger: Logger,
): Promise<void> {
  const what = redact(describeError(err), secrets);
  const text = [
    "## ❌ Upkeep patch-check: could not check the dependencies",
    "",
    `The advisory source **${escapeMarkdownKeepingCode(err.service)}** could not be reached, so no vulnerabilities were checked and the step failed rather than pass without knowing.`,
    "",
    `> ${escapeMarkdownKeepingCode(what)}`,
    "",
    "Re-run the job when the service is back; if it keeps failing, check `osv-url` (or the source's URL in `.github/upkeep.yml`) and the runner's network.",
    "",
  ].join("\n");
  try {
    await core.summary.addRaw(text, true).write();
  } catch (summaryErr) {
    logger.debug(`could not write the job summary: ${describeError(summaryErr)}`);
  }
}

/**
 * The action: reads the inputs, runs patch-check on the workspace and reports through the job summary,
 * annotations, SARIF/JSON files, step outputs and the sticky PR comment. Never throws: an input or
 * configuration problem, an unreachable advisory source or a failed policy ends in core.setFailed.
 */
export function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return runAction(
    "patch-check",
    {
      readInputs,
      check,
      // Masked before parsing, so not even an error about a malformed pair can print a token.
      secrets: (read) => registryTokenSecrets(read("registry-tokens")),
      // An advisory source that could not be reached leaves no findings to show: the job summary says what
      // went wrong, so a reader of the summary does not take the missing table for a clean run. (A lockfile
      // that cannot be read gets its annotation on the line where reading stopped, from failAction.)
      onError: async (err, secrets, logger) => {
        if (err instanceof ExternalServiceError) await writeSourceFailureSummary(err, secrets, logger);
      },
    },
    env,
  );
}
