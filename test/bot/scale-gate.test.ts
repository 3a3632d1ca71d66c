// The staging gate on two instances sharing one Redis: a protection rule request is answered once whichever
// instance gets its deliveries, and a request whose instance is killed mid-wait is finished by the other one
// (its progress count and deadline carried over).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CASES, NOW } from "../shared/gate/cases.js";
import { type ProbeServer, startProbeServer } from "../shared/gate/probe-server.js";
import { type SeededCase, seedCase } from "../shared/gate/setup-case.js";
import type { ProtectionReviewRecord } from "../stand-ins/github/index.js";
import { addWorkflowRun } from "../stand-ins/github/routes/gate.js";
import { useGitHubStandIn } from "../stand-ins/github/use-github-stand-in.js";
import { type BotProcess, eventually, examplePayload } from "./harness.js";
import { type RedisServer, startRedis } from "./redis.js";
import { allIdle, startCluster } from "./scale-helpers.js";

const gh = useGitHubStandIn();
let redis: RedisServer;
let probe: ProbeServer;
let bots: BotProcess[] = [];
let installationId: number;
const seeded: (SeededCase & { runId: number })[] = [];
/** The instance the second test killed. */
let killed = -1;
const running = CASES.findIndex((c) => c.name === "a check is still running");

beforeAll(async () => {
  redis = await startRedis();
  probe = await startProbeServer();
  installationId = gh().state.addInstallation({ account: "acme" }).id;
  // Every repository exists before the first token (the stand-in fixes a token's repositories when it is made).
  for (const [i, index] of [0, running, running].entries()) {
    const s = seedCase(gh(), CASES[index]!, 900 + i, probe.url);
    const run = addWorkflowRun(gh().state, s.repo, { headSha: s.sha, status: "in_progress" });
    seeded.push({ ...s, runId: run.id });
  }
  bots = await startCluster(gh(), redis, 2, {
    UPKEEP_NOW: NOW,
    UPKEEP_GATE_TIME_SCALE: "0.01",
    UPKEEP_SWEEP_TICK_SECONDS: "0",
  });
}, 60_000);
afterAll(async () => {
  await Promise.all(bots.map((b) => b.stop()));
  await probe?.close();
  await redis?.close();
});

function requested(s: SeededCase & { runId: number }) {
  return examplePayload("deployment", { repo: s.repo, installationId }, (p) => {
    p.deployment.sha = s.sha;
    p.deployment.ref = s.sha;
    p.deployment.environment = "production";
    p.deployment.payload = s.production.payload;
    p.deployment.id = s.production.id;
    for (const key of Object.keys(p))
      if (!["repository", "installation", "sender", "organization", "deployment"].includes(key)) delete p[key];
    p.action = "requested";
    p.environment = "production";
    p.event = "push";
    p.deployment_callback_url = `${gh().url}/repos/${s.repo}/actions/runs/${s.runId}/deployment_protection_rule`;
    p.pull_requests = [];
  });
}

const reviews = (s: { repo: string; runId: number }): ProtectionReviewRecord[] =>
  gh()
    .state.repo(s.repo)
    .protectionReviews.filter((r) => r.runId === s.runId);
/** The staging run's required check passes, as GitHub would record it. */
function passStagingCheck(s: { repo: string; sha: string }): void {
  const run = gh()
    .state.repo(s.repo)
    .checkRuns.find((r) => r.name === "e2e" && r.headSha === s.sha)!;
  run.status = "completed";
  run.conclusion = "success";
}
const output = () => bots.map((b, i) => `--- bot ${i}\n${b.output()}`).join("\n");

describe("the staging gate on two instances", () => {
  it("answers a request delivered to A and replayed to B (new delivery ids, at once and later) exactly once", async () => {
    const s = seeded[0]!;
    const payload = requested(s);
    const answers = await Promise.all([
      bots[0]!.deliver({ event: "deployment_protection_rule", payload, id: "gate-a" }),
      bots[1]!.deliver({ event: "deployment_protection_rule", payload, id: "gate-b" }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await eventually(() => reviews(s).length > 0, `an answer\n${output()}`, 20_000);
    await allIdle(bots);
    expect((await bots[1]!.deliver({ event: "deployment_protection_rule", payload, id: "gate-c" })).status).toBe(200);
    await allIdle(bots);
    await new Promise((r) => setTimeout(r, 1000));
    expect(
      reviews(s).map((r) => r.state),
      output(),
    ).toEqual(["approved"]);
    expect(output()).toMatch(/is already answered; duplicate ignored|is already being evaluated; duplicate ignored/);
    // The recovery from GitHub at start ran on one instance only.
    expect(
      bots.filter((b) => b.output().includes("another instance recovers waiting requests from GitHub")),
      output(),
    ).toHaveLength(1);
  }, 60_000);

  it("has a request whose instance is killed mid-wait finished by the other one", async () => {
    const s = seeded[1]!;
    const key = `${s.repo}#${s.runId}#production`.toLowerCase();
    expect((await bots[0]!.deliver({ event: "deployment_protection_rule", payload: requested(s) })).status).toBe(200);
    await eventually(() => reviews(s).length > 0, `a progress comment\n${output()}`, 20_000);
    expect(reviews(s)[0]).toMatchObject({ comment: expect.stringMatching(/^Waiting \(1\/9\)/) });
    // The owner is whichever instance's worker took the delivery: the one that logged the evaluation.
    const owner = bots.findIndex((b) => b.output().includes(`staging gate ${key}: pending`));
    expect(owner, output()).toBeGreaterThanOrEqual(0);
    const other = bots[1 - owner]!;
    killed = owner;
    await bots[owner]!.kill("SIGKILL");
    passStagingCheck(s);
    await eventually(() => reviews(s).some((r) => r.state !== undefined), `the answer\n${output()}`, 30_000);
    await other.idle();
    await new Promise((r) => setTimeout(r, 1000));
    const all = reviews(s);
    expect(all.filter((r) => r.state !== undefined).map((r) => r.state)).toEqual(["approved"]);
    expect(all.filter((r) => r.state === undefined).length).toBeLessThanOrEqual(9);
    expect(other.output()).toContain(`staging gate ${key}: adopted from an instance that stopped`);
    expect(other.output()).toContain(`staging gate ${key}: answered approved`);
  }, 90_000);

  it("keeps a waiting request through a Redis restart that lost every key, and answers it once", async () => {
    const s = seeded[2]!;
    const bot = bots[killed === 0 ? 1 : 0]!;
    expect((await bot.deliver({ event: "deployment_protection_rule", payload: requested(s) })).status).toBe(200);
    await eventually(() => reviews(s).length > 0, `a progress comment\n${output()}`, 20_000);
    await redis.stop();
    await redis.start();
    // A few lease renewals on the empty Redis (the lease is 2 s, renewed every 0.7 s).
    await new Promise((r) => setTimeout(r, 3000));
    passStagingCheck(s);
    await eventually(() => reviews(s).some((r) => r.state !== undefined), `the answer\n${output()}`, 30_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(
      reviews(s)
        .filter((r) => r.state !== undefined)
        .map((r) => r.state),
    ).toEqual(["approved"]);
  }, 90_000);
});
