import { existsSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { clockFromEnv, registryTokensFromEnv } from "../../environment.js";
import { createGitHubClient } from "../../github/client.js";
import { nodeFileSystem } from "../../io/node-fs.js";
import { nodeGit } from "../../io/node-git.js";
import { runPatchCheck } from "../../patch/check/index.js";
import {
  type PatchOverrides,
  parseDeadlines,
  parseRegistryPairs,
  parseSources,
  resolvePatchCheck,
} from "../../patch/setup.js";
import { placeScan } from "../../patch/user-paths.js";
import { sourceLinkFromEnv } from "../../report/markdown-document.js";
import { summarize } from "../../report/model.js";
import { renderReport } from "../../report/render.js";
import { type CommandRun, EXIT_PASS, EXIT_VIOLATION, resolveFromCwd } from "../command.js";

/**
 * `upkeep patch-check [paths...]`: scans lockfiles for known vulnerabilities, applies the patch policy
 * from `.github/upkeep.yml` (flags override it), checks runtime end of life and, with `--outdated`,
 * newer releases. Exit 0 when the policy passes, 1 on a violation, 2 when input cannot be read.
 */
export const patchCheckRun: CommandRun = {
  async run(ctx, args, options) {
    const config = (await ctx.loadConfig()).config.patch;
    const paths = (Array.isArray(args[0]) ? (args[0] as string[]) : []).map((p) => p);
    const overrides: PatchOverrides = {
      ...(paths.length ? { paths } : {}),
      ...(options.source ? { sources: parseSources((options.source as string[]).join(",")) } : {}),
      ...(typeof options.osvUrl === "string" ? { osvUrl: options.osvUrl } : {}),
      ...(typeof options.osvDir === "string" ? { osvDir: options.osvDir } : {}),
      ...(typeof options.failOn === "string" ? { failOn: options.failOn as PatchOverrides["failOn"] } : {}),
      ...(typeof options.deadline === "string" ? { deadlines: parseDeadlines(options.deadline) } : {}),
      ...(options.exclude ? { exclude: options.exclude as string[] } : {}),
      ...(typeof options.base === "string" ? { base: options.base } : {}),
      ...(options.outdated ? { outdated: true } : {}),
      ...(typeof options.cooldown === "string" ? { cooldownDays: Number(options.cooldown) } : {}),
      ...(typeof options.registry === "string" ? { registries: parseRegistryPairs(options.registry, "registry") } : {}),
      ...(options.offline ? { offline: true } : {}),
      ...(options.eol === false ? { eol: false } : {}),
    };
    // Paths the user gives are the user's: a folder outside the current directory is scanned as the project
    // root, and an OSV database outside the project is read where it is.
    const place = placeScan(
      ctx.cwd,
      overrides,
      (abs) => existsSync(abs) && statSync(abs).isDirectory(),
      "give one folder outside the current directory (it becomes the project scanned), or run with -C <dir>",
    );
    const root = place.root;
    const osvFs = place.osvRoot ? nodeFileSystem(place.osvRoot) : undefined;
    const fs = nodeFileSystem(root);
    const token = ctx.env.GITHUB_TOKEN || ctx.env.GH_TOKEN;
    const engineOptions = resolvePatchCheck(config, place.overrides, {
      fetch: globalThis.fetch,
      fs,
      ...(osvFs ? { osvFs } : {}),
      logger: ctx.logger,
      registryTokens: registryTokensFromEnv(ctx.env),
      ...(token
        ? {
            githubClient: () =>
              createGitHubClient({
                token,
                logger: ctx.logger,
                ...(ctx.env.GITHUB_API_URL ? { baseUrl: ctx.env.GITHUB_API_URL } : {}),
              }),
          }
        : {}),
    });
    const report = await runPatchCheck(engineOptions, {
      fs,
      git: nodeGit(root),
      clock: clockFromEnv(ctx.env),
      logger: ctx.logger,
    });
    // In a workflow step (`--format markdown >> $GITHUB_STEP_SUMMARY`) locations link to the commit, as
    // in the action; only when the scanned root is the repository's top, so the paths are the repository's.
    const source = ctx.format === "markdown" ? sourceLinkFromEnv(ctx.env) : undefined;
    // `.git` (a folder, or a file in a worktree) marks the top of a repository.
    const atTop = source !== undefined && existsSync(join(root, ".git"));
    const text = renderReport(report, ctx.format, {
      color: ctx.color && typeof options.output !== "string",
      ...(source && atTop ? { source } : {}),
    });
    if (typeof options.output === "string") {
      await writeFile(resolveFromCwd(ctx, options.output), text.endsWith("\n") ? text : `${text}\n`, "utf8");
      ctx.stderr(`wrote ${options.output}`);
    } else {
      ctx.stdout(text);
    }
    return summarize(report).passed ? EXIT_PASS : EXIT_VIOLATION;
  },
};
