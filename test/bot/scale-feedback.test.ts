// The feedback feature's duplicate index in the shared state: instance B points a new issue to the earlier
// report of the same crash that instance A indexed, and catches up from the shared index instead of listing
// every issue of the repository again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useGitHubStandIn } from "../stand-ins/github/use-github-stand-in.js";
import { type BotProcess, examplePayload, type Payload } from "./harness.js";
import { type RedisServer, startRedis } from "./redis.js";
import { startCluster } from "./scale-helpers.js";

const gh = useGitHubStandIn();
let redis: RedisServer;
const bots: BotProcess[] = [];
let installationId: number;
const REPO = "acme/shared-dups";

const CRASH = (line: number) =>
  [
    "The app crashes as soon as I open the settings page.",
    "",
    "```",
    "TypeError: Cannot read properties of undefined (reading 'theme')",
    `    at SettingsPanel.render (settings-panel.js:${line}:17)`,
    "    at renderRoot (renderer.js:1204:9)",
    "```",
  ].join("\n");

function opened(number: number): Payload {
  const issue = gh()
    .state.repo(REPO)
    .issues.find((i) => i.number === number)!;
  return examplePayload("issues", { repo: REPO, installationId, action: "opened" }, (p) => {
    p.issue.number = issue.number;
    p.issue.title = issue.title;
    p.issue.body = issue.body;
    p.issue.created_at = issue.createdAt;
    p.issue.state = "open";
    p.issue.labels = [];
    p.issue.user = { ...p.issue.user, login: issue.user, type: "User" };
    p.sender = { ...p.sender, login: issue.user, type: "User" };
    delete p.issue.pull_request;
  });
}

/** The duplicate index's listings of the repository's issues (sorted by update), with their query. */
const indexListings = () =>
  gh().requests.filter(
    (r) => r.method === "GET" && r.path === `/repos/${REPO}/issues` && r.query.includes("sort=updated"),
  );

beforeAll(async () => {
  redis = await startRedis();
  installationId = gh().state.addInstallation({ account: "acme" }).id;
  gh().state.createRepo({ owner: "acme", name: "shared-dups" });
}, 60_000);
afterAll(async () => {
  await Promise.all(bots.map((b) => b.stop()));
  await redis?.close();
});

describe("the feedback duplicate index on two instances", () => {
  it("lets instance B find the duplicate of an issue instance A indexed", async () => {
    const env = { UPKEEP_SWEEP_TICK_SECONDS: "0" };
    gh().state.addIssue(REPO, { title: "Crash when opening the settings page", body: CRASH(80), user: "someone" });
    const theme = gh().state.addIssue(REPO, {
      title: "Add a dark theme",
      body: "A dark theme option, please.",
      user: "x",
    });
    const [a] = await startCluster(gh(), redis, 1, { ...env, UPKEEP_INSTANCE_ID: "bot-a" });
    bots.push(a!);
    expect((await a!.deliver({ event: "issues", payload: opened(theme.number) })).status).toBe(200);
    await a!.idle();
    expect(indexListings().length, a!.output()).toBeGreaterThan(0);
    expect(
      indexListings().every((r) => !r.query.includes("since=")),
      "A listed everything once",
    ).toBe(true);
    await a!.stop();

    const [b] = await startCluster(gh(), redis, 1, { ...env, UPKEEP_INSTANCE_ID: "bot-b" });
    bots.push(b!);
    const before = indexListings().length;
    const crash = gh().state.addIssue(REPO, { title: "Crash when opening settings", body: CRASH(88), user: "carol" });
    expect((await b!.deliver({ event: "issues", payload: opened(crash.number) })).status).toBe(200);
    await b!.idle();
    const bodies = gh()
      .state.repo(REPO)
      .comments.filter((c) => c.issueNumber === crash.number)
      .map((c) => c.body);
    expect(
      bodies.some((x) => x.includes("#1") && !x.includes(`#${theme.number}`)),
      `${bodies.join("\n---\n")}\n${b!.output()}`,
    ).toBe(true);
    // B never indexed #1 itself: it read A's entries and asked GitHub only for what changed since.
    const mine = indexListings().slice(before);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.query.includes("since="))).toBe(true);
  }, 90_000);
});
