import type { CliCommand } from "@upkeep/shared/cli/command.js";
import { resolveFromCwd } from "@upkeep/shared/cli/command.js";
import { commands } from "@upkeep/shared/cli/commands/index.js";
import { ConfigError, InputError } from "@upkeep/shared/errors.js";
import { UPKEEP_VERSION } from "@upkeep/shared/version.js";
import { afterAll, describe, expect, it } from "vitest";
import { cli, tempTree } from "./helpers.js";

const tree = tempTree({
  "repo/.github/upkeep.yml": "bot:\n  sweepIntervalMinutes: 5\n",
  "repo/sub/file.txt": "x",
});
afterAll(() => tree.cleanup());

/** A command that reports what the frame gave it and exits with the code in `--exit`. */
function probe(seen: Record<string, unknown>[]): CliCommand {
  return {
    name: "probe",
    description: "test command",
    configure(cmd) {
      cmd.argument("[path]").option("--exit <code>", "exit code", "0").option("--throw <kind>");
    },
    async run(ctx, args, options) {
      const path = typeof args[0] === "string" ? resolveFromCwd(ctx, args[0]) : undefined;
      seen.push({ cwd: ctx.cwd, format: ctx.format, configPath: ctx.configPath, color: ctx.color, path });
      if (options.throw === "config")
        throw new ConfigError([{ file: "x.yml", line: 1, column: 2, key: "a", message: "bad" }]);
      if (options.throw === "input") throw new InputError("no lockfile", { hint: "give a path" });
      if (options.throw === "bug") throw new TypeError("undefined is not a function");
      if (options.throw === "config-load") {
        const loaded = await ctx.loadConfig();
        ctx.stdout(String(loaded.config.bot.sweepIntervalMinutes));
      }
      ctx.stdout("probe ran");
      return Number(options.exit);
    },
  };
}

describe("runCli frame", () => {
  it("prints help with every registered command and exits 0", async () => {
    const r = await cli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: upkeep \[options\] \[command\]/);
    for (const flag of ["--version", "-C, --cwd <dir>", "--format <format>", "--config <file>", "--no-color"]) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain("config");
    const sub = await cli(["config", "--help"]);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain("validate [file]");
    expect(sub.stdout).toContain("print");
  });

  it("prints the version and exits 0", async () => {
    const r = await cli(["--version"]);
    expect(r).toEqual({ code: 0, stdout: `${UPKEEP_VERSION}\n`, stderr: "" });
  });

  it.each([
    [["bogus"], /unknown command 'bogus'/],
    [["config", "validat"], /unknown command 'validat'[\s\S]*Did you mean validate\?/],
    [
      ["--format", "xml", "config", "validate"],
      /argument 'xml' is invalid. Allowed choices are text, json, markdown, sarif/,
    ],
    [["config", "validate", "--bogus"], /unknown option '--bogus'/],
    [[], /Usage: upkeep/],
  ])("exits 2 on a usage error: %j", async (argv, message) => {
    const r = await cli(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it.each([
    ["0", 0],
    ["1", 1],
  ])("passes the command's exit code %s through", async (exit, code) => {
    const seen: Record<string, unknown>[] = [];
    const r = await cli(["probe", "--exit", exit], { commands: [probe(seen)], cwd: tree.dir });
    expect(r.code).toBe(code);
    expect(r.stdout).toBe("probe ran\n");
  });

  it("applies the global options and resolves paths against -C", async () => {
    const seen: Record<string, unknown>[] = [];
    const r = await cli(
      ["-C", "repo", "--format", "json", "--config", "cfg.yml", "--no-color", "probe", "sub/file.txt"],
      {
        commands: [probe(seen)],
        cwd: tree.dir,
        env: { FORCE_COLOR: "1" },
      },
    );
    expect(r.code).toBe(0);
    expect(seen).toEqual([
      {
        cwd: `${tree.dir}/repo`,
        format: "json",
        configPath: `${tree.dir}/repo/cfg.yml`,
        color: false,
        path: `${tree.dir}/repo/sub/file.txt`,
      },
    ]);
  });

  it("accepts global options after the command name", async () => {
    const seen: Record<string, unknown>[] = [];
    await cli(["probe", "--format", "sarif", "-C", "repo"], { commands: [probe(seen)], cwd: tree.dir });
    expect(seen[0]).toMatchObject({ format: "sarif", cwd: `${tree.dir}/repo` });
  });

  it.each([
    [{}, false],
    [{ FORCE_COLOR: "1" }, true],
    [{ FORCE_COLOR: "1", NO_COLOR: "1" }, false],
  ])("colour with env %j: %s", async (env, color) => {
    const seen: Record<string, unknown>[] = [];
    await cli(["probe"], { commands: [probe(seen)], cwd: tree.dir, env });
    expect(seen[0]?.color).toBe(color);
  });

  it("exits 2 when -C names no directory", async () => {
    const r = await cli(["-C", "missing", "probe"], { commands: [probe([])], cwd: tree.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("upkeep: cannot change to missing: no such directory\nhint: check the -C/--cwd path\n");
  });

  it.each([
    ["config", "upkeep: x.yml:1:2: a: bad\n"],
    ["input", "upkeep: no lockfile\nhint: give a path\n"],
  ])("turns a thrown %s error into exit 2 with the message and hint, no stack", async (kind, stderr) => {
    const r = await cli(["probe", "--throw", kind], { commands: [probe([])], cwd: tree.dir });
    expect(r).toEqual({ code: 2, stdout: "", stderr });
  });

  it("shows a stack trace for an unexpected error only with UPKEEP_DEBUG=1", async () => {
    const plain = await cli(["probe", "--throw", "bug"], { commands: [probe([])], cwd: tree.dir });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toBe("upkeep: undefined is not a function\n(set UPKEEP_DEBUG=1 to see the stack trace)\n");
    const debug = await cli(["probe", "--throw", "bug"], {
      commands: [probe([])],
      cwd: tree.dir,
      env: { UPKEEP_DEBUG: "1" },
    });
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(
      /^upkeep: undefined is not a function\nTypeError: undefined is not a function\n\s+at /,
    );
  });

  it("loads the configuration under the cwd for commands", async () => {
    const r = await cli(["-C", "repo", "probe", "--throw", "config-load"], { commands: [probe([])], cwd: tree.dir });
    expect(r).toEqual({ code: 0, stdout: "5\nprobe ran\n", stderr: "" });
  });

  it("fails with exit 2 when --config names a file that does not exist", async () => {
    const r = await cli(["--config", "nope.yml", "probe", "--throw", "config-load"], {
      commands: [probe([])],
      cwd: tree.dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^upkeep: config file nope.yml does not exist\nhint: /);
  });

  it("registers every built-in command under a unique name", () => {
    const names = commands.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(["config validate", "config print"]));
  });

  // Options are added to a command only when it runs or its help is shown (start-up); what the user sees must
  // be as if every command had its options from the start.
  describe("with options added only when needed", () => {
    /** A command under `group` with a negated flag and a value option; records the options it got. */
    function flagged(name: string, seen: Record<string, unknown>[]): CliCommand {
      return {
        name,
        description: `${name} command`,
        configure(cmd) {
          cmd
            .argument("[target]", "what to probe")
            .option("--no-check", "skip the check")
            .option("--level <n>", "level");
        },
        async run(_ctx, args, options) {
          seen.push({ args, ...options });
          return 0;
        },
      };
    }

    it("lists each command with its arguments, and shows a command's options in its help", async () => {
      const seen: Record<string, unknown>[] = [];
      const commands = [flagged("group first", seen), flagged("second", seen)];
      const top = await cli(["--help"], { commands });
      expect(top.stdout).toMatch(/second \[options\] \[target\]/);
      const group = await cli(["group", "--help"], { commands });
      expect(group.stdout).toMatch(/first \[options\] \[target\]/);
      for (const argv of [
        ["help", "second"],
        ["second", "--help"],
        ["group", "help", "first"],
        ["group", "first", "-h"],
      ]) {
        const r = await cli(argv, { commands });
        expect(r.code, argv.join(" ")).toBe(0);
        expect(r.stdout, argv.join(" ")).toContain("--level <n>");
        expect(r.stdout, argv.join(" ")).toContain("--no-check");
      }
      expect(seen).toEqual([]);
    });

    it("parses a command's options, with a negated flag's default, after global options and their values", async () => {
      const seen: Record<string, unknown>[] = [];
      const commands = [flagged("group first", seen), flagged("second", seen)];
      // `second` as the value of --config must not be taken for the command
      const argv = ["--config", "second", "-C", "repo", "--format=json", "group", "first", "x", "--level", "3"];
      expect((await cli(argv, { commands, cwd: tree.dir })).code).toBe(0);
      expect((await cli(["second", "--no-check"], { commands })).code).toBe(0);
      expect(seen).toEqual([
        { args: ["x"], check: true, level: "3" },
        { args: [undefined], check: false },
      ]);
      const bad = await cli(["second", "--levl", "3"], { commands });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/unknown option '--levl'[\s\S]*Did you mean --level\?/);
    });
  });
});
