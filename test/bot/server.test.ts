import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useGitHubStandIn } from "../stand-ins/github/use-github-stand-in.js";
import { type BotProcess, eventually, examplePayload, startBot } from "./harness.js";

const gh = useGitHubStandIn();
let bot: BotProcess;
let installationId: number;

beforeAll(async () => {
  // Every repository exists before the bot's first token: the stand-in fixes a token's repositories when it is made.
  const window = "title: Database upgrade\nstart: 2026-12-01T02:00Z\nduration: 2h\n";
  const config = ["maintenance:", "  pin: maybe", "audits:", "  - id: Security Audit", "    dueDays: 0", ""].join("\n");
  gh().state.createRepo({ owner: "acme", name: "cal", files: { ".github/maintenance/db.yml": window } });
  gh().state.createRepo({
    owner: "acme",
    name: "secret",
    private: true,
    files: { ".github/maintenance/db.yml": window },
  });
  gh().state.createRepo({ owner: "acme", name: "broken", files: { ".github/upkeep.yml": config } });
  for (const name of ["forged", "unsigned"]) {
    gh().state.createRepo({ owner: "acme", name: `forged-${name}`, files: { ".github/upkeep.yml": "audits: 3\n" } });
  }
  const inst = gh().state.addInstallation({ account: "acme" });
  installationId = inst.id;
  bot = await startBot(gh());
});
afterAll(async () => {
  await bot?.stop();
});

describe("the bot server", () => {
  it("answers /healthz with its version", async () => {
    const res = await fetch(`${bot.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it("answers liveness and readiness probes and serves Prometheus metrics of its GitHub calls", async () => {
    expect((await fetch(`${bot.url}/healthz/live`)).status).toBe(200);
    const ready = await fetch(`${bot.url}/healthz/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, backend: "memory" });
    await fetch(`${bot.url}/maintenance/acme/cal.ics`);
    const res = await fetch(`${bot.url}/metrics`);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toMatch(
      new RegExp(
        `^upkeep_github_requests_total\\{installation="${installationId}",method="GET",status="200"\\} [1-9]`,
        "m",
      ),
    );
    expect(text).toMatch(
      new RegExp(`^upkeep_github_rate_limit_remaining\\{installation="${installationId}"\\} \\d+$`, "m"),
    );
    expect(text).toMatch(/^upkeep_process_cpu_seconds_total /m);
  });

  it("serves a public repository's windows as an iCal feed, and nothing for a private one", async () => {
    const res = await fetch(`${bot.url}/maintenance/acme/cal.ics`);
    expect(res.status, bot.output()).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/calendar");
    const ics = await res.text();
    expect(ics).toContain("BEGIN:VCALENDAR\r\n");
    expect(ics).toContain("DTSTART:20261201T020000Z");
    expect(ics).toContain("SUMMARY:Database upgrade");
    expect((await fetch(`${bot.url}/maintenance/acme/secret.ics`)).status).toBe(404);
    expect((await fetch(`${bot.url}/maintenance/acme/missing.ics`)).status).toBe(404);
  });

  it.each([
    ["forged", "sha256=0000000000000000000000000000000000000000000000000000000000000000"],
    ["unsigned", null],
  ])("rejects a %s delivery with 400 and changes nothing", async (_name, signature) => {
    gh().resetLog();
    const payload = examplePayload("push", { repo: `acme/forged-${_name}`, installationId, action: undefined }, (p) => {
      p.ref = "refs/heads/main";
    });
    const res = await bot.deliver({ event: "push", payload }, { signature });
    expect(res.status).toBe(400);
    await bot.idle();
    expect(gh().requests).toEqual([]);
    expect(gh().state.repo(`acme/forged-${_name}`).issues).toEqual([]);
  });

  it("reports an invalid config once, in one issue listing each problem with line and column", async () => {
    const payload = examplePayload("push", { repo: "acme/broken", installationId }, (p) => {
      p.ref = "refs/heads/main";
    });
    const first = await bot.deliver({ event: "push", payload });
    expect(first.status).toBe(200);
    await bot.deliver({ event: "push", payload });
    await bot.idle();
    const issues = gh().state.repo("acme/broken").issues;
    expect(issues, bot.output()).toHaveLength(1);
    expect(issues[0]?.title).toMatch(/3 problems/);
    expect(issues[0]?.body).toContain("acme/broken:.github/upkeep.yml:2:8");
    expect(issues[0]?.body).toContain("acme/broken:.github/upkeep.yml:4:9");
    expect(issues[0]?.body).toContain("acme/broken:.github/upkeep.yml:5:14");

    // Fixed: the same issue is closed with a note.
    gh().state.addCommit("acme/broken", { files: { ".github/upkeep.yml": "maintenance:\n  pin: false\n" } });
    await bot.deliver({ event: "push", payload });
    await bot.idle();
    await eventually(() => gh().state.repo("acme/broken").issues[0]?.state === "closed", "the issue to close");
    expect(gh().state.repo("acme/broken").issues).toHaveLength(1);
    expect(
      gh()
        .state.repo("acme/broken")
        .comments.map((c) => c.body),
    ).toEqual([expect.stringContaining("fixed")]);
  });
});
