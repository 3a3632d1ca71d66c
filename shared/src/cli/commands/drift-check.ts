import { readHistory } from "../../changelog/git-history.js";
import { originLinks } from "../../changelog/release-targets.js";
import { groupHistory } from "../../changelog/repository.js";
import { runDriftCheck } from "../../drift/engine.js";
import { commitsBetween } from "../../drift/pr/commit-log.js";
import { evaluatePullRequest, pullRequestReport } from "../../drift/pr/gate.js";
import { previewRelease, releaseBaseOf, renderReleasePreview } from "../../drift/pr/release-preview.js";
import { clockFromEnv } from "../../environment.js";
import { InputError } from "../../errors.js";
import { gitAwareLister, probeGit } from "../../io/git-checkout.js";
import { nodeCommandRunner } from "../../io/node-command.js";
import { nodeFileSystem } from "../../io/node-fs.js";
import type { GitPort } from "../../ports.js";
import { summarize } from "../../report/model.js";
import { renderReport } from "../../report/render.js";
import { type CliCommand, type CliContext, EXIT_PASS, EXIT_VIOLATION } from "../command.js";
import { listOption } from "../list-option.js";

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
export const driftCheckCommand: CliCommand = {
  name: "drift-check",
  description: "check docs against the code: action inputs/outputs, flags, env vars, config keys, links, versions",
  configure(cmd) {
    cmd
      .option("--fix", "apply mechanical fixes (regenerate marked inputs/outputs tables, bump snippet versions)")
      .option("--detectors <ids>", "run only these detectors, comma-separated (default: every enabled one)", listOption)
      .option("--external-links", "also check external links (HEAD/GET, cached, rate-limited per host)")
      .option("--repo <owner/name>", "repository for uses:/image snippets (default: GITHUB_REPOSITORY or origin)");
  },
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
export const driftCheckPrCommand: CliCommand = {
  name: "drift-check pr",
  description: "run the pull-request gate (changelog entry, Conventional Commits title, release preview) from git",
  configure(cmd) {
    cmd
      .requiredOption("--title <title>", "the pull request title (the squash-merge commit header)")
      .requiredOption("--base <ref>", "the base branch or commit")
      .option("--head <ref>", "the head commit", "HEAD")
      .option("--body <text>", "the pull request description (its BREAKING CHANGE: footer counts)")
      .option("--label <names>", "labels of the pull request, comma-separated (repeatable)", listOption)
      .option("--author <login>", "author login (dependabot[bot] and renovate[bot] need no entry)", "");
  },
  async run(ctx, _args, options) {
    const loaded = (await ctx.loadConfig()).config;
    const git = await probeGit(ctx.cwd);
    if (!git) {
      throw new InputError(`${ctx.cwd} is not inside a git repository`, {
        hint: "run upkeep drift-check pr in a git checkout (fetch the base branch first)",
      });
    }
    const base = String(options.base);
    const head = String(options.head ?? "HEAD");
    await git.revParse(base);
    const headSha = await git.revParse(head);
    const changed = (await git.run(["diff", "--name-only", "-z", `${base}...${head}`])).split("\0").filter(Boolean);
    const commits = await commitsBetween(git, base, head);
    const title = String(options.title);
    const body = typeof options.body === "string" ? options.body : undefined;
    const evaluation = evaluatePullRequest(
      {
        title,
        ...(body !== undefined ? { body } : {}),
        commits,
        labels: (options.label as string[] | undefined) ?? [],
        author: String(options.author ?? ""),
        changedFiles: changed,
        isFork: false,
      },
      loaded.drift,
    );
    const clock = clockFromEnv(ctx.env);
    const scheme = { prefix: loaded.changelog.tagPrefix };
    const history = await readHistory(git, { revisions: [base] });
    const links = await originLinks(git);
    const preview = previewRelease(
      { title, ...(body !== undefined ? { body } : {}), sha: headSha },
      releaseBaseOf(groupHistory(history, { scheme })),
      {
        scheme,
        date: clock.now().toISOString().slice(0, 10),
        notes: links ? { links } : {},
        version: { preMajor: loaded.changelog.preMajor },
      },
    );
    const report = pullRequestReport(evaluation, { now: clock.now(), preview });
    let out = renderReport(report, ctx.format, { color: ctx.color });
    if (ctx.format === "markdown") out = `${out.trimEnd()}\n\n${renderReleasePreview(preview)}`;
    else if (ctx.format === "text" && preview.notes) out = `${out.trimEnd()}\n\n${preview.notes}`;
    ctx.stdout(out);
    return summarize(report).passed ? EXIT_PASS : EXIT_VIOLATION;
  },
};
