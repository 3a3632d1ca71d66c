// Slash commands end to end: the real server process, signed deliveries, the GitHub stand-in's state.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useGitHubStandIn } from "../stand-ins/github/use-github-stand-in.js";
import { type BotProcess, commentPayload, eventually, startBot } from "./harness.js";

const gh = useGitHubStandIn();
let bot: BotProcess;
let twin: BotProcess;
let installationId: number;
const NOW = "2026-11-26T00:00:00Z";
const SCHEDULE = "/maintenance schedule 2026-12-01T02:00Z 2h Database upgrade";

const REPOS = ["sched", "replay", "readonly", "bots", "flaky", "incident"];

// Every repository exists before the bots start: the stand-in fixes an installation token's repositories when
// it is created, and the bot keeps its token for the hour.
function seedRepo(name: string) {
  const full = `acme/${name}`;
  gh().state.createRepo({ owner: "acme", name });
  gh().state.addCollaborator(full, "alice", "write");
  gh().state.addCollaborator(full, "bob", "read");
  gh().state.addIssue(full, { title: "Ops requests", user: "alice" });
}

function targetOf(name: string) {
  return { repo: `acme/${name}`, installationId };
}

const announcements = (repo: string) =>
  gh()
    .state.repo(repo)
    .issues.filter((i) => i.labels.includes("maintenance"));

beforeAll(async () => {
  installationId = gh().state.addInstallation({ account: "acme" }).id;
  for (const name of REPOS) seedRepo(name);
  [bot, twin] = await Promise.all([startBot(gh(), { UPKEEP_NOW: NOW }), startBot(gh(), { UPKEEP_NOW: NOW })]);
});
afterAll(async () => {
  await Promise.all([bot?.stop(), twin?.stop()]);
});

describe("/maintenance and /incident commands", () => {
  it("schedules a window from a user with write permission: one pinned announcement and a reply", async () => {
    const target = targetOf("sched");
    const res = await bot.deliver({
      event: "issue_comment",
      payload: commentPayload(target, { body: SCHEDULE, login: "alice", issue: 1 }),
    });
    expect(res.status).toBe(200);
    await bot.idle();
    const issues = announcements(target.repo);
    expect(issues, bot.output()).toHaveLength(1);
    expect(issues[0]?.title).toContain("Database upgrade");
    expect(issues[0]?.body).toContain("2026-12-01 02:00");
    expect(gh().state.repo(target.repo).pinned).toEqual([issues[0]?.number]);
    const replies = gh()
      .state.repo(target.repo)
      .comments.filter((c) => c.issueNumber === 1);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toContain(`#${issues[0]?.number}`);
    const permissionChecks = gh().requests.filter(
      (r) => r.path === `/repos/${target.repo}/collaborators/alice/permission`,
    );
    expect(permissionChecks.length).toBeGreaterThanOrEqual(1);
  });

  it("a replayed delivery, and two copies at once on two instances, still make one issue and one reply", async () => {
    const target = targetOf("replay");
    const payload = commentPayload(target, { body: SCHEDULE, login: "alice", issue: 1 });
    const delivery = { event: "issue_comment", payload, id: "11111111-2222-3333-4444-555555555555" };
    await Promise.all([bot.deliver(delivery), twin.deliver(delivery)]);
    await Promise.all([bot.idle(), twin.idle()]);
    await bot.deliver(delivery);
    await bot.idle();
    const open = announcements(target.repo).filter((i) => i.state === "open");
    expect(open, `${bot.output()}\n${twin.output()}`).toHaveLength(1);
    // A copy created by the race (if any) is closed as a duplicate, never left open.
    for (const dup of announcements(target.repo).filter((i) => i.state === "closed"))
      expect(dup.stateReason).toBe("duplicate");
    expect(
      gh()
        .state.repo(target.repo)
        .comments.filter((c) => c.issueNumber === 1),
    ).toHaveLength(1);
    expect(gh().state.repo(target.repo).pinned).toEqual([open[0]?.number]);
  });

  it("refuses a read-only user politely and changes nothing else", async () => {
    const target = targetOf("readonly");
    await bot.deliver({
      event: "issue_comment",
      payload: commentPayload(target, { body: SCHEDULE, login: "bob", issue: 1 }),
    });
    await bot.idle();
    expect(announcements(target.repo)).toEqual([]);
    const comments = gh().state.repo(target.repo).comments;
    expect(comments, bot.output()).toHaveLength(1);
    expect(comments[0]?.body).toMatch(/@bob has read permission; \/maintenance needs write, maintain or admin/);
  });

  it("ignores a bot entirely: no reply, not even a permission look-up", async () => {
    const target = targetOf("bots");
    gh().resetLog();
    await bot.deliver({
      event: "issue_comment",
      payload: commentPayload(target, { body: SCHEDULE, login: "dependabot[bot]", issue: 1, bot: true }),
    });
    await bot.idle();
    expect(announcements(target.repo)).toEqual([]);
    expect(gh().state.repo(target.repo).comments).toEqual([]);
    expect(gh().requests.filter((r) => r.path.includes("/collaborators/"))).toEqual([]);
  });

  it("retries a 502 on issue creation and still opens exactly one issue", async () => {
    const target = targetOf("flaky");
    gh().fault("POST", "/repos/{owner}/{repo}/issues", { status: 502, times: 1 });
    await bot.deliver({
      event: "issue_comment",
      payload: commentPayload(target, { body: SCHEDULE, login: "alice", issue: 1 }),
    });
    await bot.idle();
    expect(announcements(target.repo), bot.output()).toHaveLength(1);
    const creates = gh().requests.filter((r) => r.method === "POST" && r.path === `/repos/${target.repo}/issues`);
    expect(creates.map((r) => r.status)).toEqual([502, 201]);
  });

  it("opens, updates and resolves an incident", async () => {
    const target = targetOf("incident");
    const say = async (body: string, issue: number) => {
      await bot.deliver({ event: "issue_comment", payload: commentPayload(target, { body, login: "alice", issue }) });
      await bot.idle();
    };
    await say("/incident open API returns 502", 1);
    const incident = gh()
      .state.repo(target.repo)
      .issues.find((i) => i.labels.includes("incident"));
    expect(incident?.title, bot.output()).toContain("API returns 502");
    expect(incident?.body).toContain("- [ ] Assess impact and severity");
    expect(gh().state.repo(target.repo).pinned).toContain(incident?.number);
    await say("/incident update Restored from last night's backup", incident!.number);
    await say("/incident resolve", incident!.number);
    await eventually(() => incident?.state === "closed", "the incident to close");
    expect(incident?.body).toContain("Restored from last night's backup");
    expect(gh().state.repo(target.repo).pinned).not.toContain(incident?.number);
  });
});
