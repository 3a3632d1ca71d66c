// Feedback triage end to end: the real bot server process, signed deliveries, the GitHub stand-in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useGitHubStandIn } from "../../stand-ins/github/use-github-stand-in.js";
import { type BotProcess, commentPayload, examplePayload, type Payload, startBot } from "../harness.js";

const gh = useGitHubStandIn();
let bot: BotProcess;
let installationId: number;

const REPOS = ["triage", "replay", "off", "dupcmd", "answer", "unsure", "reopen"];

const CRASH_BODY = [
  "The app crashes as soon as I open the settings page.",
  "",
  "```",
  "TypeError: Cannot read properties of undefined (reading 'theme')",
  "    at SettingsPanel.render (settings-panel.js:88:17)",
  "    at renderRoot (renderer.js:1204:9)",
  "```",
].join("\n");

function issuesPayload(repo: string, number: number, edit: (p: Payload) => void = () => {}): Payload {
  const issue = gh()
    .state.repo(repo)
    .issues.find((i) => i.number === number)!;
  return examplePayload("issues", { repo, installationId, action: "opened" }, (p) => {
    p.issue.number = issue.number;
    p.issue.title = issue.title;
    p.issue.body = issue.body;
    p.issue.created_at = issue.createdAt;
    p.issue.state = "open";
    p.issue.labels = issue.labels.map((name) => ({ name }));
    p.issue.user = { ...p.issue.user, login: issue.user, type: "User" };
    p.sender = { ...p.sender, login: issue.user, type: "User" };
    delete p.issue.pull_request;
    edit(p);
  });
}

/** A comment by `login` on issue `number`, the issue as the stand-in has it now (author, labels, state). */
function replyPayload(repo: string, number: number, login: string, body: string): Payload {
  const issue = gh()
    .state.repo(repo)
    .issues.find((i) => i.number === number)!;
  const p = commentPayload({ repo, installationId }, { body, login, issue: number });
  p.issue.title = issue.title;
  p.issue.body = issue.body;
  p.issue.state = issue.state;
  p.issue.labels = issue.labels.map((name) => ({ name }));
  p.issue.user = { ...p.issue.user, login: issue.user, type: "User" };
  delete p.issue.pull_request;
  return p;
}

const comments = (repo: string, issue: number) =>
  gh()
    .state.repo(repo)
    .comments.filter((c) => c.issueNumber === issue);
const labelsOf = (repo: string, issue: number) =>
  gh()
    .state.repo(repo)
    .issues.find((i) => i.number === issue)!.labels;

beforeAll(async () => {
  installationId = gh().state.addInstallation({ account: "acme" }).id;
  for (const name of REPOS) {
    gh().state.createRepo({ owner: "acme", name });
    gh().state.addCollaborator(`acme/${name}`, "maintainer", "write");
    gh().state.addCollaborator(`acme/${name}`, "reader", "read");
  }
  gh().state.addToken("maintainer-token", "maintainer");
  gh().state.addCommit("acme/off", { files: { ".github/upkeep.yml": "feedback:\n  enabled: false\n" } });
  gh().state.addCommit("acme/unsure", { files: { ".github/upkeep.yml": "feedback:\n  ask: true\n" } });
  bot = await startBot(gh());
});
afterAll(async () => {
  await bot?.stop();
});

describe("feedback triage in the bot", () => {
  it("labels a crash report as a bug, asks once for the version and steps and points to the earlier report of the same crash", async () => {
    const repo = "acme/triage";
    // The same crash reported before (closed since): an obvious duplicate, the comment must link it.
    gh().state.addIssue(repo, {
      title: "Crash when opening the settings page",
      body: "Since 2.4 the app crashes when I open the settings page.\n\n```\nTypeError: Cannot read properties of undefined (reading 'theme')\n    at SettingsPanel.render (settings-panel.js:80:3)\n```",
      state: "closed",
      user: "someone",
    });
    gh().state.addIssue(repo, {
      title: "Add a dark theme",
      body: "It would be nice to have a dark theme option.",
      user: "other",
    });
    const issue = gh().state.addIssue(repo, { title: "Crash when opening settings", body: CRASH_BODY, user: "carol" });
    const res = await bot.deliver({ event: "issues", payload: issuesPayload(repo, issue.number) });
    expect(res.status).toBe(200);
    await bot.idle();
    expect(labelsOf(repo, issue.number), bot.output()).toEqual(expect.arrayContaining(["bug", "needs-info"]));
    const bodies = comments(repo, issue.number).map((c) => c.body);
    expect(bodies).toHaveLength(2);
    const dup = bodies.find((b) => b.includes("#1"));
    expect(dup, bodies.join("\n---\n")).toBeDefined();
    expect(dup).not.toContain("#2");
    const ask = bodies.find((b) => b.includes("@carol"));
    expect(ask).toContain("version");
    expect(ask).toContain("steps to reproduce");
    // The log is there (a stack trace), and logs are not required by default anyway.
    expect(ask).not.toContain("error message");
    // Economy: no search API call for a new issue.
    expect(gh().requests.filter((r) => r.path.startsWith("/search/"))).toHaveLength(0);
  });

  it("a replayed delivery adds nothing, and does not put back a label a maintainer took off", async () => {
    const repo = "acme/replay";
    const issue = gh().state.addIssue(repo, { title: "App crashes on start", body: CRASH_BODY, user: "dave" });
    const delivery = {
      event: "issues",
      payload: issuesPayload(repo, issue.number),
      id: "aaaaaaaa-1111-2222-3333-444444444444",
    };
    await bot.deliver(delivery);
    await bot.idle();
    expect(labelsOf(repo, issue.number)).toContain("bug");
    const before = comments(repo, issue.number).length;
    await Promise.all([bot.deliver(delivery), bot.deliver(delivery)]);
    await bot.idle();
    expect(comments(repo, issue.number)).toHaveLength(before);
    // A maintainer decides it is not a bug.
    const res = await fetch(`${gh().url}/repos/${repo}/issues/${issue.number}/labels/bug`, {
      method: "DELETE",
      headers: { authorization: "token maintainer-token" },
    });
    expect(res.status).toBe(200);
    await bot.deliver(delivery);
    await bot.idle();
    expect(labelsOf(repo, issue.number), bot.output()).not.toContain("bug");
    expect(comments(repo, issue.number)).toHaveLength(before);
  });

  it("leaves alone issues of bots, issues labelled `triage: off`, and repositories that switch it off", async () => {
    const botIssue = gh().state.addIssue("acme/triage", {
      title: "Crash in CI",
      body: CRASH_BODY,
      user: "renovate[bot]",
    });
    await bot.deliver({
      event: "issues",
      payload: issuesPayload("acme/triage", botIssue.number, (p) => {
        p.issue.user.type = "Bot";
      }),
    });
    const offLabel = gh().state.addIssue("acme/triage", {
      title: "Crash again",
      body: CRASH_BODY,
      labels: ["triage: off"],
      user: "erin",
    });
    await bot.deliver({ event: "issues", payload: issuesPayload("acme/triage", offLabel.number) });
    const offRepo = gh().state.addIssue("acme/off", { title: "Crash", body: CRASH_BODY, user: "erin" });
    await bot.deliver({ event: "issues", payload: issuesPayload("acme/off", offRepo.number) });
    await bot.idle();
    expect(labelsOf("acme/triage", botIssue.number)).toEqual([]);
    expect(comments("acme/triage", botIssue.number)).toEqual([]);
    expect(labelsOf("acme/triage", offLabel.number)).toEqual(["triage: off"]);
    expect(comments("acme/triage", offLabel.number)).toEqual([]);
    expect(labelsOf("acme/off", offRepo.number)).toEqual([]);
    expect(comments("acme/off", offRepo.number)).toEqual([]);
  });

  it("abstains on an unclear issue and, with `ask: true`, asks which kind it is", async () => {
    const repo = "acme/unsure";
    const issue = gh().state.addIssue(repo, { title: "Dashboard", body: "see title", user: "frank" });
    await bot.deliver({ event: "issues", payload: issuesPayload(repo, issue.number) });
    await bot.idle();
    expect(labelsOf(repo, issue.number)).toEqual([]);
    const bodies = comments(repo, issue.number).map((c) => c.body);
    expect(bodies, bot.output()).toHaveLength(1);
    expect(bodies[0]).toContain("`bug`");
  });

  it("removes needs-info when the reporter answers, and ignores other people's comments", async () => {
    const repo = "acme/answer";
    const issue = gh().state.addIssue(repo, { title: "Crash on save", body: CRASH_BODY, user: "gina" });
    await bot.deliver({ event: "issues", payload: issuesPayload(repo, issue.number) });
    await bot.idle();
    expect(labelsOf(repo, issue.number)).toContain("needs-info");
    gh().state.addComment(repo, issue.number, "same here", "reader");
    await bot.deliver({ event: "issue_comment", payload: replyPayload(repo, issue.number, "reader", "same here") });
    await bot.idle();
    expect(labelsOf(repo, issue.number)).toContain("needs-info");
    await bot.deliver({
      event: "issue_comment",
      payload: replyPayload(repo, issue.number, "gina", "Version 2.4.1 on macOS 14"),
    });
    await bot.idle();
    expect(labelsOf(repo, issue.number), bot.output()).not.toContain("needs-info");
  });

  it("/duplicate #N from a maintainer closes the issue as a duplicate with a link; from a reader it is refused", async () => {
    const repo = "acme/dupcmd";
    const original = gh().state.addIssue(repo, { title: "Login fails", body: "x", user: "hal" });
    const dup = gh().state.addIssue(repo, { title: "Cannot log in", body: "y", user: "ivy" });
    await bot.deliver({
      event: "issue_comment",
      payload: replyPayload(repo, dup.number, "reader", `/duplicate #${original.number}`),
    });
    await bot.idle();
    const issue = () =>
      gh()
        .state.repo(repo)
        .issues.find((i) => i.number === dup.number)!;
    expect(issue().state).toBe("open");
    expect(comments(repo, dup.number).at(-1)?.body).toContain("only people with triage access");
    await bot.deliver({
      event: "issue_comment",
      payload: replyPayload(repo, dup.number, "maintainer", `/duplicate #${original.number}`),
    });
    await bot.idle();
    expect(issue().state, bot.output()).toBe("closed");
    expect(issue().stateReason).toBe("duplicate");
    expect(comments(repo, dup.number).at(-1)?.body).toContain(`Duplicate of #${original.number}`);
  });

  it("reopens an issue Upkeep closed for lack of an answer when the reporter replies, but not one a person closed", async () => {
    const repo = "acme/reopen";
    const byUpkeep = gh().state.addIssue(repo, {
      title: "Crash",
      labels: ["bug", "needs-info"],
      user: "kim",
      state: "closed",
    });
    gh().state.addComment(
      repo,
      byUpkeep.number,
      `closing\n\n<!-- upkeep:feedback/closed/${byUpkeep.number} -->`,
      "upkeep[bot]",
    );
    const byPerson = gh().state.addIssue(repo, { title: "Crash too", labels: ["bug"], user: "kim", state: "closed" });
    await bot.deliver({
      event: "issue_comment",
      payload: replyPayload(repo, byUpkeep.number, "kim", "Here it is: v2.1, steps below"),
    });
    await bot.deliver({ event: "issue_comment", payload: replyPayload(repo, byPerson.number, "kim", "still happens") });
    await bot.idle();
    expect(byUpkeep.state, bot.output()).toBe("open");
    expect(byUpkeep.labels).not.toContain("needs-info");
    expect(byPerson.state).toBe("closed");
  });
});
