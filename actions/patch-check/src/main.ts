import { resolve } from "node:path";
import * as core from "@actions/core";
import { context } from "@actions/github";
import { clockFromEnv, registryTokensFromEnv } from "../../../shared/src/cli/environment.js";
import { ConfigError, describeError, InputError, UpkeepError } from "../../../shared/src/errors.js";
import { loadActionConfig } from "../../../shared/src/github/action-config.js";
import {
  configErrorAnnotations,
  inputErrorAnnotation,
  withPathPrefix,
  workspacePath,
  writeReportFile,
} from "../../../shared/src/github/action-files.js";
import { createGitHubClient, type GitHubClient } from "../../../shared/src/github/client.js";
import { upsertStickyComment } from "../../../shared/src/github/sticky-comment.js";
import { nodeFileSystem } from "../../../shared/src/io/node-fs.js";
import { nodeGit } from "../../../shared/src/io/node-git.js";
import { type Logger, redact, redactingLogger } from "../../../shared/src/logger.js";
import { type PatchCheckData, runPatchCheck } from "../../../shared/src/patch/check.js";
import { resolvePatchCheck } from "../../../shared/src/patch/setup.js";
import type { GitPort } from "../../../shared/src/ports.js";
import { toAnnotations, type WorkflowAnnotation } from "../../../shared/src/report/annotations.js";
import { renderJson } from "../../../shared/src/report/json.js";
import { renderMarkdownSummary } from "../../../shared/src/report/markdown.js";
import { summarize } from "../../../shared/src/report/model.js";
import { renderPrComment } from "../../../shared/src/report/pr-comment.js";
import { renderSarif } from "../../../shared/src/report/sarif.js";
import { eventInfo, type PatchCheckInputs, prBase, readInputs, registryTokenSecrets, shouldComment } from "./inputs.js";

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

function coreLogger(secrets: () => Iterable<string>): Logger {
  return redactingLogger(
    {
      debug: (m) => core.debug(m),
      info: (m) => core.info(m),
      warning: (m) => core.warning(m),
      error: (m) => core.error(m),
    },
    secrets,
  );
}

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

async function check(inputs: PatchCheckInputs, logger: Logger, env: NodeJS.ProcessEnv): Promise<boolean> {
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
  const root = resolve(workspace, inputs.workingDirectory);
  const prefix = workspacePath(workspace, root);
  if (prefix.startsWith("..")) {
    throw new InputError(`working-directory ${inputs.workingDirectory} is outside the workspace`, {
      hint: "give a folder inside the repository checkout",
    });
  }
  const fs = nodeFileSystem(root);
  const git = nodeGit(root);
  const event = eventInfo(context.eventName, context.payload);
  const [owner = "", repo = ""] = (env.GITHUB_REPOSITORY ?? "").split("/");

  let client: GitHubClient | undefined;
  const github = (): GitHubClient | undefined => {
    if (!inputs.token) return undefined;
    client ??= createGitHubClient({
      token: inputs.token,
      logger,
      ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}),
    });
    return client;
  };

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
    { ...inputs.overrides, ...(base ? { base } : {}) },
    {
      fetch: globalThis.fetch,
      fs,
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
  const data = report.data as unknown as PatchCheckData;
  const runUrl =
    env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;

  for (const a of toAnnotations(shown)) annotate(a);
  await core.summary.addRaw(renderMarkdownSummary(shown, runUrl ? { detailsUrl: runUrl } : {}), true).write();

  let sarifFile = "";
  if (inputs.sarifFile) {
    const fallbackFile = prefix ? `${prefix}/${configPath}` : configPath;
    sarifFile = await writeReportFile(workspace, inputs.sarifFile, renderSarif(shown, { fallbackFile }));
    logger.info(`wrote SARIF to ${sarifFile}`);
  }
  let jsonFile = "";
  if (inputs.jsonFile) {
    jsonFile = await writeReportFile(workspace, inputs.jsonFile, renderJson(report));
    logger.info(`wrote the JSON report to ${jsonFile}`);
  }

  core.setOutput("passed", String(summary.passed));
  core.setOutput("findings", String(summary.total));
  for (const key of OUTPUT_COUNTS) core.setOutput(key, String(data.counts[key]));
  core.setOutput("sarif-file", sarifFile);
  core.setOutput("json-file", jsonFile);

  if (inputs.comment === "true" && !event.pullRequest) {
    logger.warning(`comment is true but the ${event.name} event has no pull request to comment on`);
  }
  if (shouldComment(inputs.comment, event) && event.pullRequest) {
    const c = github();
    if (!c) {
      logger.warning("no PR comment: the token input is empty");
    } else {
      const outcome = await upsertStickyComment(
        c,
        { owner, repo, issueNumber: event.pullRequest.number, key: COMMENT_KEY },
        renderPrComment(shown, runUrl ? { detailsUrl: runUrl } : {}),
        { tolerateForbidden: true, logger },
      );
      if (outcome.action === "forbidden") {
        logger.warning(
          `could not comment on pull request #${event.pullRequest.number}: the token may not write to it (${outcome.reason}). ` +
            "This is expected on pull requests from forks; the job summary and annotations hold the results.",
        );
      } else {
        logger.info(`PR comment ${outcome.action}: ${outcome.url}`);
      }
    }
  }

  logger.info(
    `${summary.passed ? "passed" : "failed"}: ${data.counts.vulnerabilities} vulnerabilities (${data.counts.overdue} overdue), ${summary.byLevel.error} errors, ${summary.byLevel.warning} warnings`,
  );
  return summary.passed;
}

/**
 * The action: reads the inputs, runs patch-check on the workspace and reports through the job summary,
 * annotations, SARIF/JSON files, step outputs and the sticky PR comment. Never throws: an input or
 * configuration problem, an unreachable advisory source or a failed policy ends in core.setFailed.
 */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const secrets: string[] = [];
  const logger = coreLogger(() => secrets);
  try {
    // Masked before parsing, so not even an error about a malformed pair can print a token.
    for (const s of registryTokenSecrets(core.getInput("registry-tokens"))) {
      core.setSecret(s);
      secrets.push(s);
    }
    const token = core.getInput("token").trim();
    if (token) {
      core.setSecret(token);
      secrets.push(token);
    }
    const inputs = readInputs((name) => core.getInput(name));
    const passed = await check(inputs, logger, env);
    if (!passed) core.setFailed("patch-check: the patch policy failed (see the findings above and the job summary)");
  } catch (err) {
    const { workspace, root } = workspaceRoot(env);
    if (err instanceof ConfigError) for (const a of configErrorAnnotations(err, workspace, root)) annotate(a);
    // A lockfile that cannot be read gets its annotation on the line where reading stopped.
    const at =
      err instanceof InputError
        ? inputErrorAnnotation(err, workspace, root, "patch-check cannot read this file")
        : undefined;
    if (at) annotate(at);
    if (!(err instanceof UpkeepError) && err instanceof Error && err.stack) logger.debug(err.stack);
    core.setFailed(`patch-check: ${redact(describeError(err), secrets)}`);
  }
}

function workspaceRoot(env: NodeJS.ProcessEnv): { workspace: string; root: string } {
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
  return { workspace, root: resolve(workspace, core.getInput("working-directory").trim()) };
}

function annotate(a: WorkflowAnnotation): void {
  const props = {
    title: a.title,
    ...(a.file ? { file: a.file } : {}),
    ...(a.startLine ? { startLine: a.startLine } : {}),
    ...(a.endLine ? { endLine: a.endLine } : {}),
    ...(a.startColumn ? { startColumn: a.startColumn } : {}),
  };
  if (a.level === "error") core.error(a.message, props);
  else if (a.level === "warning") core.warning(a.message, props);
  else core.notice(a.message, props);
}
