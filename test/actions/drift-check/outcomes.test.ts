// The documented outcomes of the pull-request gate, each through the built action under Node 24 on a
// pull_request payload in a real git repository (changed files from git, base...head).
import { describe, expect, it } from "vitest";
import { commit, git, PROJECT, pullRequestEvent, repository, runDriftCheckAction } from "./helpers.js";

interface Case {
  outcome: string;
  title: string;
  files: Record<string, string | null>;
  labels?: string[];
  author?: string;
  passed: boolean;
}

const CODE = { "src/index.ts": "export const answer = 43;\n" };

const cases: Case[] = [
  { outcome: "no-changes", title: "feat: nothing yet", files: {}, passed: true },
  { outcome: "entry-missing", title: "feat: change the answer", files: CODE, passed: false },
  {
    outcome: "entry-present",
    title: "feat: change the answer",
    files: { ...CODE, "CHANGELOG.md": `${PROJECT["CHANGELOG.md"]}\n* change the answer\n` },
    passed: true,
  },
  {
    outcome: "entry-present",
    title: "fix: change the answer",
    files: { ...CODE, ".changeset/brave-cats.md": '---\n"demo": patch\n---\n\nChange the answer.\n' },
    passed: true,
  },
  {
    outcome: "no-code-changes",
    title: "feat: tooling",
    files: { "scripts/release.sh": "#!/bin/sh\necho release\n", ".github/workflows/ci.yml": "on: push\n" },
    passed: true,
  },
  {
    outcome: "skipped-author",
    title: "build(deps): bump lodash",
    files: CODE,
    author: "dependabot[bot]",
    passed: true,
  },
  { outcome: "skipped-label", title: "feat: change the answer", files: CODE, labels: ["skip-changelog"], passed: true },
  { outcome: "skipped-type", title: "chore: tidy up", files: CODE, passed: true },
];

function pullRequest(c: Pick<Case, "title" | "files" | "labels" | "author">) {
  const { dir, sha: baseSha } = repository(PROJECT);
  git(dir, "checkout", "-qb", "topic");
  const headSha = Object.keys(c.files).length > 0 ? commit(dir, c.title, c.files) : baseSha;
  return {
    dir,
    event: pullRequestEvent({
      title: c.title,
      baseSha,
      headSha,
      ...(c.labels ? { labels: c.labels } : {}),
      ...(c.author ? { author: c.author } : {}),
    }),
  };
}

describe.concurrent("actions/drift-check pull-request outcomes", () => {
  it.each(cases.map((c) => [c.outcome, c.title, c] as const))("%s (%s)", async (_, __, c) => {
    const { dir, event } = pullRequest(c);
    const result = await runDriftCheckAction({ workspace: dir, event, inputs: { comment: "false" } });
    expect(result.outputs.entry, result.stdout).toBe(c.outcome);
    expect(result.outputs.passed).toBe(String(c.passed));
    expect(result.exitCode).toBe(c.passed ? 0 : 1);
    expect(result.outputs["changed-files"]).toBe(String(Object.keys(c.files).length));
    // The job summary is written whatever the outcome.
    expect(result.summary).toContain("drift-check");
  });

  it("explains how to add a changelog entry, or skip it, in the annotation of a missing entry", async () => {
    const { dir, event } = pullRequest({ title: "feat: change the answer", files: CODE });
    const result = await runDriftCheckAction({ workspace: dir, event, inputs: { comment: "false" } });
    const missing = result.annotations.find((a) => a.level === "error" && a.title?.includes("Changelog entry missing"));
    expect(missing?.message).toContain("src/index.ts");
    expect(missing?.message).toContain("CHANGELOG.md");
    expect(missing?.message).toContain(".changeset/*.md");
    expect(missing?.message).toContain('label the PR "skip-changelog"');
    expect(result.summary).toContain("Changelog entry missing");
  });

  it.each([
    ["Update the README", "is not a Conventional Commits header"],
    ["Feat: change the answer", 'type "Feat" must be lower case ("feat")'],
    ["feature: change the answer", 'type "feature" is not allowed'],
  ])("fails a bad title %j and shows the expected form", async (title, problem) => {
    const { dir, event } = pullRequest({
      title,
      files: { ...CODE, "CHANGELOG.md": `${PROJECT["CHANGELOG.md"]}\n* x\n` },
    });
    const result = await runDriftCheckAction({ workspace: dir, event, inputs: { comment: "false" } });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ passed: "false", entry: "entry-present", errors: "1" });
    const annotation = result.annotations.find((a) => a.level === "error" && a.title?.includes("PR title"));
    expect(annotation?.message).toContain(problem);
    expect(annotation?.message).toContain("Expected `type(scope)!: subject`, e.g. `feat: describe the change`");
  });
});
