// The staging gate as the App's custom deployment protection rule, end to end: the real Probot server process,
// signed `deployment_protection_rule.requested` deliveries, the GitHub stand-in. The adversarial table runs
// through the CLI and the App on the same seeded repository: both must give the same verdict, and it must be
// the one the table expects (0 false approvals).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, tempTree } from "../../shared/cli/helpers.js";
import { CASES, deploy, NOW } from "../../shared/gate/cases.js";
import { type ProbeServer, startProbeServer } from "../../shared/gate/probe-server.js";
import { type SeededCase, seedCase } from "../../shared/gate/setup-case.js";
import type { ProtectionReviewRecord } from "../../stand-ins/github/index.js";
import { addWorkflowRun } from "../../stand-ins/github/routes/gate.js";
import { useGitHubStandIn } from "../../stand-ins/github/use-github-stand-in.js";
import { type BotProcess, eventually, examplePayload, startBot } from "../harness.js";

const gh = useGitHubStandIn();
let probe: ProbeServer;
let installationId: number;
const bots: BotProcess[] = [];
const SCALE = "0.01"; // every gate wait ×0.01: a 1 m poll is 600 ms, a 1 m maximum wait 600 ms

beforeAll(async () => {
  probe = await startProbeServer();
  installationId = gh().state.addInstallation({ account: "acme" }).id;
});
afterAll(async () => {
  for (const b of bots) await b.stop();
  await probe.close();
});

async function bot(now: string): Promise<BotProcess> {
  const b = await startBot(gh(), { UPKEEP_NOW: now, UPKEEP_GATE_TIME_SCALE: SCALE });
  bots.push(b);
  return b;
}

let seeded = 0;
function seed(index: number): SeededCase & { runId: number } {
  seeded += 1;
  const s = seedCase(gh(), CASES[index]!, 100 + seeded, probe.url);
  const run = addWorkflowRun(gh().state, s.repo, { headSha: s.sha, status: "in_progress" });
  return { ...s, runId: run.id };
}

function requested(s: SeededCase & { runId: number }, environment = "production") {
  return examplePayload("deployment", { repo: s.repo, installationId }, (p) => {
    const deployment = p.deployment;
    deployment.sha = s.sha;
    deployment.ref = s.sha;
    deployment.environment = environment;
    deployment.payload = s.production.payload;
    deployment.id = s.production.id;
    for (const key of Object.keys(p))
      if (!["repository", "installation", "sender", "organization", "deployment"].includes(key)) delete p[key];
    p.action = "requested";
    p.environment = environment;
    p.event = "push";
    p.deployment_callback_url = `${gh().url}/repos/${s.repo}/actions/runs/${s.runId}/deployment_protection_rule`;
    p.pull_requests = [];
  });
}

const reviews = (s: { repo: string; runId: number }): ProtectionReviewRecord[] =>
  gh()
    .state.repo(s.repo)
    .protectionReviews.filter((r) => r.runId === s.runId);

async function cliVerdict(s: SeededCase): Promise<string> {
  const tree = tempTree(s.files);
  try {
    const r = await cli(
      ["gate", "--sha", s.sha, "--repo", s.repo, "--api-url", gh().url, "--format", "json", "-C", tree.dir],
      {
        env: { GITHUB_TOKEN: "ghp_test", UPKEEP_NOW: s.now },
      },
    );
    return (JSON.parse(r.stdout) as { verdict: string }).verdict;
  } finally {
    tree.cleanup();
  }
}

describe("the adversarial table through the CLI and the App", () => {
  const groups = new Map<string, number[]>();
  for (const [i, c] of CASES.entries()) groups.set(c.now ?? NOW, [...(groups.get(c.now ?? NOW) ?? []), i]);

  it.each([...groups.entries()])(
    "cases at %s give identical verdicts, none approved wrongly",
    async (now, indexes) => {
      // Every repository exists before the bot's first token: the stand-in fixes a token's repositories when it is made.
      const all = indexes.map((index) => ({ index, s: seed(index) }));
      const b = await bot(now);
      const table: { name: string; expected: string; cli: string; app: string }[] = [];
      for (const { index, s } of all) {
        const c = CASES[index]!;
        const viaCli = await cliVerdict(s);
        const res = await b.deliver({ event: "deployment_protection_rule", payload: requested(s) });
        expect(res.status).toBe(200);
        await eventually(() => reviews(s).length > 0, `an answer for ${c.name}\n${b.output()}`, 20_000);
        const first = reviews(s)[0]!;
        const app = first.state === "approved" ? "approve" : first.state === "rejected" ? "reject" : "pending";
        table.push({ name: c.name, expected: c.expect, cli: viaCli, app });
        expect(first.comment!.length).toBeLessThanOrEqual(1024);
        for (const rule of ["same-artifact", "soak", "checks", "health", "freeze"])
          expect(first.comment).toContain(`${rule}:`);
      }
      expect(table.filter((t) => t.cli !== t.app)).toEqual([]);
      expect(table.filter((t) => t.app !== t.expected)).toEqual([]);
      expect(table.filter((t) => t.expected !== "approve" && (t.app === "approve" || t.cli === "approve"))).toEqual([]);
    },
    120_000,
  );
});

const repos: (SeededCase & { runId: number })[] = [];

describe("protection rule requests", () => {
  let b: BotProcess;
  const running = CASES.findIndex((c) => c.name === "a check is still running");
  beforeAll(async () => {
    for (const index of [0, 0, running, running, 0, 0, 0]) repos.push(seed(index));
    // repos[6]: an upkeep.yml that is not YAML at all (its gate section, maybe a freeze, is unknown).
    gh().state.addCommit(repos[6]!.repo, { files: { ".github/upkeep.yml": "gate:\n  freeze: [\n" } });
    // repos[5]: GitHub keeps failing; the maximum wait is 5 m ×0.01 = 3 s.
    gh().state.addCommit(repos[5]!.repo, { files: { ".github/upkeep.yml": "gate:\n  maxWait: 5m\n" } });
    // repos[4]: a freeze the schema refuses (the App reads config leniently; the gate must not ignore it).
    gh().state.addCommit(repos[4]!.repo, {
      files: { ".github/upkeep.yml": 'gate:\n  freeze:\n    - cron: "0 18 * * 5"\n      duration: all weekend\n' },
    });
    b = await bot(NOW);
  });

  it("answers a replayed or duplicated delivery once", async () => {
    const s = repos[0]!;
    const payload = requested(s);
    await Promise.all([
      b.deliver({ event: "deployment_protection_rule", payload, id: "dup-1" }),
      b.deliver({ event: "deployment_protection_rule", payload, id: "dup-1" }),
      b.deliver({ event: "deployment_protection_rule", payload, id: "dup-2" }),
    ]);
    await eventually(() => reviews(s).length > 0, "an answer");
    await b.idle();
    await b.deliver({ event: "deployment_protection_rule", payload, id: "dup-3" });
    await b.idle();
    expect(reviews(s).map((r) => r.state)).toEqual(["approved"]);
  });

  it("handles the 422 of a run someone already decided, and answers nothing else", async () => {
    const s = repos[1]!;
    gh().state.repo(s.repo).protectionReviews.push({
      runId: s.runId,
      environmentName: "production",
      state: "rejected",
      comment: "rejected by hand",
      token: "x",
      at: NOW,
    });
    await b.deliver({ event: "deployment_protection_rule", payload: requested(s) });
    await eventually(() => b.output().includes("already decided on GitHub"), `the 422 handled\n${b.output()}`);
    await b.idle();
    expect(reviews(s).map((r) => r.state)).toEqual(["rejected"]);
    const health = (await (await fetch(`${b.url}/healthz`)).json()) as { gateWaiting: number };
    expect(health.gateWaiting).toBe(0);
  });

  it("while pending posts progress (at most 9) and rejects when the maximum wait ends", async () => {
    const s = repos[2]!;
    // 5 m maximum wait ×0.01 = 3 s; 1 m poll ×0.01 = 600 ms, so a handful of evaluations.
    gh().state.addCommit(s.repo, { files: { ".github/upkeep.yml": "gate:\n  maxWait: 5m\n  pollInterval: 1m\n" } });
    await b.deliver({ event: "deployment_protection_rule", payload: requested(s) });
    await eventually(() => reviews(s).some((r) => r.state !== undefined), `a final answer\n${b.output()}`, 20_000);
    const all = reviews(s);
    const final = all.filter((r) => r.state !== undefined);
    expect(final).toHaveLength(1);
    expect(final[0]).toMatchObject({
      state: "rejected",
      comment: expect.stringMatching(/^Timed out after 5m: Staging gate: pending/),
    });
    const progress = all.filter((r) => r.state === undefined);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBeLessThanOrEqual(9);
    expect(progress[0]?.comment).toMatch(/^Waiting \(1\/9\): Staging gate: pending/);
  });

  it("re-evaluates a pending request and approves once the check completes", async () => {
    const s = repos[3]!;
    await b.deliver({ event: "deployment_protection_rule", payload: requested(s) });
    await eventually(() => reviews(s).length > 0, "a progress comment");
    expect(reviews(s)[0]?.state).toBeUndefined();
    // Re-evaluations ask with If-None-Match: what did not change comes back 304.
    await eventually(
      () => gh().requests.some((q) => q.status === 304 && q.path.includes(`/repos/${s.repo}/deployments`)),
      "a conditional re-poll",
    );
    const run = gh()
      .state.repo(s.repo)
      .checkRuns.find((r) => r.name === "e2e" && r.headSha === s.sha)!;
    run.status = "completed";
    run.conclusion = "success";
    await eventually(() => reviews(s).some((r) => r.state !== undefined), `approval\n${b.output()}`, 20_000);
    expect(
      reviews(s)
        .filter((r) => r.state !== undefined)
        .map((r) => r.state),
    ).toEqual(["approved"]);
  });

  it("rejects, naming the file, line and key, instead of approving without the broken freeze", async () => {
    const s = repos[4]!;
    await b.deliver({ event: "deployment_protection_rule", payload: requested(s) });
    await eventually(() => reviews(s).length > 0, `an answer\n${b.output()}`);
    expect(reviews(s)[0]).toMatchObject({
      state: "rejected",
      comment: expect.stringMatching(
        /Fix the configuration first:\n.*\.github\/upkeep\.yml:4: gate\.freeze\[0\]\.duration/,
      ),
    });
  });

  it("rejects when .github/upkeep.yml is not YAML, instead of falling back to the defaults", async () => {
    const s = repos[6]!;
    await b.deliver({ event: "deployment_protection_rule", payload: requested(s) });
    await eventually(() => reviews(s).length > 0, "an answer");
    expect(reviews(s)[0]).toMatchObject({
      state: "rejected",
      comment: expect.stringMatching(/Fix the configuration first:\n.*\.github\/upkeep\.yml:\d+: /),
    });
  });

  it("rejects once the wait is over, saying the gate could not evaluate", async () => {
    const s = repos[5]!;
    gh().fault("GET", `/repos/${s.repo}/deployments`, { status: 502, times: Number.POSITIVE_INFINITY });
    await b.deliver({ event: "deployment_protection_rule", payload: requested(s) });
    await eventually(() => reviews(s).length > 0, "an answer", 30_000).catch((e) => {
      throw new Error(`${e}\n${b.output()}`);
    });
    expect(reviews(s)).toMatchObject([
      {
        state: "rejected",
        comment: expect.stringMatching(
          /^Staging gate: reject\. The maximum wait passed and the gate could not evaluate/,
        ),
      },
    ]);
  }, 40_000);
});

describe("a restart", () => {
  it("recovers waiting requests from GitHub and answers them", async () => {
    seeded += 1;
    const s = seedCase(gh(), CASES[0]!, 100 + seeded, probe.url);
    gh().state.addEnvironment(s.repo, "production");
    const run = addWorkflowRun(gh().state, s.repo, { headSha: s.sha, waitingFor: ["production"] });
    deploy({ state: gh().state, repo: s.repo, probe: probe.url, now: new Date(NOW) }, s.sha, "qa", []);
    const b = await bot(NOW);
    await eventually(
      () => reviews({ repo: s.repo, runId: run.id }).length > 0,
      `a recovered answer\n${b.output()}`,
      20_000,
    );
    expect(reviews({ repo: s.repo, runId: run.id })).toMatchObject([
      { state: "approved", environmentName: "production" },
    ]);
  });
});
