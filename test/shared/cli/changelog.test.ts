import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixtureRepo, linear } from "../changelog/git-fixture.js";
import { cli } from "./helpers.js";

describe("upkeep changelog", () => {
  const repo = fixtureRepo(
    linear([
      ["feat: first", ["v1.0.0"]],
      "fix(api): one (#4)",
      ["feat: two", ["v1.1.0"]],
      "feat(cli): three",
      "fix!: four",
    ]),
    { remote: "git@github.com:acme/tool.git" },
  );
  afterAll(() => repo.cleanup());
  const cwd = repo.dir;

  it("prints the unreleased notes with links from the origin remote", async () => {
    const r = await cli(["changelog", "--date", "2026-11-26"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(
      "## [2.0.0](https://github.com/acme/tool/compare/v1.1.0...v2.0.0) (2026-11-26)",
    );
    expect(r.stdout).toContain("### ⚠ BREAKING CHANGES\n\n* four\n");
    expect(r.stdout).toContain(
      `* **cli:** three ([${repo.sha("feat(cli): three").slice(0, 7)}](https://github.com/acme/tool/commit/`,
    );
  });

  it("prints the section of a range with --version, --date and --repo-url", async () => {
    const r = await cli(
      [
        "changelog",
        "--from",
        "v1.0.0",
        "--to",
        "v1.1.0",
        "--version",
        "1.1.0",
        "--date",
        "2026-01-01",
        "--repo-url",
        "https://ghe.example.com/acme/tool",
      ],
      { cwd },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("## [1.1.0](https://ghe.example.com/acme/tool/compare/v1.0.0...v1.1.0) (2026-01-01)");
    expect(r.stdout).toContain("* **api:** one ([#4](https://ghe.example.com/acme/tool/issues/4))");
  });

  it("prints the next version, and {version, releaseType, notes} as JSON", async () => {
    expect((await cli(["changelog", "next"], { cwd })).stdout).toBe("2.0.0\n");
    expect((await cli(["changelog", "next", "--prerelease", "rc"], { cwd })).stdout).toBe("2.0.0-rc.0\n");
    const json = JSON.parse((await cli(["--format", "json", "changelog", "next"], { cwd })).stdout);
    expect(json).toMatchObject({ version: "2.0.0", releaseType: "major", previous: "v1.1.0" });
    expect(json.notes).toMatch(/^## \[2\.0\.0\]/);
  });

  it("--write prepends once, --from-scratch regenerates, and check passes on the result", async () => {
    const file = join(cwd, "CHANGELOG.md");
    writeFileSync(file, "# Changelog\n\nHand-written intro.\n");
    expect((await cli(["changelog", "--write", "--from-scratch", "--date", "2026-11-26"], { cwd })).code).toBe(0);
    const scratch = readFileSync(file, "utf8");
    // The unreleased commits keep a section of their own above the releases: nothing is dropped.
    expect(scratch).toMatch(
      /^# Changelog\n\nHand-written intro\.\n\n<!-- upkeep:changelog -->\n\n## \[2\.0\.0\][^\n]*\n[\s\S]*\* four[\s\S]*## \[1\.1\.0\]/,
    );
    expect((await cli(["changelog", "check"], { cwd })).code).toBe(0);
    await cli(["changelog", "--write", "--date", "2026-11-26"], { cwd });
    const once = readFileSync(file, "utf8");
    await cli(["changelog", "--write", "--date", "2026-11-26"], { cwd });
    expect(readFileSync(file, "utf8")).toBe(once);
    expect(once.match(/## \[2\.0\.0\]/g)).toHaveLength(1);
  });

  it("--from-scratch in a repository with no release tag yet keeps the unreleased section", async () => {
    const fresh = fixtureRepo(linear(["feat: start", "fix: mend"]));
    try {
      const file = join(fresh.dir, "CHANGELOG.md");
      writeFileSync(file, "# Changelog\n");
      const r = await cli(["changelog", "--write", "--from-scratch", "--version", "Unreleased"], { cwd: fresh.dir });
      expect(r.code).toBe(0);
      const text = readFileSync(file, "utf8");
      expect(text).toMatch(/^## Unreleased/m);
      expect(text).toContain("* start");
      expect(text).toContain("* mend");
    } finally {
      fresh.cleanup();
    }
  });

  it("check exits 1 on drift and names the rule", async () => {
    writeFileSync(join(cwd, "CHANGELOG.md"), "# Changelog\n\n## 1.0.0\n\n### Features\n\n* first\n");
    const r = await cli(["changelog", "check"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("v1.1.0 has no section in CHANGELOG.md");
  });

  it.each([
    [["changelog", "--from", "v9.9.9", "--to", "HEAD"], /v9\.9\.9 does not exist/],
    [["changelog", "--date", "26/11/2026"], /--date 26\/11\/2026 is not a date/],
    [["changelog", "--package", "nope"], /--package nope is not one of changelog.packages/],
  ])("exits 2 on %j", async (argv, message) => {
    const r = await cli(argv, { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("exits 2 outside a git repository", async () => {
    const dir = mkdtempSync(join(tmpdir(), "upkeep-nogit-"));
    try {
      const r = await cli(["changelog", "next"], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: tmpdir() } });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is not inside a git repository/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
