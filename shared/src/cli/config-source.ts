import { basename, dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { fileSystemConfigSource } from "../config/fs-source.js";
import type { ConfigSource } from "../config/types.js";
import { nodeFileSystem } from "../io/node-fs.js";
import type { Logger } from "../logger.js";

/** How the CLI names a file in messages: relative to the cwd when inside it, else absolute. */
export function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return rel && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel) ? rel.split(sep).join("/") : abs;
}

/**
 * The CLI's ConfigSource: files of the current repository from disk (paths relative to `cwd`, or
 * absolute), other repositories' files (`_extends`) through the GitHub API when GITHUB_TOKEN or
 * GH_TOKEN is set (GITHUB_API_URL for GHES). Without a token a remote base cannot be read: it is
 * skipped with a warning (treated as empty) rather than failing a local run.
 */
export function cliConfigSource(options: { cwd: string; env: NodeJS.ProcessEnv; logger: Logger }): ConfigSource {
  const { cwd, env, logger } = options;
  let remote: ConfigSource | undefined;
  return {
    async read(repo, path) {
      if (repo === undefined) {
        const abs = resolve(cwd, path);
        const local = fileSystemConfigSource(nodeFileSystem(dirname(abs)), {
          displayName: () => displayPath(cwd, abs),
        });
        return local.read(undefined, basename(abs));
      }
      const token = env.GITHUB_TOKEN || env.GH_TOKEN;
      if (!token) {
        logger.warning(`_extends base ${repo}:${path} not read: set GITHUB_TOKEN to include other repositories' files`);
        return { text: "", file: `${repo}:${path}` };
      }
      if (!remote) {
        // Loaded on demand: most runs never leave the working tree, and Octokit is slow to import.
        const { createGitHubClient } = await import("../github/client.js");
        const { gitHubConfigSource } = await import("../config/github-source.js");
        const client = createGitHubClient({
          token,
          logger,
          ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}),
        });
        remote = gitHubConfigSource(client, { repo });
      }
      return remote.read(repo, path);
    },
  };
}
