// Repositories, contents, commits, compare, refs, tags and pull requests through the real REST client.
import { Octokit } from "@octokit/rest";
import { beforeAll, describe, expect, it } from "vitest";
import { useGitHubStandIn } from "./use-github-stand-in.js";

const gh = useGitHubStandIn();
let octokit: Octokit;
const repo = { owner: "acme", repo: "app" };
let firstSha: string;
let secondSha: string;

beforeAll(() => {
  const state = gh().state;
  state.createRepo({
    owner: "acme",
    name: "app",
    files: { "package.json": '{ "name": "app" }\n', "src/index.ts": "export {};\n", "src/lib/util.ts": "1\n" },
  });
  firstSha = state.repo("acme/app").branches.get("main")!;
  secondSha = state.addCommit("acme/app", {
    message: "Bump lodash",
    files: { "package.json": '{ "name": "app", "version": "2" }\n', "src/lib/util.ts": null },
    date: "2024-05-01T10:00:00Z",
  }).sha;
  octokit = new Octokit({ auth: "t", baseUrl: gh().url, log: { debug() {}, info() {}, warn() {}, error() {} } });
});

describe("repository and contents", () => {
  it("gets the repository with its default branch and permissions", async () => {
    const { data } = await octokit.rest.repos.get(repo);
    expect(data).toMatchObject({
      full_name: "acme/app",
      default_branch: "main",
      private: false,
      permissions: { admin: true, push: true, pull: true },
      html_url: `${gh().url}/acme/app`,
    });
  });

  it("returns a file as base64 at the default branch and at an older ref", async () => {
    const now = await octokit.rest.repos.getContent({ ...repo, path: "package.json" });
    const file = now.data as { type: string; content: string; encoding: string; sha: string };
    expect(file.type).toBe("file");
    expect(file.encoding).toBe("base64");
    expect(Buffer.from(file.content, "base64").toString()).toBe('{ "name": "app", "version": "2" }\n');
    const old = await octokit.rest.repos.getContent({ ...repo, path: "package.json", ref: firstSha });
    expect(Buffer.from((old.data as { content: string }).content, "base64").toString()).toBe('{ "name": "app" }\n');
    expect((old.data as { sha: string }).sha).not.toBe(file.sha);
  });

  it("returns the raw file for the raw media type", async () => {
    const raw = await octokit.rest.repos.getContent({ ...repo, path: "src/index.ts", mediaType: { format: "raw" } });
    expect(raw.data as unknown as string).toBe("export {};\n");
  });

  it("lists a directory and answers 404 for a deleted file", async () => {
    const dir = await octokit.rest.repos.getContent({ ...repo, path: "src" });
    expect((dir.data as { name: string; type: string }[]).map((e) => [e.name, e.type])).toEqual([["index.ts", "file"]]);
    const root = await octokit.rest.repos.getContent({ ...repo, path: "" });
    expect((root.data as { name: string }[]).map((e) => e.name)).toEqual(["package.json", "src"]);
    await expect(octokit.rest.repos.getContent({ ...repo, path: "src/lib/util.ts" })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("creates and updates a file with the blob sha guard", async () => {
    gh().state.addCommit("acme/app", { branch: "docs", files: {} });
    const created = await octokit.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: "docs/a.md",
      message: "add docs",
      content: Buffer.from("hello\n").toString("base64"),
      branch: "docs",
    });
    expect(created.status).toBe(201);
    await expect(
      octokit.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: "docs/a.md",
        message: "stale",
        content: Buffer.from("x").toString("base64"),
        branch: "docs",
        sha: "0000000000000000000000000000000000000000",
      }),
    ).rejects.toMatchObject({ status: 409 });
    const file = await octokit.rest.repos.getContent({ ...repo, path: "docs/a.md", ref: "docs" });
    const updated = await octokit.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: "docs/a.md",
      message: "edit docs",
      content: Buffer.from("bye\n").toString("base64"),
      branch: "docs",
      sha: (file.data as { sha: string }).sha,
    });
    expect(updated.status).toBe(200);
    await expect(
      octokit.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: "x.md",
        message: "m",
        content: "eA==",
        branch: "no-such-branch",
      }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe("commits and compare", () => {
  it("lists commits newest first and filters by path", async () => {
    const all = await octokit.rest.repos.listCommits(repo);
    expect(all.data.slice(0, 2).map((c) => c.sha)).toEqual([secondSha, firstSha]);
    expect(all.data[0]?.commit.message).toBe("Bump lodash");
    expect(all.data[0]?.commit.author?.date).toBe("2024-05-01T10:00:00Z");
    const touching = await octokit.rest.repos.listCommits({ ...repo, path: "src/index.ts" });
    expect(touching.data.map((c) => c.sha)).toEqual([firstSha]);
  });

  it("gets one commit with its changed files", async () => {
    const { data } = await octokit.rest.repos.getCommit({ ...repo, ref: secondSha });
    expect(data.files?.map((f) => [f.filename, f.status])).toEqual([
      ["package.json", "modified"],
      ["src/lib/util.ts", "removed"],
    ]);
  });

  it("compares base...head with ahead/behind counts and files", async () => {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      ...repo,
      basehead: `${firstSha}...${secondSha}`,
    });
    expect(data).toMatchObject({ status: "ahead", ahead_by: 1, behind_by: 0, total_commits: 1 });
    expect(data.files?.map((f) => f.filename)).toEqual(["package.json", "src/lib/util.ts"]);
    const reverse = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `main...${firstSha}` });
    expect(reverse.data).toMatchObject({ status: "behind", ahead_by: 0, behind_by: 1 });
  });

  it("reads, creates and lists git refs and tags", async () => {
    const main = await octokit.rest.git.getRef({ ...repo, ref: "heads/main" });
    expect(main.data.object.sha).toBe(secondSha);
    await octokit.rest.git.createRef({ ...repo, ref: "refs/tags/v1.0.0", sha: firstSha });
    const tag = await octokit.rest.git.getRef({ ...repo, ref: "tags/v1.0.0" });
    expect(tag.data.object.sha).toBe(firstSha);
    const tags = await octokit.rest.repos.listTags(repo);
    expect(tags.data.map((t) => t.name)).toContain("v1.0.0");
    await expect(octokit.rest.git.getRef({ ...repo, ref: "heads/nope" })).rejects.toMatchObject({ status: 404 });
  });
});

describe("pull requests", () => {
  it("lists, gets and lists files of a pull request", async () => {
    gh().state.addCommit("acme/app", { branch: "feature", files: { "src/new.ts": "a\nb\n" }, message: "feat" });
    const pr = gh().state.addPull("acme/app", { title: "Add new", head: "feature", labels: ["deps"] });
    const list = await octokit.rest.pulls.list(repo);
    expect(list.data.map((p) => p.number)).toEqual([pr.number]);
    const got = await octokit.rest.pulls.get({ ...repo, pull_number: pr.number });
    expect(got.data).toMatchObject({ title: "Add new", head: { ref: "feature" }, base: { ref: "main" } });
    const files = await octokit.rest.pulls.listFiles({ ...repo, pull_number: pr.number });
    expect(files.data.map((f) => [f.filename, f.status, f.additions])).toEqual([["src/new.ts", "added", 2]]);
    const asIssue = await octokit.rest.issues.get({ ...repo, issue_number: pr.number });
    expect(asIssue.data.pull_request?.url).toBe(`${gh().url}/repos/acme/app/pulls/${pr.number}`);
  });

  it("creates a pull request between existing branches", async () => {
    gh().state.addCommit("acme/app", { branch: "fix", files: { "fix.txt": "x\n" } });
    const created = await octokit.rest.pulls.create({ ...repo, title: "Fix", head: "fix", base: "main" });
    expect(created.status).toBe(201);
    await expect(
      octokit.rest.pulls.create({ ...repo, title: "Again", head: "fix", base: "main" }),
    ).rejects.toMatchObject({ status: 422 });
  });
});
