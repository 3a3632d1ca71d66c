import { Octokit } from "@octokit/rest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type GitHubStandIn, startGitHubStandIn } from "./index.js";

let gh: GitHubStandIn;
let octokit: Octokit;
const repo = { owner: "acme", repo: "widgets" };

beforeAll(async () => {
  gh = await startGitHubStandIn();
  gh.state.createRepo({ owner: "acme", name: "widgets" });
  octokit = new Octokit({ auth: "test-token", baseUrl: gh.url, log: { debug() {}, info() {}, warn() {}, error() {} } });
});
afterEach(() => gh.assertNoViolations());
afterAll(() => gh.close());

describe("issues", () => {
  it("creates, reads, updates and closes an issue with labels and assignees", async () => {
    const created = await octokit.rest.issues.create({
      ...repo,
      title: "Dependency foo is vulnerable",
      body: "details",
      labels: ["security", { name: "upkeep" }],
      assignees: ["alice"],
    });
    expect(created.status).toBe(201);
    expect(created.data.number).toBeGreaterThan(0);
    expect(created.data.node_id).toMatch(/^I_/);
    expect(created.data.html_url).toBe(`${gh.url}/acme/widgets/issues/${created.data.number}`);
    expect(created.data.labels.map((l) => (typeof l === "string" ? l : l.name))).toEqual(["security", "upkeep"]);
    expect(created.data.user?.login).toBe("octocat");

    const got = await octokit.rest.issues.get({ ...repo, issue_number: created.data.number });
    expect(got.data.title).toBe("Dependency foo is vulnerable");

    const closed = await octokit.rest.issues.update({
      ...repo,
      issue_number: created.data.number,
      state: "closed",
      state_reason: "not_planned",
      title: "renamed",
    });
    expect(closed.data.state).toBe("closed");
    expect(closed.data.state_reason).toBe("not_planned");
    expect(closed.data.closed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(gh.state.repo("acme/widgets").issues.find((i) => i.number === created.data.number)?.title).toBe("renamed");

    const reopened = await octokit.rest.issues.update({ ...repo, issue_number: created.data.number, state: "open" });
    expect(reopened.data.state_reason).toBe("reopened");
    expect(reopened.data.closed_at).toBeNull();
  });

  it("lists issues filtered by state, labels, creator and since, newest first", async () => {
    gh.state.createRepo({ owner: "acme", name: "filters" });
    const r = { owner: "acme", repo: "filters" };
    gh.state.addIssue("acme/filters", { title: "a", labels: ["bug"], user: "alice" });
    gh.state.addIssue("acme/filters", { title: "b", labels: ["bug", "upkeep"], user: "bob" });
    gh.state.addIssue("acme/filters", { title: "c", state: "closed", labels: ["upkeep"] });
    const titles = async (params: Record<string, unknown>) =>
      (await octokit.rest.issues.listForRepo({ ...r, ...params })).data.map((i) => i.title);
    expect(await titles({})).toEqual(["b", "a"]);
    expect(await titles({ state: "all", direction: "asc" })).toEqual(["a", "b", "c"]);
    expect(await titles({ state: "all", labels: "upkeep" })).toEqual(["c", "b"]);
    expect(await titles({ labels: "bug,upkeep" })).toEqual(["b"]);
    expect(await titles({ creator: "alice" })).toEqual(["a"]);
    expect(await titles({ state: "closed" })).toEqual(["c"]);
    expect(await titles({ state: "all", since: "2999-01-01T00:00:00Z" })).toEqual([]);
  });

  it("answers 404 for a missing issue and a missing repository", async () => {
    await expect(octokit.rest.issues.get({ ...repo, issue_number: 9999 })).rejects.toMatchObject({ status: 404 });
    await expect(octokit.rest.repos.get({ owner: "acme", repo: "nope" })).rejects.toMatchObject({ status: 404 });
  });
});

describe("comments", () => {
  it("creates, lists, updates and deletes comments", async () => {
    const issue = gh.state.addIssue("acme/widgets", { title: "with comments" });
    const n = issue.number;
    const first = await octokit.rest.issues.createComment({ ...repo, issue_number: n, body: "one" });
    await octokit.rest.issues.createComment({ ...repo, issue_number: n, body: "two" });
    expect(first.status).toBe(201);
    const updated = await octokit.rest.issues.updateComment({ ...repo, comment_id: first.data.id, body: "uno" });
    expect(updated.data.body).toBe("uno");
    let list = await octokit.rest.issues.listComments({ ...repo, issue_number: n });
    expect(list.data.map((c) => c.body)).toEqual(["uno", "two"]);
    await octokit.rest.issues.deleteComment({ ...repo, comment_id: first.data.id });
    list = await octokit.rest.issues.listComments({ ...repo, issue_number: n });
    expect(list.data.map((c) => c.body)).toEqual(["two"]);
    expect((await octokit.rest.issues.get({ ...repo, issue_number: n })).data.comments).toBe(1);
  });
});

describe("labels", () => {
  it("creates repository labels, adds and removes them on an issue", async () => {
    await octokit.rest.issues.createLabel({ ...repo, name: "stale", color: "cccccc", description: "old" });
    await expect(octokit.rest.issues.createLabel({ ...repo, name: "Stale" })).rejects.toMatchObject({ status: 422 });
    const issue = gh.state.addIssue("acme/widgets", { title: "label me" });
    const added = await octokit.rest.issues.addLabels({
      ...repo,
      issue_number: issue.number,
      labels: ["stale", "new"],
    });
    expect(added.data.map((l) => l.name)).toEqual(["stale", "new"]);
    const after = await octokit.rest.issues.removeLabel({ ...repo, issue_number: issue.number, name: "stale" });
    expect(after.data.map((l) => l.name)).toEqual(["new"]);
    const all = await octokit.rest.issues.listLabelsForRepo({ ...repo, per_page: 100 });
    expect(all.data.find((l) => l.name === "stale")).toMatchObject({ color: "cccccc", description: "old" });
    await expect(
      octokit.rest.issues.removeLabel({ ...repo, issue_number: issue.number, name: "stale" }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe("milestones", () => {
  it("creates a milestone and assigns an issue to it", async () => {
    const m = await octokit.rest.issues.createMilestone({ ...repo, title: "v1" });
    const issue = await octokit.rest.issues.create({ ...repo, title: "in v1", milestone: m.data.number });
    expect(issue.data.milestone?.title).toBe("v1");
    const list = await octokit.rest.issues.listMilestones({ ...repo });
    expect(list.data[0]).toMatchObject({ title: "v1", open_issues: 1 });
    await expect(octokit.rest.issues.create({ ...repo, title: "x", milestone: 999 })).rejects.toMatchObject({
      status: 422,
    });
  });
});

describe("search", () => {
  it.each([
    ['repo:acme/searchable is:issue is:open "upkeep:patch-check" in:body', ["open marker"]],
    ["repo:acme/searchable is:issue is:closed in:body upkeep:patch-check", ["closed marker"]],
    ["repo:acme/searchable is:issue label:upkeep", ["closed marker", "open marker"]],
    ['repo:acme/searchable is:issue in:title "Weekly report"', ["Weekly report"]],
    ["repo:acme/searchable is:pr", []],
    ["repo:acme/other is:issue", []],
  ])("%s", async (q, expected) => {
    if (!gh.state.findRepo("acme/searchable")) {
      gh.state.createRepo({ owner: "acme", name: "searchable" });
      gh.state.addIssue("acme/searchable", {
        title: "open marker",
        body: "<!-- upkeep:patch-check -->",
        labels: ["upkeep"],
      });
      gh.state.addIssue("acme/searchable", {
        title: "closed marker",
        body: "x <!-- upkeep:patch-check -->",
        state: "closed",
        labels: ["upkeep"],
      });
      gh.state.addIssue("acme/searchable", { title: "Weekly report", body: "nothing to see" });
    }
    const res = await octokit.rest.search.issuesAndPullRequests({ q });
    expect(res.data.items.map((i) => i.title)).toEqual(expected);
    expect(res.data.total_count).toBe(expected.length);
    expect(res.headers["x-ratelimit-resource"]).toBe("search");
  });
});
