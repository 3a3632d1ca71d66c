// Two and three instances on one Redis receive the same delivery (duplicated, concurrent, replayed): exactly
// one set of writes, and not one read more than a single delivery costs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useGitHubStandIn } from "../stand-ins/github/use-github-stand-in.js";
import { type BotProcess, eventually, examplePayload } from "./harness.js";
import { type RedisServer, startRedis } from "./redis.js";
import { allIdle, requestsOf, startCluster, WINDOW } from "./scale-helpers.js";

const gh = useGitHubStandIn();
let redis: RedisServer;
let bots: BotProcess[] = [];
let installationId: number;

beforeAll(async () => {
  redis = await startRedis();
  for (const name of ["base", "two", "three", "slow"])
    gh().state.createRepo({ owner: "acme", name, files: { ".github/maintenance/db.yml": WINDOW } });
  gh().state.createRepo({ owner: "acme", name: "hooked", files: { "README.md": "# x\n" } });
  installationId = gh().state.addInstallation({ account: "acme" }).id;
  bots = await startCluster(gh(), redis, 3, { UPKEEP_SWEEP_TICK_SECONDS: "0" });
});
afterAll(async () => {
  await Promise.all(bots.map((b) => b.stop()));
  await redis?.close();
});

function push(repo: string) {
  return examplePayload("push", { repo, installationId }, (p) => {
    p.ref = "refs/heads/main";
  });
}

describe("several instances on one Redis", () => {
  it("handle a delivery sent to every instance, twice at once and replayed later, exactly once", async () => {
    const output = () => bots.map((b) => b.output()).join("\n");
    // The anchor: one delivery to one instance.
    expect((await bots[0]!.deliver({ event: "push", payload: push("acme/base") })).status).toBe(200);
    await allIdle(bots);
    const base = requestsOf(gh(), "acme/base");
    expect(gh().state.repo("acme/base").issues, output()).toHaveLength(1);
    expect(base.writes.length).toBeGreaterThan(0);

    for (const [repo, instances] of [
      ["acme/two", bots.slice(0, 2)],
      ["acme/three", bots],
    ] as const) {
      const id = `dup-${repo}`;
      const payload = push(repo);
      const answers = await Promise.all(
        [...instances, ...instances].map((b) => b.deliver({ event: "push", payload, id })),
      );
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      await allIdle(bots);
      // GitHub's "Redeliver" sends the same delivery id again.
      expect((await bots[1]!.deliver({ event: "push", payload, id })).status).toBe(200);
      await allIdle(bots);
      const seen = requestsOf(gh(), repo);
      expect(gh().state.repo(repo).issues, output()).toHaveLength(1);
      expect(gh().state.repo(repo).pinned).toEqual([1]);
      expect(seen.writes).toEqual(base.writes);
      // The same counted reads as the single delivery; their order may differ, since independent reads of
      // different features can interleave differently from one run to the next.
      expect([...seen.counted].sort()).toEqual([...base.counted].sort());
    }
    // Structured logs: the job that ran the delivery names it, its installation and the job id.
    expect(output()).toMatch(
      /"deliveryId":"dup-acme\/three".*"jobId":"delivery-dup-acme\/three"|"jobId":"delivery-dup-acme\/three".*"deliveryId":"dup-acme\/three"/,
    );
    expect(output()).toMatch(new RegExp(`"installation":${installationId}`));
    const metrics = await (await fetch(`${bots[0]!.url}/metrics`)).text();
    expect(metrics).toMatch(/upkeep_webhook_deliveries_total\{event="push",outcome="(queued|duplicate)"\} \d+/);
  }, 120_000);
});

describe("an instance killed while it runs a delivery's plan (sweeps off: only the queue can finish it)", () => {
  it("has the delivery finished by another instance: one issue, pinned once", async () => {
    gh().state.addCommit("acme/hooked", { files: { ".github/maintenance/db.yml": WINDOW } });
    // The issue write answers after 3 s: the instance is killed between sending it and pinning the issue.
    gh().fault("POST", "/repos/{owner}/{repo}/issues", { delayMs: 3000, times: 1 });
    const payload = examplePayload("push", { repo: "acme/hooked", installationId }, (p) => {
      p.ref = "refs/heads/main";
    });
    const live = bots;
    expect((await live[0]!.deliver({ event: "push", payload, id: "crash-1" })).status).toBe(200);
    await eventually(
      () => gh().requests.some((r) => r.method === "POST" && r.path === "/repos/acme/hooked/issues"),
      "the issue write",
      15_000,
    );
    const runner = live.find((b) => b.output().includes("delivery crash-1 (push) started"));
    expect(runner).toBeDefined();
    await runner!.kill("SIGKILL");
    const rest = live.filter((b) => b !== runner);
    bots = rest;
    await eventually(() => gh().state.repo("acme/hooked").pinned.length === 1, "the takeover", 60_000).catch(
      (error: unknown) => {
        throw new Error(`${(error as Error).message}\n${rest.map((b) => b.output()).join("\n")}`);
      },
    );
    expect(
      rest.some((b) => b.output().includes("delivery crash-1 (push) started")),
      live
        .map(
          (b, i) =>
            `bot ${i}${b === runner ? " (killed)" : ""}: ${b
              .output()
              .split("\n")
              .filter((l) => /crash-1|hooked/.test(l))
              .join("\n")}`,
        )
        .join("\n"),
    ).toBe(true);
    expect(gh().state.repo("acme/hooked").issues).toHaveLength(1);
  }, 120_000);
});

describe("SIGTERM", () => {
  it("stops taking deliveries, finishes the running job, then exits", async () => {
    // The issue write takes 1.5 s: the job is still running when SIGTERM arrives.
    gh().fault("POST", "/repos/{owner}/{repo}/issues", { delayMs: 1500, times: 1 });
    expect((await bots[0]!.deliver({ event: "push", payload: push("acme/slow"), id: "sigterm-1" })).status).toBe(200);
    await eventually(
      () => gh().requests.some((r) => r.method === "POST" && r.path === "/repos/acme/slow/issues"),
      "the slow write to start",
    );
    const runner = bots.find((b) => b.output().includes("delivery sigterm-1 (push) started"));
    expect(runner).toBeDefined();
    await runner!.stop();
    // Gone, and the job it was running is done: it finished before exiting.
    expect(gh().state.repo("acme/slow").issues, runner!.output()).toHaveLength(1);
    expect(gh().state.repo("acme/slow").pinned).toEqual([1]);
    expect(runner!.output()).toMatch(/SIGTERM: stopping/);
  }, 120_000);
});
