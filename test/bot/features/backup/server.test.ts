// The bot's backup feature end to end: the real Probot server process (tsx bot/src/server.ts), signed deliveries,
// the GitHub stand-in, real backups made by tar and gzip on the bot's host. The feature runs in the repository's
// sweep, which GitHub drives with a push to the default branch (a forced sweep) and the server's own timer
// (UPKEEP_SWEEP_TICK_SECONDS); the verification itself runs at most once a day per repository. Each step starts
// the server at another date (UPKEEP_NOW), as a long-running server would reach it: the state lives in GitHub.
//
// One failing set opens one issue; a duplicated or replayed delivery does not open another; changed findings update
// the same issue; recovery closes it with a comment; the drill evidence is commented once per ISO week.
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireTools, sh, tempDir } from "../../../shared/backup/tools.js";
import type { IssueRecord } from "../../../stand-ins/github/state.js";
import { useGitHubStandIn } from "../../../stand-ins/github/use-github-stand-in.js";
import { type BotProcess, eventually, examplePayload, startBot } from "../../harness.js";

const gh = useGitHubStandIn();
const REPO = "acme/vault";
const t = tempDir("upkeep-bot-backup-e2e-");
const backups = join(t.dir, "nightly");
let installationId: number;
let bot: BotProcess | undefined;

beforeAll(() => {
  requireTools(["tar", "gzip"]);
  sh("mkdir -p nightly src && head -c 4096 /dev/urandom | base64 > src/data.txt", t.dir);
  // Monday 2026-12-07 sees only Saturday's backup: stale.
  tarball("app-2026-12-05.tar.gz");
  const config = [
    "backups:",
    "  sets:",
    "    - name: nightly",
    `      location: ${backups}`,
    "      maxAge: 26h",
    "      restore:",
    "        type: tar",
    "        expectPaths: [data.txt]",
    "",
  ].join("\n");
  // Every repository exists before the bot's first token: the stand-in fixes a token's repositories when it is made.
  gh().state.createRepo({ owner: "acme", name: "vault", files: { ".github/upkeep.yml": config } });
  installationId = gh().state.addInstallation({ account: "acme" }).id;
});
afterAll(async () => {
  await bot?.stop();
  t.cleanup();
});

function tarball(name: string): void {
  sh(`tar -C src -czf nightly/${name} data.txt`, t.dir);
}

async function startAt(now: string, env: Record<string, string> = {}): Promise<BotProcess> {
  await bot?.stop();
  bot = await startBot(gh(), { UPKEEP_NOW: now, ...env });
  return bot;
}

const push = () =>
  examplePayload("push", { repo: REPO, installationId }, (p) => {
    p.ref = "refs/heads/main";
  });

const issues = (): IssueRecord[] => gh().state.repo(REPO).issues;
const failing = () => issues().filter((i) => i.title === "Backups failing: nightly");
const tracking = () => issues().filter((i) => i.title === "Backup verification evidence");
const commentsOn = (issue: IssueRecord | undefined) =>
  gh()
    .state.repo(REPO)
    .comments.filter((c) => c.issueNumber === issue?.number)
    .map((c) => c.body);
const evidence = () => commentsOn(tracking()[0]).filter((b) => b.startsWith("### Restore drills"));

describe("the backup feature through the App", () => {
  it("a stale set opens one issue and the week's drill evidence; duplicated and replayed deliveries add nothing", async () => {
    const b = await startAt("2026-12-07T06:00:00Z");
    const payload = push();
    const id = randomUUID();
    // GitHub may deliver the same event twice (same id), and a user may redeliver it (new id): all at once.
    const sent = await Promise.all([
      b.deliver({ event: "push", payload, id }),
      b.deliver({ event: "push", payload, id }),
      b.deliver({ event: "push", payload }),
    ]);
    expect(sent.map((r) => r.status)).toEqual([200, 200, 200]);
    await eventually(() => evidence().length > 0, `the evidence comment\n${b.output()}`, 60_000);
    await b.idle(60_000);
    expect(failing(), b.output()).toHaveLength(1);
    const [issue] = failing();
    expect(issue!.state).toBe("open");
    expect(issue!.labels).toContain("backup");
    expect(issue!.body).toContain("backup/stale");
    expect(issue!.body).toContain("app-2026-12-05.tar.gz");
    expect(tracking()).toHaveLength(1);
    expect(evidence()).toHaveLength(1);
    expect(evidence()[0]).toContain("2026-W50");
    expect(evidence()[0]).toMatch(/tar/);

    // The same delivery again later that day: the sets were verified less than a day ago, nothing is written.
    gh().resetLog();
    await b.deliver({ event: "push", payload, id });
    await b.idle(60_000);
    expect(gh().requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(failing()).toHaveLength(1);
  }, 120_000);

  it("the next day, changed findings update the same issue in place, and the week's evidence is not repeated", async () => {
    // Tuesday's backup arrived but is cut short: fresh, but unreadable.
    tarball("app-2026-12-08.tar.gz");
    const file = join(backups, "app-2026-12-08.tar.gz");
    sh(`head -c 300 ${file} > ${file}.part && mv ${file}.part ${file}`, t.dir);
    const number = failing()[0]!.number;
    const b = await startAt("2026-12-08T07:00:00Z");
    const payload = push();
    await Promise.all([b.deliver({ event: "push", payload }), b.deliver({ event: "push", payload })]);
    await eventually(() => failing()[0]!.body!.includes("backup/unreadable"), `the update\n${b.output()}`, 60_000);
    await b.idle(60_000);
    expect(failing()).toHaveLength(1);
    expect(failing()[0]!.number).toBe(number);
    expect(failing()[0]!.state).toBe("open");
    expect(failing()[0]!.body).not.toContain("backup/stale");
    expect(commentsOn(failing()[0])).toEqual([]);
    expect(evidence()).toHaveLength(1);
  }, 120_000);

  it("on the server's own timer, a recovered set's issue is closed with a comment", async () => {
    rmSync(join(backups, "app-2026-12-08.tar.gz"));
    tarball("app-2026-12-09.tar.gz");
    const b = await startAt("2026-12-09T08:00:00Z", { UPKEEP_SWEEP_TICK_SECONDS: "1" });
    await eventually(() => failing()[0]?.state === "closed", `the issue to close\n${b.output()}`, 60_000);
    await b.stop();
    expect(failing()).toHaveLength(1);
    expect(failing()[0]!.stateReason).toBe("completed");
    expect(commentsOn(failing()[0])).toEqual([expect.stringContaining("Recovered: **nightly** passes")]);
    expect(evidence()).toHaveLength(1);
  }, 120_000);

  it("the next week brings one new evidence comment and no new issue", async () => {
    tarball("app-2026-12-14.tar.gz");
    const b = await startAt("2026-12-14T07:00:00Z");
    const payload = push();
    await Promise.all([b.deliver({ event: "push", payload }), b.deliver({ event: "push", payload })]);
    await eventually(() => evidence().length === 2, `the second evidence comment\n${b.output()}`, 60_000);
    await b.idle(60_000);
    expect(evidence()).toHaveLength(2);
    expect(evidence()[1]).toContain("2026-W51");
    expect(evidence()[1]).toContain("app-2026-12-14.tar.gz");
    expect(failing()).toHaveLength(1);
    expect(failing()[0]!.state).toBe("closed");
    expect(tracking()).toHaveLength(1);
  }, 120_000);
});
