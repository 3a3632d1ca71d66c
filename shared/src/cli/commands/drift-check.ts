import { originLinks } from "../../changelog/release-targets.js";
import { runDriftCheck } from "../../drift/engine.js";
import { clockFromEnv } from "../../environment.js";
import { InputError } from "../../errors.js";
import { gitChangedFiles } from "../../io/git-changed-files.js";
import { gitAwareLister, probeGit } from "../../io/git-checkout.js";
import { nodeCommandRunner } from "../../io/node-command.js";
import { nodeFileSystem } from "../../io/node-fs.js";
import type { GitPort } from "../../ports.js";
import { renderReleasePreview } from "../../pr-gate/release-preview.js";
import { runPullRequestGate } from "../../pr-gate/run.js";
import { summarize } from "../../report/model.js";
import { renderReport } from "../../report/render.js";
import { type CliContext, type CommandRun, EXIT_PASS, EXIT_VIOLATION } from "../command.js";

async function repositoryOf(ctx: CliContext, git: GitPort | undefined, flag: unknown): Promise<string | undefined> {
  if (typeof flag === "string") return flag;
  if (ctx.env.GITHUB_REPOSITORY) return ctx.env.GITHUB_REPOSITORY;
  const links = await originLinks(git);
  return links ? `${links.owner}/${links.repository}` : undefined;
}

/**
 * `upkeep drift-check [--fix] [--detectors a,b] [--external-links]`: checks the docs against the code
 * with the docs drift detectors and prints the report in `--format`. Exit 0 when no error-level
 * finding, 1 otherwise, 2 on bad input or configuration. Check mode never writes; `--fix` applies the
 * mechanical fixes first.
 */
export const driftCheckRun: CommandRun = {
  async run(ctx, _args, options) {
    const config = (await ctx.loadConfig()).config.drift;
    const git = await probeGit(ctx.cwd);
    const repository = await repositoryOf(ctx, git, options.repo);
    const lister = git ? gitAwareLister(ctx.cwd, git) : undefined;
    const { report } = await runDriftCheck(
      {
        config,
        fix: options.fix === true,
        ...(Array.isArray(options.detectors) ? { detectors: options.detectors as string[] } : {}),
        externalLinks: options.externalLinks === true,
        ...(repository ? { repository } : {}),
      },
      {
        fs: nodeFileSystem(ctx.cwd),
        ...(git ? { git } : {}),
        ...(lister ? { listFiles: lister } : {}),
        runner: nodeCommandRunner(ctx.cwd),
        fetch: globalThis.fetch,
        clock: clockFromEnv(ctx.env),
        logger: ctx.logger,
      },
    );
    ctx.stdout(renderReport(report, ctx.format, { color: ctx.color }));
    return summarize(report).passed ? EXIT_PASS : EXIT_VIOLATION;
  },
};

/**
 * `upkeep drift-check pr --title T --base REF [--head REF]`: the pull-request gate run locally:
 * changed files and commits from git (`base...head`), the title linted, the changelog entry
 * required, and a release preview from the tags reachable from the base. Exit 1 when the gate fails.
 */
export const driftCheckPrRun: CommandRun = {
  async run(ctx, _args, options) {
    const loaded = (await ctx.loadConfig()).config;
    const git = await probeGit(ctx.cwd);
    if (!git) {
      throw new InputError(`${ctx.cwd} is not inside a git repository`, {
        hint: "run upkeep drift-check pr in a git checkout (fetch the base branch first)",
      });
    }
    // Both refs must exist: the command fetches nothing (the action fetches a missing base).
    const base = await git.revParse(String(options.base));
    const head = await git.revParse(String(options.head ?? "HEAD"));
    const links = await originLinks(git);
    const { report, previews } = await runPullRequestGate(
      {
        pr: {
          number: 0,
          title: String(options.title),
          body: typeof options.body === "string" ? options.body : undefined,
          labels: (options.label as string[] | undefined) ?? [],
          author: String(options.author ?? ""),
          isFork: false,
          base,
          head,
        },
        drift: loaded.drift,
        release: {
          targets: [
            { name: undefined, target: { scheme: { prefix: loaded.changelog.tagPrefix } }, file: "CHANGELOG.md" },
          ],
          notes: links ? { links } : {},
          preMajor: loaded.changelog.preMajor,
        },
        prefix: "",
        historyHint: "fetch the base branch with its history and tags",
      },
      {
        changedFiles: gitChangedFiles(git, { scope: "repository" }),
        history: git,
        clock: clockFromEnv(ctx.env),
        logger: ctx.logger,
      },
    );
    const preview = previews[0]?.preview ?? { releaseType: undefined, version: undefined, notes: undefined };
    let out = renderReport(report, ctx.format, { color: ctx.color });
    if (ctx.format === "markdown") out = `${out.trimEnd()}\n\n${renderReleasePreview(preview)}`;
    else if (ctx.format === "text" && preview.notes) out = `${out.trimEnd()}\n\n${preview.notes}`;
    ctx.stdout(out);
    return summarize(report).passed ? EXIT_PASS : EXIT_VIOLATION;
  },
};
