/** The {@link ChangedFilesPort} over git: `base...head` of a checkout that has the history. */
import { describeError, InputError } from "../errors.js";
import { type Logger, silentLogger } from "../logger.js";
import type { ChangedFilesPort, GitPort, PullRequestChanges, PullRequestRef } from "../ports.js";
import { commitsBetween } from "./git-commit-log.js";

/** Options of {@link gitChangedFiles}. */
export interface GitChangedFilesOptions {
  /**
   * `folder` (default): paths relative to the checked folder and only the commits touching it (`git diff
   * --relative`, `git log -- .`), as the action reads a `working-directory`; `repository`: paths relative to
   * the repository root and every commit, as `upkeep drift-check pr` reads them.
   */
  scope?: "folder" | "repository";
  /** Where the counts go (info) and a failed fetch (debug); default silent. */
  logger?: Logger;
}

async function hasCommit(git: GitPort, ref: string): Promise<boolean> {
  try {
    await git.revParse(ref);
    return true;
  } catch {
    return false;
  }
}

/**
 * Changed files and commits from git. A base that is not in the checkout is fetched from `origin` first
 * (actions/checkout fetches one commit by default; fetching the base is cheaper than the full history); a
 * head that is not in it is replaced by `HEAD` (the merge commit). Throws InputError when the pull request
 * has no base, and what git throws when it cannot compare them.
 */
export function gitChangedFiles(git: GitPort, options: GitChangedFilesOptions = {}): ChangedFilesPort {
  const logger = options.logger ?? silentLogger;
  const folder = (options.scope ?? "folder") === "folder";
  return {
    async changes(pr: PullRequestRef): Promise<PullRequestChanges> {
      const base = pr.base;
      if (!base) throw new InputError("the event has no base sha");
      if (!(await hasCommit(git, base))) {
        logger.info(`base ${base} is not in the checkout; fetching it from origin`);
        await git.run(["fetch", "--no-tags", "origin", base]).catch((err: unknown) => {
          logger.debug(`fetching ${base} failed: ${describeError(err)}`);
        });
      }
      const head = pr.head && (await hasCommit(git, pr.head)) ? pr.head : "HEAD";
      const diff = await git.run(["diff", "--name-only", ...(folder ? ["--relative"] : []), "-z", `${base}...${head}`]);
      const files = diff.split("\0").filter(Boolean).sort();
      const commits = await commitsBetween(git, base, head, folder ? ["."] : []);
      logger.info(`changed files: ${files.length} between ${base.slice(0, 7)} and ${head.slice(0, 7)} (git)`);
      return { files, commits, source: "git" };
    },
  };
}
