/** The {@link ChangedFilesPort} over the Pulls API: the files of a pull request, without a checkout. */
import type { Logger } from "../logger.js";
import type { ChangedFilesPort, PullRequestChanges, PullRequestRef } from "../ports.js";
import type { GitHubClient } from "./client.js";

/** Where the pull request lives, and which folder of the repository the paths are relative to. */
export interface PullFilesOptions {
  owner: string;
  repo: string;
  /** The checked folder relative to the repository root (`""` for the root); files outside it are left out. */
  prefix: string;
  logger: Logger;
}

/**
 * Changed files from GET /repos/{owner}/{repo}/pulls/{number}/files (every page; a renamed file counts
 * under its old and its new name), relative to `prefix`. It lists no commits (`commits` is undefined).
 * Throws what the client throws (a GitHubError naming the status).
 */
export function pullsApiChangedFiles(client: GitHubClient, options: PullFilesOptions): ChangedFilesPort {
  return {
    async changes(pr: PullRequestRef): Promise<PullRequestChanges> {
      const listed = (await client.paginate(client.rest.pulls.listFiles, {
        owner: options.owner,
        repo: options.repo,
        pull_number: pr.number,
        per_page: 100,
      })) as { filename: string; previous_filename?: string }[];
      const inside = options.prefix ? `${options.prefix}/` : "";
      const files = new Set<string>();
      for (const f of listed) {
        for (const name of [f.filename, f.previous_filename]) {
          if (name?.startsWith(inside)) files.add(name.slice(inside.length));
        }
      }
      options.logger.info(`changed files: ${files.size} from the pull request's file list (the checkout is shallow)`);
      return { files: [...files].sort(), commits: undefined, source: "api" };
    },
  };
}
