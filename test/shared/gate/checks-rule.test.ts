// The checks rule against a fake GitHub port: what `required` means, and that not being able to read branch
// protection never narrows what is checked.
import { evaluateGate } from "@upkeep/shared/gate/engine.js";
import { checksRule } from "@upkeep/shared/gate/rules/checks/index.js";
import type { CheckRunInfo, GateGitHub, GateSettings } from "@upkeep/shared/gate/types.js";
import { describe, expect, it } from "vitest";

const settings: GateSettings = {
  sha: "c".repeat(40),
  environment: "production",
  requires: [],
  soakMs: 0,
  checks: "required",
  ignoreChecks: [],
  allowedConclusions: ["success", "neutral", "skipped"],
  runId: 7,
  probes: [],
  freezes: [],
  dryRun: false,
  recordEvidence: false,
};

function port(runs: CheckRunInfo[], required: Awaited<ReturnType<GateGitHub["requiredChecks"]>>): GateGitHub {
  const none = () => Promise.reject(new Error("not used"));
  return {
    listDeployments: none,
    listDeploymentStatuses: none,
    resolveRef: none,
    listCheckRuns: async () => runs,
    listCommitStatuses: async () => [],
    defaultBranch: async () => "main",
    requiredChecks: async () => required,
    workflowRunCheckSuite: async () => 99,
    addDeploymentStatus: none,
    calls: () => 0,
  };
}

const run = (name: string, status: string, conclusion: string | null, checkSuiteId = 1): CheckRunInfo => ({
  name,
  status,
  conclusion,
  checkSuiteId,
  url: "",
});

async function checks(
  runs: CheckRunInfo[],
  required: Awaited<ReturnType<GateGitHub["requiredChecks"]>>,
  over: Partial<GateSettings> = {},
) {
  const result = await evaluateGate(
    { ...settings, ...over },
    { github: port(runs, required), clock: { now: () => new Date() }, rules: new Map([["checks", checksRule]]) },
  );
  return result.rules[0]!;
}

describe("checks rule", () => {
  it("required: a failing check that is not required does not block", async () => {
    const r = await checks([run("test", "completed", "success"), run("lint", "completed", "failure")], {
      contexts: ["test"],
      sources: ["rulesets"],
    });
    expect(r.status).toBe("pass");
  });

  it("required but branch protection unreadable: every check counts, so the failing one blocks", async () => {
    const r = await checks([run("test", "completed", "success"), run("lint", "completed", "failure")], {
      contexts: [],
      sources: [],
      unreadable: true,
    });
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/not readable/);
  });

  it("all: the jobs of the gated workflow run are not waited for, other running ones are", async () => {
    const own = run("deploy-production", "waiting", null, 99);
    expect(
      (await checks([run("test", "completed", "success"), own], { contexts: [], sources: [] }, { checks: "all" }))
        .status,
    ).toBe("pass");
    const other = run("e2e", "queued", null, 5);
    expect((await checks([own, other], { contexts: [], sources: [] }, { checks: "all" })).status).toBe("pending");
  });

  it.each(["cancelled", "timed_out", "action_required", "stale", "startup_failure"])(
    "conclusion %s fails",
    async (c) => {
      expect(
        (await checks([run("test", "completed", c)], { contexts: [], sources: [] }, { checks: "all" })).status,
      ).toBe("fail");
    },
  );

  it("ignored checks are never waited for", async () => {
    const r = await checks(
      [run("flaky", "in_progress", null)],
      { contexts: [], sources: [] },
      { checks: "all", ignoreChecks: ["flaky"] },
    );
    expect(r.status).toBe("pass");
  });
});
