// The health rule against a real HTTP server on 127.0.0.1: consecutive successes, status and latency limits,
// body matchers, and inconclusive answers that are never a pass.
import { evaluateGate } from "@upkeep/shared/gate/engine.js";
import { healthRule } from "@upkeep/shared/gate/rules/health/index.js";
import type { GateGitHub, GateSettings, ProbeSettings } from "@upkeep/shared/gate/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProbeServer, startProbeServer } from "./probe-server.js";

let server: ProbeServer;
beforeAll(async () => {
  server = await startProbeServer();
});
afterAll(async () => {
  await server.close();
});

const unused = () => Promise.reject(new Error("not used"));
const github: GateGitHub = {
  listDeployments: unused,
  listDeploymentStatuses: unused,
  resolveRef: unused,
  listCheckRuns: unused,
  listCommitStatuses: unused,
  defaultBranch: unused,
  requiredChecks: unused,
  workflowRunCheckSuite: unused,
  addDeploymentStatus: unused,
  calls: () => 0,
};

async function probe(path: string, over: Partial<ProbeSettings> = {}) {
  const settings: GateSettings = {
    sha: "f".repeat(40),
    environment: "production",
    requires: [],
    soakMs: 0,
    checks: "none",
    ignoreChecks: [],
    allowedConclusions: [],
    probes: [
      {
        url: `${server.url}${path}`,
        status: [200],
        maxLatencyMs: 1000,
        successes: 3,
        intervalMs: 0,
        timeoutMs: 1000,
        ...over,
      },
    ],
    freezes: [],
    dryRun: false,
    recordEvidence: false,
  };
  const result = await evaluateGate(settings, {
    github,
    clock: { now: () => new Date() },
    rules: new Map([["health", healthRule]]),
  });
  return result.rules[0]!;
}

describe("health rule", () => {
  it("passes after N consecutive good answers", async () => {
    const before = server.hits.length;
    const r = await probe("/ok", { match: '"status":\\s*"ok"' });
    expect(r.status).toBe("pass");
    expect(r.summary).toMatch(/3\/3 consecutive successes/);
    expect(server.hits.length - before).toBe(3);
  });

  it("fails on a status it does not accept", async () => {
    const r = await probe("/500");
    expect(r).toMatchObject({ status: "fail", summary: expect.stringMatching(/HTTP 500 \(expected 200\)/) });
  });

  it("fails an answer slower than the latency limit", async () => {
    const r = await probe("/slow", { maxLatencyMs: 100 });
    expect(r).toMatchObject({ status: "fail", summary: expect.stringMatching(/over 100 ms/) });
  });

  it("needs the successes in a row: a 503 in between fails", async () => {
    const r = await probe("/flaky", { successes: 5 });
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/HTTP 503/);
  });

  it("a probe that cannot connect is inconclusive (pending), never a pass", async () => {
    const r = await probe("/ok", { url: "http://127.0.0.1:9/healthz" });
    expect(r.status).toBe("pending");
  });

  it("accepts other statuses when told to", async () => {
    expect((await probe("/500", { status: [500], successes: 1 })).status).toBe("pass");
  });
});
