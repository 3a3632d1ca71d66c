/**
 * The workflow run an action step is part of, as the action shells need it: the workspace and the checked
 * folder, the repository, the link to the run, and the API client made on first use. Reads only the `env`
 * it is given (the runner's variables); no @actions import.
 */
import { resolve } from "node:path";
import { InputError } from "@upkeep/shared/errors.js";
import { createGitHubClient, type GitHubClient } from "@upkeep/shared/github/client.js";
import type { Logger } from "@upkeep/shared/logger.js";
import { workspacePath } from "./files.js";

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
