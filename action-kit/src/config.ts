/**
 * How an action shell loads `.github/upkeep.yml`: from the checkout, with `_extends` bases of other
 * repositories read through the token. No @actions import; the shells pass their logger and client.
 */
import { fileSystemConfigSource } from "@upkeep/shared/config/fs-source.js";
import { gitHubConfigSource } from "@upkeep/shared/config/github-source.js";
import { DEFAULT_CONFIG_PATH, loadConfig } from "@upkeep/shared/config/load.js";
import type { ConfigSource, LoadedConfig } from "@upkeep/shared/config/types.js";
import { InputError } from "@upkeep/shared/errors.js";
import type { GitHubClient } from "@upkeep/shared/github/client.js";
import { nodeFileSystem } from "@upkeep/shared/io/node-fs.js";
import type { Logger } from "@upkeep/shared/logger.js";

function actionConfigSource(root: string, client: () => GitHubClient | undefined, logger: Logger): ConfigSource {
  const local = fileSystemConfigSource(nodeFileSystem(root));
  return {
    async read(repo, path) {
      if (repo === undefined) return local.read(undefined, path);
      const c = client();
      if (!c) {
        logger.warning(`_extends base ${repo}:${path} not read: the token input is empty`);
        return { text: "", file: `${repo}:${path}` };
      }
      return gitHubConfigSource(c, { repo }).read(repo, path);
    },
  };
}

/**
 * Loads the configuration at `path` (relative to `root`) and logs which files were read. A missing file at
 * the default path means zero config; at any other path it throws InputError (a typo in the `config` input
 * must not silently apply the defaults). Without a client, `_extends` bases of other repositories are
 * skipped with a warning. Throws ConfigError for an invalid file (every problem with file, line, column).
 */
export async function loadActionConfig(options: {
  root: string;
  path: string;
  client: () => GitHubClient | undefined;
  /** `owner/name` of the current repository (GITHUB_REPOSITORY). */
  repository?: string;
  logger: Logger;
}): Promise<LoadedConfig> {
  const { root, path, logger } = options;
  if (path !== DEFAULT_CONFIG_PATH && !(await nodeFileSystem(root).exists(path))) {
    throw new InputError(`config file ${path} does not exist`, {
      hint: "check the config input, or leave it out to use .github/upkeep.yml (no file means the defaults)",
    });
  }
  const loaded = await loadConfig({
    source: actionConfigSource(root, options.client, logger),
    path,
    ...(options.repository ? { repo: options.repository } : {}),
  });
  logger.info(
    loaded.files.length
      ? `config: ${loaded.files.join(" <- ")}`
      : `config: no ${path}, using the defaults (docs/config.md)`,
  );
  return loaded;
}
