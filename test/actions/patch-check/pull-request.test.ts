// PR mode and the sticky comment: the built action on a pull_request event (payload from
// @octokit/webhooks-examples) in a real git repository, commenting through the GitHub stand-in.
import { describe, expect, it } from "vitest";
import { webhookExample } from "../../harness/webhook-example.js";
import { useGitHubStandIn } from "../../stand-ins/github/use-github-stand-in.js";
import {
  git,
  packageLock,
  runPatchCheckAction,
  type Services,
  standInInputs,
  useServices,
  workspace,
  writeFiles,
} from "./helpers.js";

const services = useServices();
const gh = useGitHubStandIn();
const REPO = "Codertocat/Hello-World"; // the repository of the webhook example

/** A repository whose base commit has lodash 4.17.20 and whose pull request adds minimist 1.2.5. */
function pullRequestCheckout(): { dir: string; baseSha: string } {
  const dir = workspace({ "package-lock.json": packageLock({ lodash: "4.17.20" }) });
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", ".");
  git(dir, "commit", "-qm", "base");
  const baseSha = git(dir, "rev-parse", "HEAD");
  git(dir, "checkout", "-qb", "add-minimist");
  writeFiles(dir, { "package-lock.json": packageLock({ lodash: "4.17.20", minimist: "1.2.5" }) });
  git(dir, "commit", "-qam", "add minimist");
  return { dir, baseSha };
}

/** Opens a pull request in the stand-in and returns the matching `pull_request.opened` event. */
function openPull(branch: string, baseSha: string): { number: number; event: { name: string; payload: unknown } } {
  const state = gh().state;
  if (!state.repos.has(REPO.toLowerCase())) state.createRepo({ owner: "Codertocat", name: "Hello-World" });
  state.addCommit(REPO, { branch, files: { "package-lock.json": "{}" } });
  const pull = state.addPull(REPO, { title: `Update ${branch}`, head: branch });
  const payload = webhookExample("pull_request.opened") as {
    number: number;
    pull_request: { number: number; base: { sha: string } };
  };
  payload.number = pull.number;
  payload.pull_request.number = pull.number;
  payload.pull_request.base.sha = baseSha;
  return { number: pull.number, event: { name: "pull_request", payload } };
}

function inputs(s: Services, extra: Record<string, string> = {}): Record<string, string> {
  return { ...standInInputs(s), ...extra };
}

function commentsOn(number: number) {
  return gh()
    .state.repo(REPO)
    .comments.filter((c) => c.issueNumber === number);
}

describe("actions/patch-check on pull requests", () => {
  it("reports only what the pull request introduces and keeps one sticky comment up to date", async () => {
    const { dir, baseSha } = pullRequestCheckout();
    const { number, event } = openPull("add-minimist", baseSha);

    const first = await runPatchCheckAction({ workspace: dir, event, apiUrl: gh().url, inputs: inputs(services()) });
    // lodash 4.17.20 is on the base already: only minimist (critical, overdue) is the pull request's doing.
    expect(first.exitCode, first.stdout).toBe(1);
    expect(first.outputs).toMatchObject({ vulnerabilities: "1", critical: "1", high: "0", overdue: "1" });
    expect(first.summary).toContain("GHSA-xvch-5gv4-984h");
    expect(first.summary).not.toContain("GHSA-35jh-r3h4-6jhm");
    expect(first.summary).toContain("1 introduced, 0 fixed, 1 already there");
    const [comment] = commentsOn(number);
    expect(commentsOn(number)).toHaveLength(1);
    expect(comment?.body).toContain("GHSA-xvch-5gv4-984h");
    expect(comment?.body).toContain("<!--");

    // The next push fixes minimist: the same comment is edited, no second one appears.
    writeFiles(dir, { "package-lock.json": packageLock({ lodash: "4.17.20", minimist: "1.2.6" }) });
    git(dir, "commit", "-qam", "bump minimist");
    gh().resetLog();
    const second = await runPatchCheckAction({ workspace: dir, event, apiUrl: gh().url, inputs: inputs(services()) });
    expect(second.exitCode, second.stdout).toBe(0);
    expect(second.outputs).toMatchObject({ passed: "true", vulnerabilities: "0" });
    expect(commentsOn(number)).toHaveLength(1);
    expect(commentsOn(number)[0]?.id).toBe(comment?.id);
    expect(commentsOn(number)[0]?.body).not.toContain("GHSA-xvch-5gv4-984h");
    const writes = gh().requests.filter((r) => r.method !== "GET");
    expect(writes.map((r) => `${r.method} ${r.status}`)).toEqual(["PATCH 200"]);
  });

  it("does not comment when comment is false, and PR mode can be turned off", async () => {
    const { dir, baseSha } = pullRequestCheckout();
    const { number, event } = openPull("no-comment", baseSha);
    const result = await runPatchCheckAction({
      workspace: dir,
      event,
      apiUrl: gh().url,
      inputs: inputs(services(), { comment: "false", "pr-mode": "false" }),
    });
    expect(result.outputs).toMatchObject({ vulnerabilities: "2" });
    expect(commentsOn(number)).toEqual([]);
  });

  it("on a fork pull request with a read-only token, a refused comment is a warning, not a failure", async () => {
    const { dir, baseSha } = pullRequestCheckout();
    const { number, event } = openPull("from-fork", baseSha);
    gh().fault("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", {
      status: 403,
      times: Number.POSITIVE_INFINITY,
      body: {
        message: "Resource not accessible by integration",
        documentation_url: "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
      },
    });
    const result = await runPatchCheckAction({
      workspace: dir,
      event,
      apiUrl: gh().url,
      inputs: inputs(services(), { "fail-on": "none", deadlines: "critical=off,high=off" }),
    });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ passed: "true", vulnerabilities: "1" });
    expect(result.annotations).toContainEqual(
      expect.objectContaining({
        level: "warning",
        message: expect.stringMatching(/could not comment on pull request #\d+.*Resource not accessible/s),
      }),
    );
    expect(commentsOn(number)).toEqual([]);
  });

  it("fails clearly when the base commit is not in the checkout", async () => {
    const { dir } = pullRequestCheckout();
    const { event } = openPull("shallow", "0123456789abcdef0123456789abcdef01234567");
    const result = await runPatchCheckAction({ workspace: dir, event, apiUrl: gh().url, inputs: inputs(services()) });
    expect(result.exitCode).toBe(1);
    const failure = result.annotations.find((a) => a.level === "error")?.message ?? "";
    expect(failure).toContain("base commit 0123456789abcdef0123456789abcdef01234567 is not in the checkout");
    expect(failure).toContain("fetch-depth: 0");
    expect(failure).not.toMatch(/\n\s+at /);
  });
});
