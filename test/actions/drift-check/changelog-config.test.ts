// mode: changelog reads the changelog settings of .github/upkeep.yml exactly as `upkeep changelog check`
// does: the same findings from the same repository, with and without `changelog.checkSince`, and with a
// tag prefix and a changelog file of a package from `changelog.packages`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../../shared/cli/helpers.js";
import { commit, git, repository, runDriftCheckAction } from "./helpers.js";

const PUSH = { name: "push", example: "push" };

// A hand-written changelog (Keep a Changelog) that starts at 1.1.0, although the history is tagged from 1.0.0.
const CHANGELOG = [
  "# Changelog",
  "",
  "## [2.0.0] - 2026-10-20",
  "",
  "### Changed",
  "",
  "- The answer is a string.",
  "",
  "## [1.1.0] - 2026-10-10",
  "",
  "### Added",
  "",
  "- A flag.",
  "",
].join("\n");

/** Tags `<prefix>1.0.0`, `<prefix>1.1.0` and `<prefix>2.0.0`, with `changelog` at `file` and `config` as .github/upkeep.yml. */
function history(config: string, file = "CHANGELOG.md", prefix = "v", extra: Record<string, string> = {}): string {
  const { dir } = repository({ "src/index.ts": "export const answer = 42;\n", ...extra });
  git(dir, "tag", `${prefix}1.0.0`);
  commit(dir, "feat: add a flag", { "src/flag.ts": "export const flag = true;\n" });
  git(dir, "tag", `${prefix}1.1.0`);
  commit(dir, "feat!: the answer is a string", {
    "src/index.ts": 'export const answer = "42";\n',
    [file]: CHANGELOG,
    ".github/upkeep.yml": config,
  });
  git(dir, "tag", `${prefix}2.0.0`);
  return dir;
}

interface JsonReport {
  findings: { rule: string; level: string; file?: string; line?: number; title: string; message: string }[];
}

/** The action's and the CLI's findings on `dir`, from their JSON reports. */
async function bothWays(dir: string) {
  const action = await runDriftCheckAction({
    workspace: dir,
    event: PUSH,
    inputs: { mode: "changelog", "json-file": "drift.json" },
  });
  const actionFindings = (JSON.parse(readFileSync(join(dir, "drift.json"), "utf8")) as JsonReport).findings;
  const local = await cli(["--format", "json", "--cwd", dir, "changelog", "check"]);
  const cliFindings = (JSON.parse(local.stdout) as JsonReport).findings;
  const shape = (fs: JsonReport["findings"]) =>
    fs.map(({ rule, level, file, line, title, message }) => ({ rule, level, file, line, title, message }));
  return { action, local, actionFindings: shape(actionFindings), cliFindings: shape(cliFindings) };
}

describe.concurrent("actions/drift-check mode changelog: the CLI's changelog settings", () => {
  it("without checkSince, checks from the changelog's oldest section on, as the CLI does", async () => {
    const dir = history("changelog:\n  tagPrefix: v\n");
    const { action, local, actionFindings, cliFindings } = await bothWays(dir);
    expect(action.exitCode, action.stdout).toBe(0);
    expect(local.code, local.stderr).toBe(0);
    expect(actionFindings.filter((f) => f.level === "error")).toEqual([]);
    expect(actionFindings).toEqual(cliFindings);
  });

  it("changelog.checkSince moves the start back, and both fail on the release without a section", async () => {
    const dir = history("changelog:\n  checkSince: 1.0.0\n");
    const { action, local, actionFindings, cliFindings } = await bothWays(dir);
    expect(action.exitCode).toBe(1);
    expect(local.code).toBe(1);
    const errors = actionFindings.filter((f) => f.level === "error");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map((f) => `${f.title} ${f.message}`).join("\n")).toContain("1.0.0");
    expect(actionFindings).toEqual(cliFindings);
    expect(action.annotations).toContainEqual(expect.objectContaining({ level: "error", file: "CHANGELOG.md" }));
    expect(action.annotations).toContainEqual(
      expect.objectContaining({
        level: "error",
        message: "drift-check: failed (see the findings above and the job summary)",
      }),
    );
  });

  it("reads a package's tag format and changelog file from changelog.packages", async () => {
    const config = [
      "changelog:",
      "  checkSince: 1.0.0",
      "  packages:",
      "    - path: packages/core",
      "      name: core",
      "      tagFormat: core-v{version}",
      "",
    ].join("\n");
    const dir = history(config, "packages/core/CHANGELOG.md", "core-v", {
      "packages/core/package.json": '{ "name": "core", "version": "2.0.0" }\n',
    });
    const { action, local, actionFindings, cliFindings } = await bothWays(dir);
    expect(action.exitCode).toBe(1);
    expect(local.code).toBe(1);
    expect(actionFindings.filter((f) => f.level === "error").map((f) => f.file)).toContain(
      "packages/core/CHANGELOG.md",
    );
    expect(actionFindings).toEqual(cliFindings);
  });
});
