// The action on pull requests against the GitHub stand-in: one sticky comment (key drift-check) with the
// findings and the release preview, updated in place; fork pull requests whose token cannot comment; and
// shallow checkouts, where the changed files come from the Pulls API.

import { onlyChangedFiles } from "@upkeep/shared/pr-gate/changed-files.js";
import type { Finding, Report } from "@upkeep/shared/report/model.js";
import { describe, expect, it } from "vitest";
import { useGitHubStandIn } from "../../stand-ins/github/use-github-stand-in.js";
import { commit, git, PROJECT, pullRequestEvent, REPO, repository, runDriftCheckAction, tempDir } from "./helpers.js";

const gh = useGitHubStandIn();

/** Opens a pull request in the stand-in (its number is what the action comments on). */
function openPull(branch: string, files?: { filename: string; status: "added" | "modified" }[]): number {
  const state = gh().state;
  if (!state.repos.has(REPO.toLowerCase())) state.createRepo({ owner: "Codertocat", name: "Hello-World" });
  state.addCommit(REPO, { branch, files: { [`${branch}.txt`]: "x\n" } });
  const pull = state.addPull(REPO, {
    title: "feat: x",
    head: branch,
    ...(files ? { files: files.map((f) => ({ ...f, additions: 1, deletions: 0 })) } : {}),
  });
  return pull.number;
}

function commentsOn(number: number) {
  return gh()
    .state.repo(REPO)
    .comments.filter((c) => c.issueNumber === number);
}

/** A released project (v1.2.0) with a pending fix on main, and a branch that adds a feature. */
function releasedProject() {
  const { dir } = repository(PROJECT);
  git(dir, "tag", "v1.2.0");
  const baseSha = commit(dir, "fix: handle empty input", { "src/empty.ts": "export {};\n" });
  git(dir, "checkout", "-qb", "answer");
  const headSha = commit(dir, "feat(core): change the answer", { "src/index.ts": "export const answer = 43;\n" });
  return { dir, baseSha, headSha };
}

describe("actions/drift-check on pull requests", () => {
  it("keeps one sticky comment with the findings and the release preview, updated in place", async () => {
    const { dir, baseSha, headSha } = releasedProject();
    const number = openPull("answer");
    const event = pullRequestEvent({ number, title: "feat(core): change the answer", baseSha, headSha });

    const first = await runDriftCheckAction({ workspace: dir, event, apiUrl: gh().url });
    expect(first.exitCode, first.stdout).toBe(1);
    expect(first.outputs).toMatchObject({
      entry: "entry-missing",
      "next-version": "1.3.0",
      "release-type": "minor",
    });
    expect(first.outputs.notes).toContain("### Features");
    expect(first.outputs.notes).toContain("**core:** change the answer");
    expect(commentsOn(number)).toHaveLength(1);
    const [comment] = commentsOn(number);
    expect(comment?.body).toContain("Changelog entry missing");
    expect(comment?.body).toContain("Release preview: minor → 1.3.0");
    expect(comment?.body).toContain("https://github.com/Codertocat/Hello-World/compare/v1.2.0...v1.3.0");
    expect(comment?.body).toMatch(/<!--[^>]*drift-check/);
    expect(first.summary).toContain("Release preview: minor → 1.3.0");

    // The next push adds the entry: the same comment is edited, no second one appears.
    const fixed = commit(dir, "docs: changelog entry", {
      "CHANGELOG.md": `${PROJECT["CHANGELOG.md"]}\n* change the answer\n`,
    });
    gh().resetLog();
    const second = await runDriftCheckAction({
      workspace: dir,
      event: pullRequestEvent({ number, title: "feat(core): change the answer", baseSha, headSha: fixed }),
      apiUrl: gh().url,
    });
    expect(second.exitCode, second.stdout).toBe(0);
    expect(second.outputs).toMatchObject({ passed: "true", entry: "entry-present" });
    expect(commentsOn(number)).toHaveLength(1);
    expect(commentsOn(number)[0]?.id).toBe(comment?.id);
    expect(commentsOn(number)[0]?.body).not.toContain("Changelog entry missing");
    expect(commentsOn(number)[0]?.body).toContain("Release preview: minor → 1.3.0");
    const writes = gh().requests.filter((r) => r.method !== "GET");
    expect(writes.map((r) => `${r.method} ${r.status}`)).toEqual(["PATCH 200"]);
  });

  it("does not comment with comment: false, but still writes the job summary", async () => {
    const { dir, baseSha, headSha } = releasedProject();
    const number = openPull("quiet");
    const event = pullRequestEvent({ number, title: "feat(core): change the answer", baseSha, headSha });
    const result = await runDriftCheckAction({ workspace: dir, event, apiUrl: gh().url, inputs: { comment: "false" } });
    expect(result.summary).toContain("Changelog entry missing");
    expect(commentsOn(number)).toEqual([]);
    expect(gh().requests.filter((r) => r.method === "POST" && r.path.includes(`/issues/${number}/`))).toEqual([]);
  });

  it("on a fork with a read-only token, a refused comment is a warning and never the reason for failing", async () => {
    const { dir, baseSha } = releasedProject();
    const headSha = commit(dir, "docs: entry", { "CHANGELOG.md": `${PROJECT["CHANGELOG.md"]}\n* answer\n` });
    const number = openPull("from-fork");
    gh().fault("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", {
      status: 403,
      times: Number.POSITIVE_INFINITY,
      body: {
        message: "Resource not accessible by integration",
        documentation_url: "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
      },
    });
    const event = pullRequestEvent({
      number,
      title: "feat(core): change the answer",
      baseSha,
      headSha,
      headRepo: "someone-else/Hello-World",
    });
    const result = await runDriftCheckAction({ workspace: dir, event, apiUrl: gh().url });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ passed: "true", entry: "entry-present" });
    expect(result.summary).toContain("drift-check");
    expect(result.annotations).toContainEqual(
      expect.objectContaining({
        level: "warning",
        message: expect.stringMatching(/could not comment on pull request #\d+.*Resource not accessible/s),
      }),
    );
    expect(commentsOn(number)).toEqual([]);
  });

  it("reads the changed files from the Pulls API when the checkout is shallow", async () => {
    const { dir: origin, baseSha, headSha } = releasedProject();
    const shallow = tempDir();
    git(shallow, "clone", "-q", "--depth", "1", "--branch", "answer", `file://${origin}`, ".");
    expect(git(shallow, "rev-parse", "--is-shallow-repository")).toBe("true");
    const number = openPull("shallow", [
      { filename: "src/index.ts", status: "modified" },
      { filename: ".changeset/answer.md", status: "added" },
    ]);
    const event = pullRequestEvent({ number, title: "feat(core): change the answer", baseSha, headSha });
    gh().resetLog();
    const result = await runDriftCheckAction({
      workspace: shallow,
      event,
      apiUrl: gh().url,
      inputs: { comment: "false" },
    });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ entry: "entry-present", "changed-files": "2" });
    expect(gh().requests.map((r) => `${r.method} ${r.path.split("?")[0]}`)).toContain(
      `GET /repos/${REPO}/pulls/${number}/files`,
    );
    // Without the history there is no honest preview: the outputs stay empty rather than guess.
    expect(result.outputs["next-version"]).toBe("");
  });
});

describe("onlyChangedFiles", () => {
  const finding = (file: string | undefined): Finding => ({
    rule: "drift/broken-links",
    level: "error",
    severity: "low",
    title: `in ${file}`,
    message: "m",
    fingerprint: `drift/broken-links:${file}`,
    ...(file ? { file } : {}),
  });
  const docs = (findings: Finding[]): Report => ({
    schemaVersion: 1,
    tool: { name: "upkeep", version: "0" },
    check: "drift",
    generatedAt: "2026-01-01T00:00:00.000Z",
    findings,
    rules: [],
    data: {},
    notes: ["scanned 3 docs"],
  });

  it("keeps findings in changed files and says how many elsewhere mode docs would show", () => {
    const report = docs([finding("README.md"), finding("docs/a.md"), finding(undefined)]);
    const narrowed = onlyChangedFiles(report, new Set(["README.md"]));
    expect(narrowed.findings.map((f) => f.file)).toEqual(["README.md"]);
    expect(narrowed.notes).toEqual([
      "scanned 3 docs",
      "Docs findings only in files this pull request changes; 2 more elsewhere (mode: docs shows them).",
    ]);
  });

  it("notes the narrowing without a count when nothing was left out", () => {
    const narrowed = onlyChangedFiles(docs([finding("README.md")]), new Set(["README.md", "docs/a.md"]));
    expect(narrowed.findings).toHaveLength(1);
    expect(narrowed.notes.at(-1)).toBe("Docs findings only in files this pull request changes.");
  });
});
