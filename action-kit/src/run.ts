/**
 * The workflow run an action step is part of, as the action shells need it: the one way every action runs
 * (runAction: mask, read the inputs, check, fail the step), the workspace and the checked folder, the
 * repository, the link to the run, and the API client made on first use. The helpers read only the `env`
 * they are given (the runner's variables).
 */
import { resolve } from "node:path";
import * as core from "@actions/core";
import { InputError } from "@upkeep/shared/errors.js";
import { createGitHubClient, type GitHubClient } from "@upkeep/shared/github/client.js";
import type { Logger } from "@upkeep/shared/logger.js";
import { failAction } from "./failure.js";
import { workspacePath } from "./files.js";
import type { InputReader } from "./inputs.js";
import { coreLogger, maskSecret } from "./logger.js";

/** What an action does once its inputs are read: `true` when the step passes, otherwise why it fails. */
export type ActionCheck<I> = (inputs: I, logger: Logger, env: NodeJS.ProcessEnv) => Promise<true | string>;

/** One action for runAction: how to read its inputs and what to check. */
export interface ActionDefinition<I> {
  /** Parses every input; throws InputError for one it cannot read. */
  readInputs: (read: InputReader) => I;
  check: ActionCheck<I>;
  /** Secret values inside inputs other than `token` (e.g. private registry tokens), masked before any input is parsed. */
  secrets?: (read: InputReader) => Iterable<string>;
  /** Runs with an error before the step fails on it (e.g. a job summary saying what went wrong). Should not throw. */
  onError?: (err: unknown, secrets: readonly string[], logger: Logger) => Promise<void>;
}

/**
 * Runs an action the way every Upkeep action runs: masks the `token` input (and `action.secrets`) before
 * anything parses an input, reads the inputs, runs the check, and fails the step with `<name>: <reason>`
 * when the check says why it fails. Never throws: an error (bad input, bad config, an unreachable service)
 * goes to `action.onError`, then failAction (annotations where it points into a file, then setFailed),
 * with every masked value redacted from the log and the message.
 */
export async function runAction<I>(
  name: string,
  action: ActionDefinition<I>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const secrets: string[] = [];
  const logger = coreLogger(() => secrets);
  const read: InputReader = (input) => core.getInput(input);
  try {
    // Masked before parsing, so not even an error about a malformed input can print a secret.
    for (const s of action.secrets?.(read) ?? []) maskSecret(s, secrets);
    maskSecret(read("token").trim(), secrets);
    const outcome = await action.check(action.readInputs(read), logger, env);
    if (outcome !== true) core.setFailed(`${name}: ${outcome}`);
  } catch (err) {
    if (action.onError) await action.onError(err, secrets, logger);
    failAction(name, err, env, secrets, logger);
  }
}

/** Where a step runs: the workspace (absolute), the checked folder (absolute) and that folder relative to the workspace. */
export interface ActionFolders {
  workspace: string;
  root: string;
  /** `root` relative to `workspace` with `/`; `""` when they are the same folder. */
  prefix: string;
}

/**
 * The workspace (`GITHUB_WORKSPACE`, default the current folder) and `workingDirectory` inside it. Throws
 * InputError when `workingDirectory` leads outside the workspace.
 */
export function actionFolders(env: NodeJS.ProcessEnv, workingDirectory: string): ActionFolders {
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
  const root = resolve(workspace, workingDirectory);
  const prefix = workspacePath(workspace, root);
  if (prefix.startsWith("..")) {
    throw new InputError(`working-directory ${workingDirectory} is outside the workspace`, {
      hint: "give a folder inside the repository checkout",
    });
  }
  return { workspace, root, prefix };
}

/** Owner and name from `GITHUB_REPOSITORY`; `""` for each part that is unset. Never throws. */
export function actionRepository(env: NodeJS.ProcessEnv): { owner: string; repo: string } {
  const [owner = "", repo = ""] = (env.GITHUB_REPOSITORY ?? "").split("/");
  return { owner, repo };
}

/** The link to the workflow run (for "details" links in summaries and comments); undefined when a variable is missing. */
export function actionRunUrl(env: NodeJS.ProcessEnv): string | undefined {
  return env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
    ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
    : undefined;
}

/**
 * A getter for the API client of `token`, made on the first call (against `GITHUB_API_URL` when set) and
 * reused after; it returns undefined when `token` is undefined or empty, so runs without a token make no
 * client at all. Never throws.
 */
export function lazyGitHubClient(
  token: string | undefined,
  logger: Logger,
  env: NodeJS.ProcessEnv,
): () => GitHubClient | undefined {
  let client: GitHubClient | undefined;
  return () => {
    if (!token) return undefined;
    client ??= createGitHubClient({ token, logger, ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}) });
    return client;
  };
}
