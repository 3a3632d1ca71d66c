import { resolve } from "node:path";
import { DEFAULT_CONFIG_PATH, loadConfig } from "../../config/load.js";
import { configProblemsReport } from "../../config/report.js";
import { clockFromEnv } from "../../environment.js";
import { type ConfigProblem, formatLocation, InputError } from "../../errors.js";
import { renderReport } from "../../report/render.js";
import { type CliContext, type CommandRun, EXIT_ERROR, EXIT_PASS, resolveFromCwd } from "../command.js";
import { cliConfigSource, displayPath } from "../config-source.js";

/** `file:line:col: key: message`, the shape editors and CI log parsers jump to. */
function formatProblem(p: ConfigProblem): string {
  return `${formatLocation(p)}: ${p.key ? `${p.key}: ` : ""}${p.message}`;
}

function paint(ctx: CliContext, code: number, text: string): string {
  return ctx.color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function print(ctx: CliContext, files: string[], problems: ConfigProblem[], note?: string): void {
  const valid = problems.length === 0;
  if (ctx.format === "json") {
    ctx.stdout(JSON.stringify({ valid, files, problems }, null, 2));
    return;
  }
  if (ctx.format === "markdown" || ctx.format === "sarif") {
    ctx.stdout(
      renderReport(
        configProblemsReport({ files, problems }, { generatedAt: clockFromEnv(ctx.env).now() }),
        ctx.format,
        { color: ctx.color },
      ),
    );
    return;
  }
  for (const p of problems) ctx.stdout(formatProblem(p));
  if (note) ctx.stdout(note);
  else if (valid) ctx.stdout(paint(ctx, 32, `${files.join(" <- ")} is valid`));
  else
    ctx.stdout(paint(ctx, 31, `${problems.length} problem${problems.length === 1 ? "" : "s"} in ${files.join(", ")}`));
}

/**
 * `upkeep config validate [file]`: checks a configuration file (default `--config`, else
 * `.github/upkeep.yml` under the cwd) and the `_extends` bases it can reach against
 * shared/upkeep.schema.json. Exit 0 when valid or when the default file does not exist (defaults
 * apply), 2 on any problem or when a named file does not exist.
 */
export const configValidateRun: CommandRun = {
  async run(ctx, args) {
    const fileArg = typeof args[0] === "string" ? args[0] : undefined;
    const named = fileArg !== undefined ? resolveFromCwd(ctx, fileArg) : ctx.configPath;
    const path = named ?? resolve(ctx.cwd, DEFAULT_CONFIG_PATH);
    const source = cliConfigSource({ cwd: ctx.cwd, env: ctx.env, logger: ctx.logger });
    if (!(await source.read(undefined, path))) {
      if (named !== undefined) {
        throw new InputError(`${displayPath(ctx.cwd, named)} does not exist`, {
          hint: "give the path of an upkeep.yml, or run without a file to check .github/upkeep.yml",
        });
      }
      print(ctx, [], [], `no config file (${displayPath(ctx.cwd, path)}); defaults apply`);
      return EXIT_PASS;
    }
    const repo = ctx.env.GITHUB_REPOSITORY || undefined;
    const loaded = await loadConfig({ source, path, strict: false, ...(repo ? { repo } : {}) });
    print(ctx, loaded.files, loaded.problems);
    return loaded.problems.length > 0 ? EXIT_ERROR : EXIT_PASS;
  },
};
