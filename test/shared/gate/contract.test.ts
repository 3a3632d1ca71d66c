// Every registered gate rule against the plugin contract: a folder with a README, an id matching the folder,
// off (skip) when its settings are absent, and never a pass on an unreachable GitHub.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { GitHubApiError } from "@upkeep/shared/errors.js";
import { evaluateGate } from "@upkeep/shared/gate/engine.js";
import { gateRules } from "@upkeep/shared/gate/registry.js";
import type { GateGitHub, GateSettings } from "@upkeep/shared/gate/types.js";
import { describe, expect, it } from "vitest";

const rulesDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "shared", "src", "gate", "rules");

const SHA = "a".repeat(40);
const base: GateSettings = {
  sha: SHA,
  environment: "production",
  requires: ["staging"],
  soakMs: 60_000,
  checks: "all",
  ignoreChecks: [],
  allowedConclusions: ["success"],
  probes: [
    { url: "http://127.0.0.1:9/h", status: [200], maxLatencyMs: 100, successes: 1, intervalMs: 0, timeoutMs: 100 },
  ],
  freezes: [{ kind: "range", title: "x", from: "2000-01-01", to: "2000-01-02", timezone: "UTC" }],
  dryRun: false,
  recordEvidence: false,
};

function failingGitHub(): GateGitHub {
  const fail = () => Promise.reject(new GitHubApiError("boom", { status: 502, method: "GET", url: "/x" }));
  return {
    listDeployments: fail,
    listDeploymentStatuses: fail,
    resolveRef: fail,
    listCheckRuns: fail,
    listCommitStatuses: fail,
    defaultBranch: fail,
    requiredChecks: fail,
    workflowRunCheckSuite: fail,
    addDeploymentStatus: fail,
    calls: () => 0,
  };
}

describe.each([...gateRules.values()].map((r) => [r.id, r] as const))("gate rule %s", (id, rule) => {
  it("lives in rules/<id>/ with a README", () => {
    expect(id).toMatch(/^[a-z][a-z-]*$/);
    expect(existsSync(join(rulesDir, id, "index.ts"))).toBe(true);
    expect(existsSync(join(rulesDir, id, "README.md"))).toBe(true);
    expect(rule.title.length).toBeGreaterThan(3);
  });

  it("is reported as skip, never pass, when turned off", async () => {
    const off: GateSettings = { ...base, requires: [], soakMs: 0, checks: "none", probes: [], freezes: [] };
    const result = await evaluateGate(off, {
      github: failingGitHub(),
      clock: { now: () => new Date("2026-12-01T00:00:00Z") },
      rules: new Map([[id, rule]]),
    });
    if (rule.enabled(off))
      expect(result.rules[0]?.status).toBe("pass"); // freeze is always on; nothing frozen
    else expect(result.rules[0]?.status).toBe("skip");
  });

  it("never passes when GitHub or staging cannot be reached", async () => {
    const attempt = evaluateGate(base, {
      github: failingGitHub(),
      clock: { now: () => new Date("2026-12-01T00:00:00Z") },
      rules: new Map([[id, rule]]),
      fetch: () => Promise.reject(new TypeError("fetch failed")),
    });
    const outcome = await attempt.then(
      (r) => r.rules[0]?.status,
      (e: unknown) => (e instanceof GitHubApiError ? "error" : `unexpected ${String(e)}`),
    );
    // The freeze rule reads no GitHub data unless an override label is configured.
    if (id === "freeze") expect(outcome).toBe("pass");
    else expect(["error", "pending", "fail"]).toContain(outcome);
  });
});
