import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cli, tempTree } from "./helpers.js";

const BAD = "patch:\n  failOn: hgh\n  deadlines:\n    critical: soon\nbots: {}\n";

const tree = tempTree({
  "good/.github/upkeep.yml": "patch:\n  failOn: critical\n",
  "bad/.github/upkeep.yml": BAD,
  "bad/other.yml": "maintenance:\n  reminders: [1 day]\n",
  "empty/README.md": "no config here",
  "broken/.github/upkeep.yml": "patch:\n  sources: [osv\n",
  "remote/.github/upkeep.yml": "_extends: acme/.github\n",
});
afterAll(() => tree.cleanup());

const BAD_LINES = [
  '.github/upkeep.yml:2:11: patch.failOn: expected one of "critical", "high", "medium", "low", "none", got "hgh"; did you mean "high"?',
  '.github/upkeep.yml:4:15: patch.deadlines.critical: expected a whole number or nothing (null), got "soon"',
  '.github/upkeep.yml:5:1: bots: unknown key "bots"; did you mean "bot"?',
];

describe("upkeep config validate", () => {
  it("exits 0 on a valid file", async () => {
    const r = await cli(["config", "validate"], { cwd: `${tree.dir}/good` });
    expect(r).toEqual({ code: 0, stdout: ".github/upkeep.yml is valid\n", stderr: "" });
  });

  it("prints each problem as file:line:col: key: message and exits 2", async () => {
    const r = await cli(["config", "validate"], { cwd: `${tree.dir}/bad` });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(`${[...BAD_LINES, "3 problems in .github/upkeep.yml"].join("\n")}\n`);
  });

  it("reaches another folder with -C and names files relative to it", async () => {
    const r = await cli(["-C", "bad", "config", "validate"], { cwd: tree.dir });
    expect(r.code).toBe(2);
    expect(r.stdout.split("\n").slice(0, 3)).toEqual(BAD_LINES);
  });

  it("validates a named file, relative to the cwd", async () => {
    const r = await cli(["config", "validate", "bad/other.yml"], { cwd: tree.dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(
      'bad/other.yml:2:15: maintenance.reminders[0]: expected a duration like 72h, 1d12h or 30m, got "1 day"\n1 problem in bad/other.yml\n',
    );
  });

  it("validates the --config file when no file is named", async () => {
    const r = await cli(["--config", "other.yml", "config", "validate"], { cwd: `${tree.dir}/bad` });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^other.yml:2:15: maintenance.reminders\[0\]/);
  });

  it("reports malformed YAML at the parser's position", async () => {
    const r = await cli(["config", "validate"], { cwd: `${tree.dir}/broken` });
    expect(r.code).toBe(2);
    expect(r.stdout.split("\n")[0]).toBe(
      ".github/upkeep.yml:3:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
    );
  });

  it("exits 0 when the default file does not exist (defaults apply)", async () => {
    const r = await cli(["config", "validate"], { cwd: `${tree.dir}/empty` });
    expect(r).toEqual({ code: 0, stdout: "no config file (.github/upkeep.yml); defaults apply\n", stderr: "" });
  });

  it.each([[["config", "validate", "missing.yml"]], [["--config", "missing.yml", "config", "validate"]]])(
    "exits 2 when a named file does not exist: %j",
    async (argv) => {
      const r = await cli(argv, { cwd: `${tree.dir}/empty` });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^upkeep: missing.yml does not exist\nhint: /);
    },
  );

  it("prints {valid, files, problems} with --format json", async () => {
    const bad = await cli(["config", "validate", "--format", "json"], { cwd: `${tree.dir}/bad` });
    expect(bad.code).toBe(2);
    const json = JSON.parse(bad.stdout) as { valid: boolean; files: string[]; problems: { key: string }[] };
    expect(json.valid).toBe(false);
    expect(json.files).toEqual([".github/upkeep.yml"]);
    expect(json.problems[0]).toEqual({
      file: ".github/upkeep.yml",
      line: 2,
      column: 11,
      key: "patch.failOn",
      message: 'expected one of "critical", "high", "medium", "low", "none", got "hgh"; did you mean "high"?',
    });
    const good = await cli(["--format", "json", "config", "validate"], { cwd: `${tree.dir}/good` });
    expect(JSON.parse(good.stdout)).toEqual({ valid: true, files: [".github/upkeep.yml"], problems: [] });
  });

  it("prints SARIF results located in the file with --format sarif", async () => {
    const r = await cli(["--format", "sarif", "config", "validate"], { cwd: `${tree.dir}/bad` });
    expect(r.code).toBe(2);
    const sarif = JSON.parse(r.stdout) as {
      runs: {
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    const results = sarif.runs[0]?.results ?? [];
    expect(results.map((x) => [x.ruleId, x.locations[0]?.physicalLocation.region.startLine])).toEqual([
      ["config/invalid", 2],
      ["config/invalid", 4],
      ["config/invalid", 5],
    ]);
    expect(results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(".github/upkeep.yml");
  });

  it("skips a base in another repository with a warning when there is no token", async () => {
    const r = await cli(["config", "validate"], { cwd: `${tree.dir}/remote` });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      "warning: _extends base acme/.github:.github/upkeep.yml not read: set GITHUB_TOKEN to include other repositories' files\n",
    );
  });

  it("validates the bundled examples/upkeep.yml", async () => {
    const r = await cli(["config", "validate", "examples/upkeep.yml"], { cwd: process.cwd() });
    expect(r).toEqual({ code: 0, stdout: "examples/upkeep.yml is valid\n", stderr: "" });
  });
});

describe("upkeep config print", () => {
  it("prints the effective configuration with defaults as YAML", async () => {
    const r = await cli(["config", "print"], { cwd: `${tree.dir}/good` });
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("# effective upkeep configuration from .github/upkeep.yml");
    const printed = parse(r.stdout) as { patch: { failOn: string; deadlines: { high: number } } };
    expect(printed.patch.failOn).toBe("critical");
    expect(printed.patch.deadlines.high).toBe(30);
  });

  it("prints JSON with --format json, defaults only when there is no file", async () => {
    const r = await cli(["--format", "json", "config", "print"], { cwd: `${tree.dir}/empty` });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { bot: unknown }).bot).toEqual({ sweepIntervalMinutes: 15 });
  });

  it("exits 2 and lists the problems of an invalid file", async () => {
    const r = await cli(["config", "print"], { cwd: `${tree.dir}/bad` });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`upkeep: ${BAD_LINES[0]}`);
  });
});
