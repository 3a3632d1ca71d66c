// Check runs, commit statuses, deployments, environments and releases through the real REST client.
import { Octokit } from "@octokit/rest";
import { beforeAll, describe, expect, it } from "vitest";
import { useGitHubStandIn } from "./use-github-stand-in.js";

const gh = useGitHubStandIn();
let octokit: Octokit;
const repo = { owner: "acme", repo: "svc" };
let sha: string;

beforeAll(() => {
  gh().state.createRepo({ owner: "acme", name: "svc" });
  sha = gh().state.repo("acme/svc").branches.get("main")!;
  octokit = new Octokit({ auth: "t", baseUrl: gh().url, log: { debug() {}, info() {}, warn() {}, error() {} } });
});

describe("check runs", () => {
  it("creates a run, completes it with output and lists the latest per name for the ref", async () => {
    const created = await octokit.rest.checks.create({ ...repo, name: "upkeep/patch-check", head_sha: sha });
    expect(created.data).toMatchObject({ status: "queued", conclusion: null, head_sha: sha });
    const done = await octokit.rest.checks.update({
      ...repo,
      check_run_id: created.data.id,
      conclusion: "failure",
      output: {
        title: "2 vulnerable packages",
        summary: "lodash",
        annotations: [
          { path: "package-lock.json", start_line: 3, end_line: 3, annotation_level: "failure", message: "CVE" },
        ],
      },
    });
    expect(done.data).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(done.data.output).toMatchObject({ title: "2 vulnerable packages", annotations_count: 1 });
    expect(done.data.completed_at).not.toBeNull();
    await octokit.rest.checks.create({ ...repo, name: "upkeep/patch-check", head_sha: sha, conclusion: "success" });
    const latest = await octokit.rest.checks.listForRef({ ...repo, ref: "main" });
    expect(latest.data.total_count).toBe(1);
    expect(latest.data.check_runs[0]?.conclusion).toBe("success");
    const all = await octokit.rest.checks.listForRef({ ...repo, ref: sha, filter: "all" });
    expect(all.data.total_count).toBe(2);
  });

  it("refuses a run for an unknown commit", async () => {
    await expect(octokit.rest.checks.create({ ...repo, name: "x", head_sha: "f".repeat(40) })).rejects.toMatchObject({
      status: 422,
    });
  });
});

describe("commit statuses", () => {
  it("combines the latest status per context", async () => {
    await octokit.rest.repos.createCommitStatus({ ...repo, sha, state: "pending", context: "ci" });
    await octokit.rest.repos.createCommitStatus({ ...repo, sha, state: "success", context: "ci" });
    let combined = await octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: sha });
    expect(combined.data).toMatchObject({ state: "success", total_count: 1 });
    await octokit.rest.repos.createCommitStatus({ ...repo, sha, state: "failure", context: "upkeep" });
    combined = await octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: "main" });
    expect(combined.data).toMatchObject({ state: "failure", total_count: 2 });
    const list = await octokit.rest.repos.listCommitStatusesForRef({ ...repo, ref: sha });
    expect(list.data.map((s) => `${s.context}:${s.state}`)).toEqual(["upkeep:failure", "ci:success", "ci:pending"]);
  });
});

describe("deployments and environments", () => {
  it("creates a deployment and statuses; a success makes the previous deployment inactive", async () => {
    gh().state.repo("acme/svc").statuses.length = 0;
    const first = await octokit.rest.repos.createDeployment({ ...repo, ref: "main", environment: "staging" });
    const firstId = (first.data as { id: number }).id;
    await octokit.rest.repos.createDeploymentStatus({ ...repo, deployment_id: firstId, state: "success" });
    const second = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: "main",
      environment: "staging",
      payload: { version: "2" },
      required_contexts: [],
    });
    const secondId = (second.data as { id: number }).id;
    await octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: secondId,
      state: "success",
      environment_url: "https://staging.example",
    });
    const firstStatuses = await octokit.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: firstId });
    expect(firstStatuses.data.map((s) => s.state)).toEqual(["inactive", "success"]);
    const list = await octokit.rest.repos.listDeployments({ ...repo, environment: "staging" });
    expect(list.data.map((d) => d.id)).toEqual([secondId, firstId]);
    expect(list.data[0]?.payload).toEqual({ version: "2" });
  });

  it("refuses a deployment whose commit statuses fail", async () => {
    await octokit.rest.repos.createCommitStatus({ ...repo, sha, state: "failure", context: "ci" });
    await expect(octokit.rest.repos.createDeployment({ ...repo, ref: "main" })).rejects.toMatchObject({
      status: 409,
    });
    gh().state.repo("acme/svc").statuses.length = 0;
  });

  it("lists and gets environments with their protection rules", async () => {
    gh().state.addEnvironment("acme/svc", "production", { waitTimer: 5, reviewers: ["alice"] });
    gh().state.addEnvironment("acme/svc", "staging");
    const all = await octokit.rest.repos.getAllEnvironments(repo);
    expect(all.data.total_count).toBe(2);
    expect(all.data.environments?.map((e) => e.name)).toEqual(["production", "staging"]);
    const prod = await octokit.rest.repos.getEnvironment({ ...repo, environment_name: "production" });
    expect(prod.data.protection_rules?.map((r) => r.type)).toEqual(["wait_timer", "required_reviewers"]);
    await expect(octokit.rest.repos.getEnvironment({ ...repo, environment_name: "qa" })).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe("releases and tags", () => {
  it("creates releases and finds the latest and one by tag", async () => {
    await octokit.rest.repos.createRelease({ ...repo, tag_name: "v1.0.0", name: "One" });
    await octokit.rest.repos.createRelease({ ...repo, tag_name: "v2.0.0-rc.1", prerelease: true });
    const latest = await octokit.rest.repos.getLatestRelease(repo);
    expect(latest.data.tag_name).toBe("v1.0.0");
    const byTag = await octokit.rest.repos.getReleaseByTag({ ...repo, tag: "v2.0.0-rc.1" });
    expect(byTag.data.prerelease).toBe(true);
    const list = await octokit.rest.repos.listReleases(repo);
    expect(list.data.map((r) => r.tag_name)).toEqual(["v2.0.0-rc.1", "v1.0.0"]);
    const tags = await octokit.rest.repos.listTags(repo);
    expect(tags.data.map((t) => t.name).sort()).toEqual(["v1.0.0", "v2.0.0-rc.1"]);
    await expect(octokit.rest.repos.createRelease({ ...repo, tag_name: "v1.0.0" })).rejects.toMatchObject({
      status: 422,
    });
  });

  it("answers 404 for the latest release of a repository without one", async () => {
    gh().state.createRepo({ owner: "acme", name: "bare" });
    await expect(octokit.rest.repos.getLatestRelease({ owner: "acme", repo: "bare" })).rejects.toMatchObject({
      status: 404,
    });
  });
});
