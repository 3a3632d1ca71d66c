// The committed bundle of actions/staging-gate under Node 24, as the runner starts it, against the GitHub stand-in.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../harness/node24.js";
import { CASES } from "../../shared/gate/cases.js";
import { type ProbeServer, startProbeServer } from "../../shared/gate/probe-server.js";
import { seedCase } from "../../shared/gate/setup-case.js";
import { addWorkflowRun } from "../../stand-ins/github/routes/gate.js";
import { useGitHubStandIn } from "../../stand-ins/github/use-github-stand-in.js";
import { runBundledAction, tempDir, writeFiles } from "../helpers.js";

const actionDir = join(repoRoot, "actions", "staging-gate");
const gh = useGitHubStandIn();
let probe: ProbeServer;
beforeAll(async () => {
  probe = await startProbeServer();
});
afterAll(async () => {
  await probe.close();
});

let n = 0;
async function runCase(
  name: string,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
  during?: (s: { repo: string; sha: string }) => Promise<void>,
) {
  const index = CASES.findIndex((c) => c.name === name);
  n += 1;
  const s = seedCase(gh(), CASES[index]!, n, probe.url);
  const workspace = tempDir("staging-gate-");
  writeFiles(workspace, s.files);
  // The workflow run the step belongs to: its own jobs are not waited for.
  const run = addWorkflowRun(gh().state, s.repo, { headSha: s.sha });
  gh().resetLog();
  const pending = runBundledAction(actionDir, {
    timeoutMs: 120_000,
    apiUrl: gh().url,
    workspace,
    repository: s.repo,
    sha: s.sha,
    now: s.now,
    inputs,
    env: { GITHUB_RUN_ID: String(run.id), ...env },
  });
  await during?.(s);
  return { result: await pending, seeded: s };
}

describe("staging-gate action", () => {
  it("approves the same commit green in staging: step passes, summary table, outputs", async () => {
    const { result } = await runCase("same commit green in staging (control)");
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.outputs.verdict).toBe("approve");
    expect(result.outputs.decision).toBe("approve");
    expect(result.outputs.reasons).toBe("");
    expect(result.summary).toMatch(/### Staging gate: approve for [0-9a-f]{12} → production/);
    expect(result.summary).toContain("| status | rule | summary | evidence |");
    expect(result.summary).toMatch(/\| ✅ pass \| `same-artifact` \|/);
    expect(JSON.parse(result.outputs.result!)).toMatchObject({ verdict: "approve" });
  });

  it("rejects a commit staging failed after succeeding: step fails naming the rule", async () => {
    const { result } = await runCase("staging failed after succeeding");
    expect(result.exitCode).toBe(1);
    expect(result.outputs.verdict).toBe("reject");
    expect(result.outputs.reasons).toMatch(/^same-artifact: staging: deployment \d+ is failure since /);
    expect(result.summary).toMatch(/\| ❌ fail \| `same-artifact` \|/);
    expect(result.annotations.filter((a) => a.level === "error").map((a) => a.message)).toEqual([
      expect.stringMatching(/^staging-gate: rejected: same-artifact/),
    ]);
  });

  it("with wait, re-polls with conditional requests and approves once the running check completes", async () => {
    // UPKEEP_NOW empty: the real clock, so the wait really passes (one poll, clamped to the 1 m left).
    const { result } = await runCase("a check is still running", { wait: "1m" }, { UPKEEP_NOW: "" }, async (s) => {
      await new Promise((r) => setTimeout(r, 5000));
      const run = gh()
        .state.repo(s.repo)
        .checkRuns.find((r) => r.name === "e2e")!;
      run.status = "completed";
      run.conclusion = "success";
    });
    expect(result.stdout).toMatch(/pending after attempt 1: checks/);
    expect(result.outputs.verdict).toBe("approve");
    expect(result.exitCode).toBe(0);
    // The second evaluation asked again with If-None-Match: unchanged answers came back 304.
    expect(gh().requests.filter((r) => r.status === 304).length).toBeGreaterThan(0);
  }, 120_000);

  it("a dry run passes the step and reports the real verdict", async () => {
    const { result } = await runCase("a check failed", { "dry-run": "true" });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ verdict: "reject", decision: "approve" });
    expect(result.summary).toContain("dry run: approved anyway");
  });

  it("records who overrode a freeze", async () => {
    const { result } = await runCase(
      "maintenance window from .github/maintenance in progress",
      { "override-freeze": "hotfix for the outage" },
      { GITHUB_ACTOR: "oncall-amy" },
    );
    expect(result.exitCode).toBe(0);
    expect(result.summary).toContain("overridden by @oncall-amy (input): hotfix for the outage");
  });

  it("fails with the input named when the SHA is short", async () => {
    const { result } = await runCase("same commit green in staging (control)", { sha: "abc1234" });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find((a) => a.level === "error")?.message).toMatch(
      /input sha: "abc1234" is not a full commit SHA/,
    );
  });
});
