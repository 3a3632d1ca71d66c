// The adversarial table through the CLI (the path the staging-gate action runs too): real HTTP against the
// GitHub stand-in, probes against a local server, `upkeep gate --format json`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useGitHubStandIn } from "../../stand-ins/github/use-github-stand-in.js";
import { cli, tempTree } from "../cli/helpers.js";
import { CASES } from "./cases.js";
import { type ProbeServer, startProbeServer } from "./probe-server.js";
import { seedCase } from "./setup-case.js";

const gh = useGitHubStandIn();
let probe: ProbeServer;
beforeAll(async () => {
  probe = await startProbeServer();
});
afterAll(async () => {
  await probe.close();
});

interface Json {
  verdict: string;
  decision: string;
  calls: number;
  rules: { rule: string; status: string; summary: string; evidence: { text: string }[] }[];
}

let seededCount = 0;
async function runCase(index: number, extra: string[] = []) {
  const c = CASES[index]!;
  seededCount += 1;
  const seeded = seedCase(gh(), c, seededCount, probe.url);
  const tree = tempTree(seeded.files);
  try {
    gh().resetLog();
    const r = await cli(
      [
        "gate",
        "--sha",
        seeded.sha,
        "--repo",
        seeded.repo,
        "--api-url",
        gh().url,
        "--format",
        "json",
        "-C",
        tree.dir,
        ...extra,
      ],
      { env: { GITHUB_TOKEN: "ghp_test", UPKEEP_NOW: seeded.now } },
    );
    return { r, json: r.stdout.startsWith("{") ? (JSON.parse(r.stdout) as Json) : undefined, seeded };
  } finally {
    tree.cleanup();
  }
}

describe("upkeep gate: the adversarial table", () => {
  it("has at least 20 cases, most of them must not approve", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
    expect(CASES.filter((c) => c.expect !== "approve").length).toBeGreaterThanOrEqual(20);
  });

  it.each(CASES.map((c, i) => [c.name, i] as const))("%s", async (_name, index) => {
    const c = CASES[index]!;
    const { r, json } = await runCase(index);
    expect(r.stderr).not.toMatch(/TypeError|ReferenceError/);
    expect(json, r.stderr).toBeDefined();
    expect(json!.verdict, JSON.stringify(json!.rules, null, 1)).toBe(c.expect);
    expect(r.code).toBe(c.expect === "approve" ? 0 : 1);
    if (c.because)
      expect(json!.rules.find((x) => x.rule === c.because)?.status).toBe(c.expect === "reject" ? "fail" : "pending");
    // Every rule is reported, each with a status.
    expect(json!.rules.map((x) => x.rule)).toEqual(["same-artifact", "soak", "checks", "health", "freeze"]);
    expect(json!.calls).toBeLessThanOrEqual(15);
    // Besides the evaluation: one page of maintenance issues (announced windows).
    expect(gh().requests.length).toBe(json!.calls + 1);
  });
});

describe("upkeep gate: shell behaviour", () => {
  it("names who overrode a freeze and why", async () => {
    const index = CASES.findIndex((c) => c.name.startsWith("freeze overridden"));
    const { json } = await runCase(index);
    const freeze = json!.rules.find((x) => x.rule === "freeze")!;
    expect(freeze.status).toBe("pass");
    expect(freeze.evidence.map((e) => e.text).join("\n")).toMatch(/overridden by @release-captain/);
  });

  it.each([
    [
      "text",
      /^Staging gate: reject for [0-9a-f]{12} → production\n {2}fail {4}same-artifact: staging: deployment \d+ is failure since/,
    ],
    [
      "markdown",
      /^### Staging gate: reject for [0-9a-f]{12} → production\n\n\| status \| rule \| summary \| evidence \|/,
    ],
  ])("prints the verdict and every rule as %s", async (format, shape) => {
    const index = CASES.findIndex((c) => c.name === "staging failed after succeeding");
    const { r } = await runCase(index, ["--format", format]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(shape);
    for (const rule of ["same-artifact", "soak", "checks", "health", "freeze"]) expect(r.stdout).toContain(rule);
  });

  it("a dry run exits 0 and still reports the rejection", async () => {
    const index = CASES.findIndex((c) => c.name === "staging failed after succeeding");
    const { r, json } = await runCase(index, ["--dry-run"]);
    expect(r.code).toBe(0);
    expect(json).toMatchObject({ verdict: "reject", decision: "approve" });
  });

  it("records the soak start on the staging deployment, then re-polls with conditional requests", async () => {
    const index = CASES.findIndex((c) => c.name === "soak time not reached");
    const { seeded } = await runCase(index);
    const staging = gh()
      .state.repo(seeded.repo)
      .deployments.find((d) => d.environment === "staging")!;
    expect(staging.statuses[0]?.description).toMatch(/^upkeep-gate soak-start=/);
    expect(staging.statuses[0]?.state).toBe("success");
  });

  it("exits 2 naming file, line and key when a freeze cannot be read", async () => {
    const tree = tempTree({
      ".github/upkeep.yml": 'gate:\n  freeze:\n    - cron: "0 18 * * 5"\n      duration: all weekend\n',
    });
    try {
      const r = await cli(
        ["gate", "--sha", "d".repeat(40), "--repo", "acme/x", "--api-url", gh().url, "-C", tree.dir],
        {
          env: { GITHUB_TOKEN: "t" },
        },
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/\.github\/upkeep\.yml:4:\d+: gate\.freeze\[0\]\.duration/);
    } finally {
      tree.cleanup();
    }
  });

  it("refuses a short SHA with exit 2", async () => {
    const r = await cli(["gate", "--sha", "abc1234", "--repo", "acme/x", "--api-url", gh().url], {
      env: { GITHUB_TOKEN: "t" },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a full commit SHA/);
  });
});
