// runPullRequestGate over a real git history (fast-import fixture) and over stand-in ports: the verdict, the
// release preview per touched target, and what it says when the history or the commits are missing.

import type { ReleaseTarget } from "@upkeep/shared/changelog/release-targets.js";
import { gitChangedFiles } from "@upkeep/shared/io/git-changed-files.js";
import { recordingLogger } from "@upkeep/shared/logger.js";
import type { ChangedFilesPort, PullRequestChanges } from "@upkeep/shared/ports.js";
import { type PullRequestGateInput, runPullRequestGate } from "@upkeep/shared/pr-gate/run.js";
import { afterAll, describe, expect, it } from "vitest";
import { day, fixtureRepo } from "../changelog/git-fixture.js";
import { driftConfig, NOW } from "../drift/helpers.js";

const repo = fixtureRepo([
  { message: "feat: first", at: day("2026-01-01"), files: { "src/a.ts": "1\n", "packages/web/src/w.ts": "1\n" } },
  { message: "chore: release", at: day("2026-01-02"), tags: ["v1.2.0", "web@0.3.0"] },
  { message: "fix: handle empty input", at: day("2026-01-03"), files: { "src/empty.ts": "x\n" } },
  {
    message: "feat(core): change the answer",
    at: day("2026-01-04"),
    files: { "src/a.ts": "2\n", "packages/web/src/w.ts": "2\n" },
  },
]);
afterAll(() => repo.cleanup());

const base = repo.sha("fix: handle empty input");
const head = repo.sha("feat(core): change the answer");
const ROOT: ReleaseTarget = { name: undefined, target: { scheme: { prefix: "v" } }, file: "CHANGELOG.md" };
const WEB: ReleaseTarget = {
  name: "web",
  target: { scheme: { prefix: "web@" }, path: "packages/web" },
  file: "packages/web/CHANGELOG.md",
};
const API: ReleaseTarget = {
  name: "api",
  target: { scheme: { prefix: "api@" }, path: "packages/api" },
  file: "packages/api/CHANGELOG.md",
};

function input(overrides: Partial<PullRequestGateInput> = {}): PullRequestGateInput {
  return {
    pr: {
      number: 7,
      title: "feat(core): change the answer",
      labels: [],
      author: "octocat",
      isFork: false,
      base,
      head,
    },
    drift: driftConfig(),
    release: { targets: [ROOT], notes: {}, preMajor: false },
    prefix: "",
    historyHint: "fetch the history",
    ...overrides,
  };
}

function fixedChanges(changes: PullRequestChanges): ChangedFilesPort & { asked: unknown[] } {
  const asked: unknown[] = [];
  return {
    asked,
    async changes(pr) {
      asked.push(pr);
      return changes;
    },
  };
}

describe("runPullRequestGate", () => {
  it("reads the changes from git, fails a code change without an entry and previews the next minor release", async () => {
    const logger = recordingLogger();
    const result = await runPullRequestGate(input(), {
      changedFiles: gitChangedFiles(repo.git, { scope: "repository" }),
      history: repo.git,
      clock: { now: () => NOW },
      logger,
    });
    expect(result.changes.files).toEqual(["packages/web/src/w.ts", "src/a.ts"]);
    expect(result.changes.commits?.map((c) => c.sha)).toEqual([head]);
    expect(result.evaluation.entry.outcome).toBe("entry-missing");
    expect(result.report.findings.map((f) => f.rule)).toEqual(["drift/pr/entry-missing"]);
    expect(result.report.generatedAt).toBe(NOW.toISOString());
    expect(result.previews).toHaveLength(1);
    expect(result.previews[0]).toMatchObject({
      name: undefined,
      previousTag: "v1.2.0",
      preview: { releaseType: "minor", version: "1.3.0" },
    });
    expect(result.previews[0]?.preview.notes).toContain("**core:** change the answer");
    expect(result.previews[0]?.preview.notes).toContain("2026-11-26");
    expect(result.report.data.preview).toEqual(result.previews[0]?.preview);
  });

  it("previews only the packages the pull request touches, mapping folder paths to the repository root", async () => {
    const port = fixedChanges({ files: ["src/w.ts"], commits: [], source: "git" });
    const result = await runPullRequestGate(
      input({ release: { targets: [WEB, API], notes: {}, preMajor: false }, prefix: "packages/web" }),
      { changedFiles: port, history: repo.git, clock: { now: () => NOW }, logger: recordingLogger() },
    );
    expect(port.asked).toEqual([{ number: 7, base, head }]);
    expect(result.previews.map((p) => p.name)).toEqual(["web"]);
    expect(result.previews[0]).toMatchObject({ previousTag: "web@0.3.0", preview: { version: "0.4.0" } });
  });

  it("skips the preview without history and warns that commits were not linted when the port has none", async () => {
    const logger = recordingLogger();
    const result = await runPullRequestGate(
      input({
        drift: driftConfig({ conventional: { lintCommits: true } }),
        pr: { ...input().pr, title: "Update things" },
      }),
      {
        changedFiles: fixedChanges({ files: ["README.md"], commits: undefined, source: "api" }),
        history: undefined,
        clock: { now: () => NOW },
        logger,
      },
    );
    expect(result.previews).toEqual([]);
    expect(result.report.data.preview).toBeUndefined();
    expect(result.evaluation.entry.outcome).toBe("no-code-changes");
    expect(result.report.findings.map((f) => f.rule)).toEqual(["drift/pr/title"]);
    expect(logger.records).toContainEqual({
      level: "warning",
      message: "commits not linted: the checkout is shallow; fetch the history",
    });
    expect(logger.records).toContainEqual({ level: "info", message: "release preview skipped: fetch the history" });
  });

  it("lints the commits the port reads when drift.conventional.lintCommits is on", async () => {
    const result = await runPullRequestGate(input({ drift: driftConfig({ conventional: { lintCommits: true } }) }), {
      changedFiles: fixedChanges({
        files: ["CHANGELOG.md", "src/a.ts"],
        commits: [{ sha: "a".repeat(40), message: "wip" }],
        source: "git",
      }),
      history: undefined,
      clock: { now: () => NOW },
      logger: recordingLogger(),
    });
    expect(result.evaluation.entry.outcome).toBe("entry-present");
    expect(result.report.findings.map((f) => f.rule)).toEqual(["drift/pr/commit"]);
  });
});
