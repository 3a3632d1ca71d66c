import { isAbsolute, resolve } from "node:path";
import type { Command } from "commander";
import type { LoadedConfig } from "../config/types.js";
import type { Logger } from "../logger.js";
import type { OutputFormat } from "../report/render.js";

/** Exit codes, the same for every command (design §5). */
export const EXIT_PASS = 0;
/** The check ran and found a policy violation (the report did not pass). */
export const EXIT_VIOLATION = 1;
/** Usage, configuration or environment error: the check could not run, never "pass". */
export const EXIT_ERROR = 2;

/** What a command gets from the frame: the global options already applied, and I/O. */
export interface CliContext {
  /** Absolute directory the command runs in (`-C, --cwd`); resolve every path argument against it. */
  cwd: string;
  /** `--format`, default `text`. */
  format: OutputFormat;
  /** Absolute path of `--config`, or undefined when not given (then `.github/upkeep.yml` under cwd). */
  configPath: string | undefined;
  /** False with `--no-color` or `NO_COLOR`; true on a terminal or with `FORCE_COLOR`. */
  color: boolean;
  /** Writes to stdout; adds a newline unless `s` already ends with one. */
  stdout: (s: string) => void;
  /** Writes to stderr; adds a newline unless `s` already ends with one. */
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  /** Progress and diagnostics, on stderr (debug lines only with UPKEEP_DEBUG=1), secrets redacted. */
  logger: Logger;
  /**
   * The effective configuration (`--config` or `.github/upkeep.yml` under cwd; defaults when that
   * default file does not exist). Throws ConfigError on any problem, InputError when a `--config`
   * file does not exist; the frame turns both into exit code 2.
   */
  loadConfig(): Promise<LoadedConfig>;
}

/**
 * One `upkeep` command. `name` may hold a space (`config validate`) to register a subcommand under
 * its parent (created when missing). `configure` adds arguments and options (not the global ones:
 * `--format`, `--config`, `-C`, `--no-color` are already there). `run` returns the exit code:
 * {@link EXIT_PASS}, {@link EXIT_VIOLATION}; throw an UpkeepError for {@link EXIT_ERROR}.
 */
export interface CliCommand {
  name: string;
  description: string;
  configure(cmd: Command): void;
  run(ctx: CliContext, args: unknown[], options: Record<string, unknown>): Promise<number>;
}

/** The code of a command: what `run` does once the command line is parsed. */
export type CommandRun = Pick<CliCommand, "run">;

/**
 * A command's `run` that imports the command's module (`load`, an `import()`) only when the command runs, so
 * `upkeep` does not load and initialise the code of every other command first (in the bundle each module is a
 * chunk of its own). `pick` names the module's CommandRun.
 */
export function lazyRun<M>(load: () => Promise<M>, pick: (m: M) => CommandRun): CliCommand["run"] {
  return async (ctx, args, options) => pick(await load()).run(ctx, args, options);
}

/** Resolves a path argument as if the process had started in `ctx.cwd` (what `-C` means). */
export function resolveFromCwd(ctx: Pick<CliContext, "cwd">, path: string): string {
  return isAbsolute(path) ? path : resolve(ctx.cwd, path);
}
