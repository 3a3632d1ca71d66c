import { lintHeader, parseHeader } from "@upkeep/shared/pr-gate/conventional.js";
import { evaluatePullRequest, type PullRequestInput, pullRequestReport } from "@upkeep/shared/pr-gate/gate.js";
import { previewRelease, renderReleasePreview } from "@upkeep/shared/pr-gate/release-preview.js";
import { renderReport } from "@upkeep/shared/report/render.js";
import { describe, expect, it } from "vitest";
import { driftConfig, NOW } from "../drift/helpers.js";

function pr(overrides: Partial<PullRequestInput>): PullRequestInput {
  return {
    title: "feat(drift): add links",
    labels: [],
    author: "octocat",
    changedFiles: [],
    isFork: false,
    ...overrides,
  };
}

describe("PR gate: changelog entry", () => {
  it.each<[string, Partial<PullRequestInput>, Record<string, unknown>, string, boolean]>([
    ["no changes", {}, {}, "no-changes", true],
    ["code without entry", { changedFiles: ["shared/src/a.ts"] }, {}, "entry-missing", false],
    ["entry present: CHANGELOG.md", { changedFiles: ["shared/src/a.ts", "CHANGELOG.md"] }, {}, "entry-present", true],
    [
      "entry present: package changelog",
      { changedFiles: ["src/a.ts", "packages/x/CHANGELOG.md"] },
      {},
      "entry-present",
      true,
    ],
    ["entry present: changeset", { changedFiles: ["src/a.ts", ".changeset/brave-owls.md"] }, {}, "entry-present", true],
    [
      "the changesets README is no entry",
      { changedFiles: ["src/a.ts", ".changeset/README.md"] },
      {},
      "entry-missing",
      false,
    ],
    [
      "only files outside any package",
      { changedFiles: ["scripts/x.mjs", ".github/workflows/ci.yml"] },
      {},
      "no-code-changes",
      true,
    ],
    ["Markdown under a code folder is docs", { changedFiles: ["src/README.md"] }, {}, "no-code-changes", true],
    ["docs do not count by default", { changedFiles: ["src/a.ts", "docs/a.md"] }, {}, "entry-missing", false],
    [
      "docs count with docsSatisfy",
      { changedFiles: ["src/a.ts", "docs/a.md"] },
      { docsSatisfy: true },
      "entry-present",
      true,
    ],
    ["skip label", { changedFiles: ["src/a.ts"], labels: ["skip-changelog"] }, {}, "skipped-label", true],
    ["Dependabot", { changedFiles: ["src/a.ts"], author: "dependabot[bot]" }, {}, "skipped-author", true],
    ["Renovate", { changedFiles: ["src/a.ts"], author: "renovate[bot]" }, {}, "skipped-author", true],
    ["a chore needs none", { changedFiles: ["src/a.ts"], title: "chore: tidy" }, {}, "skipped-type", true],
    [
      "a breaking chore does",
      { changedFiles: ["src/a.ts"], title: "chore!: drop node 18" },
      {},
      "entry-missing",
      false,
    ],
    ["requireEntry off", { changedFiles: ["src/a.ts"] }, { requireEntry: false }, "not-required", true],
    ["custom code globs", { changedFiles: ["app/main.go"] }, { code: ["app/**"] }, "entry-missing", false],
  ])("%s", (_name, input, config, outcome, passes) => {
    const ev = evaluatePullRequest(pr(input), driftConfig(config));
    expect(ev.entry.outcome).toBe(outcome);
    expect(ev.findings.some((f) => f.level === "error")).toBe(!passes);
  });

  it("says how to satisfy the requirement", () => {
    const ev = evaluatePullRequest(pr({ changedFiles: ["shared/src/a.ts", "shared/src/b.ts"] }), driftConfig());
    expect(ev.findings.map((f) => f.message)).toEqual([
      'Code changed (shared/src/a.ts, shared/src/b.ts) but neither CHANGELOG.md nor a .changeset/*.md did. Add an entry (or run npx changeset), label the PR "skip-changelog", or use a type that needs none (docs, test, ci, chore, build, style).',
    ]);
  });
});

describe("PR gate: Conventional Commits", () => {
  it.each<[string, string | undefined, boolean, string[]]>([
    ["feat(drift): add links", "feat", false, []],
    ["fix!: drop the v1 input", "fix", true, []],
    ["feat(api,cli): both", "feat", false, []],
    ["Add links", undefined, false, ["is not a Conventional Commits header"]],
    ["Feat: add links", "Feat", false, ['type "Feat" must be lower case ("feat")']],
    ["feature: add links", "feature", false, ['type "feature" is not allowed']],
    ["feat: ", "feat", false, ["the subject is empty"]],
  ])("%j", (title, type, breaking, problems) => {
    const parsed = parseHeader(title);
    expect(parsed.type).toBe(type);
    expect(parsed.breaking).toBe(breaking);
    const found = lintHeader(parsed, { types: driftConfig().conventional.types, scopes: [] });
    expect(found.length).toBe(problems.length);
    problems.forEach((p, i) => {
      expect(found[i]).toContain(p);
      expect(found[i]).toContain("Expected `type(scope)!: subject`, e.g. `feat: describe the change`");
    });
  });

  it("recognises a BREAKING CHANGE footer in the description", () => {
    expect(parseHeader("feat: x\n\nBREAKING CHANGE: the y input is gone").breaking).toBe(true);
    expect(parseHeader("feat: x\n\nBREAKING-CHANGE: gone").breaking).toBe(true);
    expect(parseHeader("feat: x\n\nmentions breaking change in prose").breaking).toBe(false);
  });

  it("checks scopes when configured", () => {
    const ev = evaluatePullRequest(
      pr({ title: "fix(ui): x" }),
      driftConfig({ conventional: { scopes: ["drift", "patch"] } }),
    );
    expect(ev.findings.map((f) => f.message)).toEqual([
      expect.stringContaining(
        'scope "ui" is not allowed. Expected `type(scope)!: subject`, e.g. `feat(drift): describe the change`',
      ),
    ]);
  });

  it("lints every commit only when asked, skipping merges and fixups", () => {
    const commits = [
      { sha: "a".repeat(40), message: "feat: good" },
      { sha: "b".repeat(40), message: "wip" },
      { sha: "c".repeat(40), message: "Merge branch 'main' into topic" },
      { sha: "d".repeat(40), message: "fixup! feat: good" },
    ];
    expect(evaluatePullRequest(pr({ commits }), driftConfig()).findings).toEqual([]);
    const ev = evaluatePullRequest(pr({ commits }), driftConfig({ conventional: { lintCommits: true } }));
    expect(ev.findings.map((f) => [f.rule, f.title])).toEqual([
      ["drift/pr/commit", "Commit bbbbbbb is not a Conventional Commit"],
    ]);
  });
});

describe("PR gate: release preview and report", () => {
  const base = { lastStable: "1.2.0", lastTagged: "1.2.0", previousTag: "v1.2.0", pending: [] };
  const options = { scheme: { prefix: "v" }, date: "2026-11-26" };

  it.each([
    ["feat(drift): add links", "minor", "1.3.0", "### Features"],
    ["fix: handle empty tables", "patch", "1.2.1", "### Bug Fixes"],
    ["feat!: new config", "major", "2.0.0", "### ⚠ BREAKING CHANGES"],
  ])("%s → %s %s", (title, type, version, section) => {
    const p = previewRelease({ title, sha: "1234567890abcdef" }, base, options);
    expect([p.releaseType, p.version]).toEqual([type, version]);
    expect(p.notes).toContain(`## ${version} (2026-11-26)`);
    expect(p.notes).toContain(section);
    expect(renderReleasePreview(p)).toContain(`Release preview: ${type} → ${version}`);
  });

  it("a chore releases nothing; pending features on the base still set the bump", () => {
    expect(previewRelease({ title: "chore: tidy" }, base, options)).toEqual({
      releaseType: undefined,
      version: undefined,
      notes: undefined,
    });
    const pending = [
      {
        hash: "x",
        type: "feat",
        scope: undefined,
        subject: "s",
        header: "feat: s",
        breaking: false,
        notes: [],
        references: [],
        committedAt: 0,
      },
    ];
    expect(previewRelease({ title: "fix: y" }, { ...base, pending }, options).version).toBe("1.3.0");
  });

  it("renders through the shared renderers with the outcome and preview as notes", () => {
    const ev = evaluatePullRequest(pr({ changedFiles: ["src/a.ts"] }), driftConfig());
    const preview = previewRelease({ title: "feat(drift): add links" }, base, options);
    const report = pullRequestReport(ev, { now: NOW, preview });
    expect(report.notes).toEqual([
      "1 code file(s) changed without a changelog entry.",
      "Release preview: this pull request makes a minor release (1.3.0).",
    ]);
    expect(JSON.parse(renderReport(report, "json")).data.pr.outcome).toBe("entry-missing");
    expect(renderReport(report, "markdown")).toContain("Changelog entry missing");
  });
});
