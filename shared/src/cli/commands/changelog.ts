import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { insertSection, replaceAllSections } from "../../changelog/changelog-file.js";
import { checkChangelogs } from "../../changelog/drift.js";
import { nextReleases } from "../../changelog/next-release.js";
import { originLinks, type ReleaseTarget, releaseTargets } from "../../changelog/release-targets.js";
import { repoLinksFromFlag } from "../../changelog/repo-url.js";
import { historySections, openRepository, rangeSection, unreleasedSection } from "../../changelog/repository.js";
import type { NotesLayout, NotesOptions } from "../../changelog/types.js";
import type { ChangelogConfig } from "../../config/types.js";
import { clockFromEnv } from "../../environment.js";
import { InputError } from "../../errors.js";
import { nodeFileSystem } from "../../io/node-fs.js";
import { nodeGit } from "../../io/node-git.js";
import type { GitPort } from "../../ports.js";
import { summarize } from "../../report/model.js";
import { renderReport } from "../../report/render.js";
import { type CliContext, type CommandRun, EXIT_PASS, EXIT_VIOLATION } from "../command.js";
import { withParent } from "./changelog.usage.js";

interface Resolved {
  git: GitPort;
  root: string;
  targets: ReleaseTarget[];
  notes: NotesOptions;
  config: ChangelogConfig;
}

async function gitRoot(ctx: CliContext): Promise<{ git: GitPort; root: string }> {
  const probe = nodeGit(ctx.cwd);
  let root: string;
  try {
    root = (await probe.run(["rev-parse", "--show-toplevel"])).trim();
  } catch {
    throw new InputError(`${ctx.cwd} is not inside a git repository`, {
      hint: "run upkeep changelog in a git checkout (or pass -C <dir>); in CI check out with fetch-depth: 0",
    });
  }
  return { git: nodeGit(root), root };
}

async function resolve(ctx: CliContext, options: Record<string, unknown>): Promise<Resolved> {
  const { git, root } = await gitRoot(ctx);
  const config = (await ctx.loadConfig()).config.changelog;
  const links = typeof options.repoUrl === "string" ? repoLinksFromFlag(options.repoUrl) : await originLinks(git);
  const notes: NotesOptions = {
    ...(links ? { links } : {}),
    layout: (options.layout as NotesLayout | undefined) ?? "release-please",
  };
  const targets = await releaseTargets(config, nodeFileSystem(root), {
    ...(typeof options.tagPrefix === "string" ? { tagPrefix: options.tagPrefix } : {}),
    ...(typeof options.package === "string" ? { package: options.package } : {}),
    ...(typeof options.file === "string" ? { file: options.file } : {}),
    unknownPackage: (wanted, known) =>
      new InputError(`--package ${wanted} is not one of changelog.packages`, {
        hint:
          known.length > 0
            ? `use one of: ${known.join(", ")}`
            : "add it under changelog.packages in .github/upkeep.yml",
      }),
  });
  return { git, root, targets, notes, config };
}

function checkDate(date: unknown): string | undefined {
  if (date === undefined) return undefined;
  if (typeof date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
    throw new InputError(`--date ${String(date)} is not a date`, { hint: "give it as YYYY-MM-DD" });
  }
  return date;
}

function writeFile(ctx: CliContext, root: string, file: string, update: (text: string) => string): void {
  const abs = join(root, file);
  const before = existsSync(abs) ? readFileSync(abs, "utf8") : "";
  const after = update(before);
  if (after !== before) writeFileSync(abs, after);
  ctx.logger.info(after === before ? `${file} is up to date` : `wrote ${file}`);
}

/**
 * `upkeep changelog`: prints the unreleased notes (the section of the next version); `--from/--to`
 * the section of any range (`--version`, `--date` for its header); `--write` puts it into
 * CHANGELOG.md (replacing a section of the same version, so twice is once); `--from-scratch` the
 * whole history. Exit 0; 2 outside a git repository, for an unknown ref or a bad flag.
 */
export const changelogRun: CommandRun = {
  async run(ctx, _args, options) {
    const r = await resolve(ctx, options);
    const date = checkDate(options.date);
    const given = options.version ?? options.releaseVersion;
    const version = typeof given === "string" ? given : undefined;
    const outputs: string[] = [];
    const unreleasedOptions = {
      ...r.notes,
      clock: clockFromEnv(ctx.env),
      preMajor: r.config.preMajor,
      ...(typeof options.prerelease === "string" ? { prerelease: options.prerelease } : {}),
      ...(version ? { version } : {}),
      ...(date ? { date } : {}),
    };
    for (const t of r.targets) {
      let markdown: string;
      let key: string | undefined;
      if (options.fromScratch) {
        const repo = await openRepository(r.git, t.target, r.notes);
        const sections = historySections(repo, r.notes);
        // Commits after the last release keep their section too: replacing every section must not drop them.
        const pending = unreleasedSection(repo, unreleasedOptions);
        if (pending.next.entries.length > 0 || version) sections.unshift(pending.markdown);
        if (options.write) writeFile(ctx, r.root, t.file, (text) => replaceAllSections(text, sections));
        else outputs.push(sections.join("\n"));
        continue;
      }
      if (typeof options.to === "string" || typeof options.from === "string") {
        const to = typeof options.to === "string" ? options.to : "HEAD";
        const from = typeof options.from === "string" ? options.from : undefined;
        markdown = await rangeSection(
          r.git,
          t.target,
          { to, ...(from ? { from } : {}), ...(version ? { version } : {}), ...(date ? { date } : {}) },
          r.notes,
        );
        key = version ?? /^## \[?([^\]\s]+)/.exec(markdown)?.[1];
      } else {
        const repo = await openRepository(r.git, t.target, r.notes);
        const res = unreleasedSection(repo, unreleasedOptions);
        markdown = res.markdown;
        key = version ?? res.next.version ?? "Unreleased";
      }
      if (options.write) writeFile(ctx, r.root, t.file, (text) => insertSection(text, markdown, key ?? ""));
      else outputs.push(t.name && r.targets.length > 1 ? `<!-- ${t.name} -->\n${markdown}` : markdown);
    }
    if (outputs.length > 0) ctx.stdout(outputs.join("\n"));
    return EXIT_PASS;
  },
};

/** `upkeep changelog next`: the next version (`--format json`: {version, releaseType, notes}). Exit 0, 2 outside git. */
export const changelogNextRun: CommandRun = {
  async run(ctx, _args, rawOptions) {
    const options = withParent(rawOptions);
    const r = await resolve(ctx, options);
    const date = checkDate(options.date);
    const releases = await nextReleases(r.git, r.targets, {
      notes: r.notes,
      clock: clockFromEnv(ctx.env),
      preMajor: r.config.preMajor,
      ...(typeof options.prerelease === "string" ? { prerelease: options.prerelease } : {}),
      ...(date ? { date } : {}),
    });
    const results = releases.map((next) => ({
      ...(next.name ? { package: next.name } : {}),
      version: next.version ?? null,
      releaseType: next.releaseType ?? null,
      previous: next.previous ?? null,
      notes: next.notes,
      ...(next.problem ? { problem: next.problem } : {}),
    }));
    for (const next of releases) {
      // Tags exist but none is a release of the target: say so (never a silent 1.0.0); a detected prefix is said too.
      if (next.problem) ctx.logger.warning(`${next.name ? `${next.name}: ` : ""}${next.problem}`);
      else if (next.tagNote) ctx.logger.info(next.tagNote);
    }
    if (ctx.format === "json") {
      ctx.stdout(JSON.stringify(r.targets.length === 1 && !r.targets[0]?.name ? results[0] : results, null, 2));
      return EXIT_PASS;
    }
    for (const res of results) {
      const line =
        res.version ??
        (res.problem
          ? `no release tag found: ${res.problem}`
          : `no release (nothing releasable since ${res.previous ?? "the first commit"})`);
      ctx.stdout(res.package && results.length > 1 ? `${res.package} ${line}` : line);
    }
    return EXIT_PASS;
  },
};

/** `upkeep changelog check`: changelog drift (missing sections, mismatched entries, incomplete Unreleased). Exit 1 on drift. */
export const changelogCheckRun: CommandRun = {
  async run(ctx, _args, rawOptions) {
    const options = withParent(rawOptions);
    const r = await resolve(ctx, options);
    const report = await checkChangelogs(
      r.targets,
      { git: r.git, fs: nodeFileSystem(r.root) },
      {
        notes: r.notes,
        now: clockFromEnv(ctx.env).now(),
        ...(r.config.checkSince ? { checkSince: r.config.checkSince } : {}),
      },
    );
    ctx.stdout(renderReport(report, ctx.format, { color: ctx.color }));
    return summarize(report).passed ? EXIT_PASS : EXIT_VIOLATION;
  },
};
