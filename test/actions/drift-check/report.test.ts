// The action outside pull requests: the next version and its notes as step outputs on a push, the docs
// check with annotations on the exact line, SARIF and JSON files, the changelog mode, and working-directory.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commit, git, PROJECT, pullRequestEvent, repository, runDriftCheckAction, tempDir } from "./helpers.js";

const PUSH = { name: "push", example: "push" };

/** PROJECT released as v1.2.0, then a fix and a feature. */
function releasedWithChanges() {
  const { dir } = repository(PROJECT);
  git(dir, "tag", "v1.2.0");
  const fix = commit(dir, "fix(api): handle empty input", { "src/empty.ts": "export {};\n" });
  const feat = commit(dir, "feat: add a flag\n\nBREAKING CHANGE: the answer is now a string", {
    "src/index.ts": 'export const answer = "42";\n',
  });
  return { dir, fix, feat };
}

describe.concurrent("actions/drift-check outside pull requests", () => {
  it("outputs next-version, release-type and the notes on a push", async () => {
    const { dir, fix, feat } = releasedWithChanges();
    const result = await runDriftCheckAction({ workspace: dir, event: PUSH });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({
      passed: "true",
      "next-version": "2.0.0",
      "release-type": "major",
      "previous-tag": "v1.2.0",
      entry: "",
    });
    const notes = result.outputs.notes ?? "";
    expect(notes.split("\n")[0]).toBe(
      "## [2.0.0](https://github.com/Codertocat/Hello-World/compare/v1.2.0...v2.0.0) (2026-11-26)",
    );
    expect(notes).toContain("### ⚠ BREAKING CHANGES");
    expect(notes).toContain("* the answer is now a string");
    expect(notes).toContain(
      `* add a flag ([${feat.slice(0, 7)}](https://github.com/Codertocat/Hello-World/commit/${feat}))`,
    );
    expect(notes).toContain(`* **api:** handle empty input ([${fix.slice(0, 7)}]`);
    expect(JSON.parse(result.outputs.releases ?? "")).toEqual([
      { version: "2.0.0", releaseType: "major", previous: "v1.2.0", notes },
    ]);
    expect(result.summary).toContain("Next release: major → 2.0.0");
  });

  it("takes the tag prefix from the input and says when there is nothing to release", async () => {
    const { dir } = repository(PROJECT);
    git(dir, "tag", "release-1.2.0");
    commit(dir, "docs: reword the guide", { "docs/guide.md": "# Guide\n\nUse `demo` often.\n" });
    const result = await runDriftCheckAction({ workspace: dir, event: PUSH, inputs: { "tag-prefix": "release-" } });
    expect(result.outputs).toMatchObject({ "next-version": "", "release-type": "", notes: "" });
    expect(result.outputs["previous-tag"]).toBe("release-1.2.0");
    expect(result.summary).toContain("nothing to release since release-1.2.0");
  });

  it("annotates broken links on their line and writes SARIF and JSON", async () => {
    const readme = "# Demo\n\nIntro.\n\nSee [the setup](docs/setup.md) and [usage](#usage).\n";
    const { dir } = repository({ ...PROJECT, "README.md": readme });
    const result = await runDriftCheckAction({
      workspace: dir,
      event: PUSH,
      inputs: { "sarif-file": "reports/drift.sarif", "json-file": "reports/drift.json" },
    });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({
      passed: "false",
      errors: "2",
      docs: "3",
      "sarif-file": "reports/drift.sarif",
    });
    const errors = result.annotations.filter((a) => a.level === "error" && a.file === "README.md");
    expect(errors.map((a) => [a.line, a.title])).toEqual([
      [5, expect.stringContaining("docs/setup.md")],
      [5, expect.stringContaining("#usage")],
    ]);
    const sarif = JSON.parse(readFileSync(join(dir, "reports/drift.sarif"), "utf8"));
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId).sort()).toEqual([
      "drift/links/broken-anchor",
      "drift/links/broken-link",
    ]);
    const json = JSON.parse(readFileSync(join(dir, "reports/drift.json"), "utf8"));
    expect(json.check).toBe("drift-check");
    expect(json.findings).toHaveLength(2);
  });

  it("with fix, rewrites marked tables and reports what is left", async () => {
    const readme = "# Demo\n\n<!-- upkeep:inputs action.yml -->\n<!-- /upkeep:inputs -->\n";
    const action =
      "name: demo\ndescription: d\ninputs:\n  level:\n    description: How loud.\n    default: high\nruns:\n  using: node24\n  main: index.js\n";
    const { dir } = repository({ ...PROJECT, "README.md": readme, "action.yml": action });
    const check = await runDriftCheckAction({ workspace: dir, event: PUSH });
    expect(check.exitCode).toBe(1);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe(readme);

    const fixed = await runDriftCheckAction({ workspace: dir, event: PUSH, inputs: { fix: "true" } });
    expect(fixed.exitCode, fixed.stdout).toBe(0);
    expect(fixed.outputs).toMatchObject({ fixed: "1", passed: "true" });
    expect(readFileSync(join(dir, "README.md"), "utf8")).toMatch(/\| `level` \|/);
  });

  it("in changelog mode, fails for a release tag without a section in CHANGELOG.md", async () => {
    const { dir } = releasedWithChanges();
    git(dir, "tag", "v1.3.0");
    const result = await runDriftCheckAction({ workspace: dir, event: PUSH, inputs: { mode: "changelog" } });
    expect(result.exitCode).toBe(1);
    const missing = result.annotations.find((a) => a.level === "error" && a.file === "CHANGELOG.md");
    expect(missing?.message).toContain("v1.3.0");
    expect(result.outputs["next-version"]).toBe("");
    expect(result.outputs["previous-tag"]).toBe("v1.3.0");
  });

  it("in changelog mode on a shallow checkout, fails saying to fetch the history", async () => {
    const { dir: origin } = releasedWithChanges();
    const shallow = tempDir();
    git(shallow, "clone", "-q", "--depth", "1", `file://${origin}`, ".");
    const result = await runDriftCheckAction({ workspace: shallow, event: PUSH, inputs: { mode: "changelog" } });
    expect(result.exitCode).toBe(1);
    const failure = result.annotations.find((a) => a.level === "error")?.message ?? "";
    expect(failure).toContain("fetch-depth: 0");
  });

  it("checks below working-directory and names files from the repository root", async () => {
    const { dir } = repository({ "app/README.md": "# App\n\n[gone](gone.md)\n", "app/src/a.ts": "export {};\n" });
    const result = await runDriftCheckAction({ workspace: dir, event: PUSH, inputs: { "working-directory": "app" } });
    expect(result.exitCode).toBe(1);
    expect(result.annotations).toContainEqual(
      expect.objectContaining({ level: "error", file: "app/README.md", line: 3 }),
    );
  });

  it("in auto mode on a pull request, reports docs findings only in the files it changes", async () => {
    const { dir, sha: baseSha } = repository({ ...PROJECT, "docs/old.md": "# Old\n\n[gone](gone.md)\n" });
    git(dir, "checkout", "-qb", "docs");
    const headSha = commit(dir, "docs: add a page", { "docs/new.md": "# New\n\n[missing](missing.md)\n" });
    const event = pullRequestEvent({ title: "docs: add a page", baseSha, headSha });
    const auto = await runDriftCheckAction({ workspace: dir, event, inputs: { comment: "false" } });
    expect(auto.outputs).toMatchObject({ entry: "no-code-changes", errors: "1" });
    expect(auto.annotations.filter((a) => a.level === "error" && a.file).map((a) => a.file)).toEqual(["docs/new.md"]);
    const docs = await runDriftCheckAction({ workspace: dir, event, inputs: { comment: "false", mode: "docs" } });
    expect(docs.outputs).toMatchObject({ entry: "", errors: "2" });
    expect(existsSync(join(dir, "upkeep-drift-check.sarif"))).toBe(false);
  });
});
