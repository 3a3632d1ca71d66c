// The staging gate's routes of the stand-in through the real REST client, every answer validated against GitHub's
// OpenAPI description: required checks (branch protection, rulesets), workflow runs and their pending deployments,
// pull requests of a commit and their label events.
import { Octokit } from "@octokit/rest";
import { beforeAll, describe, expect, it } from "vitest";
import { addLabelEvent, addWorkflowRun, gateState } from "./routes/gate.js";
import { useGitHubStandIn } from "./use-github-stand-in.js";

const gh = useGitHubStandIn();
let octokit: Octokit;
const repo = { owner: "acme", repo: "gated" };
let sha: string;

beforeAll(() => {
  gh().state.createRepo({ owner: "acme", name: "gated" });
  sha = gh().state.repo("acme/gated").branches.get("main")!;
  octokit = new Octokit({ auth: "t", baseUrl: gh().url, log: { debug() {}, info() {}, warn() {}, error() {} } });
});

describe("required checks", () => {
  it("answers 404 for an unprotected branch, then the protected contexts", async () => {
    await expect(octokit.rest.repos.getStatusChecksProtection({ ...repo, branch: "main" })).rejects.toMatchObject({
      status: 404,
    });
    gateState(gh().state.repo("acme/gated")).protection.set("main", ["test", "lint"]);
    const { data } = await octokit.rest.repos.getStatusChecksProtection({ ...repo, branch: "main" });
    expect(data.contexts).toEqual(["test", "lint"]);
    expect(data.checks?.map((c) => c.context)).toEqual(["test", "lint"]);
  });

  it("lists a ruleset's required status checks among the branch rules", async () => {
    expect((await octokit.rest.repos.getBranchRules({ ...repo, branch: "main" })).data).toEqual([]);
    gateState(gh().state.repo("acme/gated")).rulesets.set("main", ["e2e"]);
    const { data } = await octokit.rest.repos.getBranchRules({ ...repo, branch: "main" });
    expect(data).toMatchObject([
      { type: "required_status_checks", parameters: { required_status_checks: [{ context: "e2e" }] } },
    ]);
  });
});

describe("workflow runs", () => {
  it("gets a run with its check suite, lists waiting ones, and their pending deployments", async () => {
    gh().state.addEnvironment("acme/gated", "production");
    const waiting = addWorkflowRun(gh().state, "acme/gated", { headSha: sha, waitingFor: ["production"] });
    addWorkflowRun(gh().state, "acme/gated", { headSha: sha });
    const one = await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: waiting.id });
    expect(one.data).toMatchObject({
      id: waiting.id,
      head_sha: sha,
      status: "waiting",
      check_suite_id: waiting.checkSuiteId,
    });
    const list = await octokit.rest.actions.listWorkflowRunsForRepo({ ...repo, status: "waiting" });
    expect(list.data.workflow_runs.map((r) => r.id)).toEqual([waiting.id]);
    const pending = await octokit.rest.actions.getPendingDeploymentsForRun({ ...repo, run_id: waiting.id });
    expect(pending.data.map((p) => p.environment.name)).toEqual(["production"]);
    await expect(octokit.rest.actions.getWorkflowRun({ ...repo, run_id: 999_999 })).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe("pull requests of a commit", () => {
  it("lists the pull request whose head is the commit, and who labeled it", async () => {
    gh().state.addCommit("acme/gated", { branch: "hotfix", files: { "f.txt": "1" } });
    const head = gh().state.repo("acme/gated").branches.get("hotfix")!;
    const pr = gh().state.addPull("acme/gated", { title: "hotfix", head: "hotfix" });
    addLabelEvent(gh().state, "acme/gated", pr.number, "deploy-anyway", "captain");
    const pulls = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: head });
    expect(pulls.data.map((p) => [p.number, p.labels.map((l) => l.name)])).toEqual([[pr.number, ["deploy-anyway"]]]);
    const events = await octokit.rest.issues.listEvents({ ...repo, issue_number: pr.number });
    expect(events.data).toMatchObject([
      { event: "labeled", actor: { login: "captain" }, label: { name: "deploy-anyway" } },
    ]);
  });
});
