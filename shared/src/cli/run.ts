import { statSync } from "node:fs";
import { resolve } from "node:path";
import { Command, CommanderError, Help, Option } from "commander";
import { DEFAULT_CONFIG_PATH } from "../config/default-path.js";
import type { LoadedConfig } from "../config/types.js";
import { describeError, InputError, UpkeepError } from "../errors.js";
import { OUTPUT_FORMATS, type OutputFormat } from "../report/render.js";
import { UPKEEP_VERSION } from "../version.js";
import { type CliCommand, type CliContext, EXIT_ERROR, EXIT_PASS } from "./command.js";
import { commands as builtinCommands } from "./commands/index.js";
import { cliConfigSource, displayPath } from "./config-source.js";
import { cliLogger } from "./logger.js";

/** Where runCli reads and writes; every field defaults to the real process. */
export interface CliIo {
  stdout?: (s: string) => void;
  stderr?: (s: string) => void;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Whether stdout is a terminal (colour by default). Default: process.stdout.isTTY when stdout is the real one. */
  isTTY?: boolean;
  /** The commands to offer. Default: the registry in commands/index.ts (tests pass their own). */
  commands?: CliCommand[];
}

interface GlobalOptions {
  cwd?: string;
  format: OutputFormat;
  config?: string;
  color: boolean;
}

function lineWriter(write: (s: string) => void): (s: string) => void {
  return (s) => write(s.endsWith("\n") ? s : `${s}\n`);
}

function resolveCwd(base: string, dir: string | undefined): string {
  if (dir === undefined) return base;
  const abs = resolve(base, dir);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new InputError(`cannot change to ${dir}: no such directory`, { hint: "check the -C/--cwd path" });
  return abs;
}

/** Help text of parent commands that exist only to group subcommands. */
const GROUP_DESCRIPTIONS: Record<string, string> = {
  config: "check or print the configuration (.github/upkeep.yml)",
};

// Each command's arguments and options are added when they are needed (its `configure`, some 150 options for
// all commands, took a fifth of the start-up): for the command the command line names, and for every command
// whose help is shown. Until then a command has only its name, description and action.
type Unconfigured = Map<Command, CliCommand>;

function configureNow(unconfigured: Unconfigured, sub: Command): void {
  const cmd = unconfigured.get(sub);
  if (!cmd) return;
  unconfigured.delete(sub);
  cmd.configure(sub);
}

/**
 * Configures the commands `argv` names (`backup-verify`, `config validate`) before commander parses it, so
 * they parse as if configured from the start. Global options are skipped with their values; the walk stops
 * at the first word that is not a command (commander reports it).
 */
function configureNamed(program: Command, unconfigured: Unconfigured, argv: string[]): void {
  let cmd = program;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") return;
    if (arg.startsWith("-")) {
      const option = cmd.options.find((o) => o.long === arg || o.short === arg);
      if (option?.required || (option?.optional && !argv[i + 1]?.startsWith("-"))) i++;
      continue;
    }
    const sub = cmd.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (!sub) return;
    configureNow(unconfigured, sub);
    cmd = sub;
  }
}

/** Registers `cmd` under `program`, creating parents for names like `config validate`. */
function register(
  program: Command,
  cmd: CliCommand,
  action: (cmd: CliCommand, actionArgs: unknown[]) => Promise<void>,
  unconfigured: Unconfigured,
) {
  const words = cmd.name.split(/\s+/);
  let parent = program;
  for (const word of words.slice(0, -1)) {
    parent =
      parent.commands.find((c) => c.name() === word) ??
      parent.command(word).description(GROUP_DESCRIPTIONS[word] ?? `${word} commands`);
  }
  const last = words[words.length - 1] ?? cmd.name;
  const existing = parent.commands.find((c) => c.name() === last);
  const sub = existing ?? parent.command(last);
  sub.description(cmd.description);
  unconfigured.set(sub, cmd);
  sub.action(async (...actionArgs: unknown[]) => action(cmd, actionArgs));
}

/**
 * Runs the `upkeep` CLI in-process with `argv` (the user's arguments, without node and the script)
 * and returns the exit code: 0 pass, 1 policy violation, 2 usage, configuration or environment
 * error (commander's usage errors included). Never throws: errors are printed to stderr with their
 * hint (the stack trace only with UPKEEP_DEBUG=1).
 */
export async function runCli(argv: string[], io: CliIo = {}): Promise<number> {
  const stdout = lineWriter(io.stdout ?? ((s) => process.stdout.write(s)));
  const stderr = lineWriter(io.stderr ?? ((s) => process.stderr.write(s)));
  const rawStdout = io.stdout ?? ((s: string) => process.stdout.write(s));
  const rawStderr = io.stderr ?? ((s: string) => process.stderr.write(s));
  const env = io.env ?? process.env;
  const startCwd = io.cwd ?? process.cwd();
  const isTTY = io.isTTY ?? (io.stdout ? false : Boolean(process.stdout.isTTY));
  const debug = env.UPKEEP_DEBUG === "1" || env.UPKEEP_DEBUG === "true";
  let exitCode = EXIT_PASS;
  const unconfigured: Unconfigured = new Map();

  const program = new Command("upkeep")
    .description("Upkeep: the maintenance chores of a repository, checked (patch-check, drift-check, ...)")
    .helpOption("-h, --help", "show help for a command")
    .option("-C, --cwd <dir>", "run as if upkeep was started in <dir> (like git -C)")
    .addOption(new Option("--format <format>", "output format").choices(OUTPUT_FORMATS).default("text"))
    .option("--config <file>", `configuration file (default: ${DEFAULT_CONFIG_PATH} under the cwd)`)
    .option("--no-color", "no colours in text output (also NO_COLOR=1)")
    .addHelpText("after", "\nupkeep --version (or -V) prints the version of upkeep.")
    .showHelpAfterError("(run upkeep --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: rawStdout, writeErr: rawStderr, outputError: (s, write) => write(s) })
    // Set before the commands are added, which inherit it: help shows a command's options and lists its
    // subcommands' arguments, so those are configured first.
    .configureHelp({
      formatHelp(cmd, helper) {
        configureNow(unconfigured, cmd);
        for (const sub of cmd.commands) configureNow(unconfigured, sub);
        return Help.prototype.formatHelp.call(helper, cmd, helper);
      },
    });

  const action = async (cmd: CliCommand, actionArgs: unknown[]): Promise<void> => {
    const self = actionArgs[actionArgs.length - 1] as Command;
    const options = (actionArgs[actionArgs.length - 2] ?? {}) as Record<string, unknown>;
    const args = actionArgs.slice(0, -2);
    const globals = self.optsWithGlobals<GlobalOptions>();
    const cwd = resolveCwd(startCwd, globals.cwd);
    const configPath = globals.config === undefined ? undefined : resolve(cwd, globals.config);
    const logger = cliLogger(stderr, { debug, env });
    const color = globals.color !== false && !env.NO_COLOR && (Boolean(env.FORCE_COLOR) || isTTY);
    const ctx: CliContext = {
      cwd,
      format: globals.format,
      configPath,
      color,
      stdout,
      stderr,
      env,
      logger,
      async loadConfig(): Promise<LoadedConfig> {
        const source = cliConfigSource({ cwd, env, logger });
        const path = configPath ?? resolve(cwd, DEFAULT_CONFIG_PATH);
        if (configPath !== undefined && !(await source.read(undefined, configPath))) {
          throw new InputError(`config file ${displayPath(cwd, configPath)} does not exist`, {
            hint: "check the --config path, or leave it out to use .github/upkeep.yml",
          });
        }
        const repo = env.GITHUB_REPOSITORY || undefined;
        // Imported here: the YAML parser and the schema's validator are for commands that read a configuration.
        const { loadConfig } = await import("../config/load.js");
        return loadConfig({ source, path, ...(repo ? { repo } : {}) });
      },
    };
    exitCode = await cmd.run(ctx, args, options);
  };

  for (const cmd of [...(io.commands ?? builtinCommands)].sort(
    (a, b) => a.name.split(/\s+/).length - b.name.split(/\s+/).length,
  )) {
    register(program, cmd, action, unconfigured);
  }

  // `--version` is upkeep's own version only in front of any command, so that commands may take a
  // `--version <x>` of their own (`upkeep changelog --version 1.3.0`), as the issue asks.
  if (argv[0] === "--version" || argv[0] === "-V") {
    stdout(UPKEEP_VERSION);
    return EXIT_PASS;
  }
  try {
    configureNamed(program, unconfigured, argv);
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_PASS : EXIT_ERROR;
    stderr(`upkeep: ${describeError(err)}`);
    if (debug && err instanceof Error && err.stack) stderr(err.stack);
    else if (!(err instanceof UpkeepError)) stderr("(set UPKEEP_DEBUG=1 to see the stack trace)");
    return EXIT_ERROR;
  }
}
