// The sweep against the GitHub stand-in, in process so the test drives the clock: reminders and status
// changes once each, an idle sweep's API budget, and failed work picked up by the next sweep.
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { recordingLogger } from "@upkeep/shared/logger.js";
import { beforeEach, describe, expect, it } from "vitest";
import { appClientFactory, type ClientFactory } from "../../bot/src/clients.js";
import { EtagCache } from "../../bot/src/etag-cache.js";
import { features } from "../../bot/src/index.js";
import type { RepoFiles } from "../../bot/src/repo-files.js";
import { type SweepDeps, sweepInstallations, sweepRepository } from "../../bot/src/sweep.js";
import { useGitHubStandIn } from "../stand-ins/github/use-github-stand-in.js";
import { appPrivateKey, botEnv, repoRoot, tsxBin } from "./harness.js";

const gh = useGitHubStandIn();
const execFileAsync = promisify(execFile);
const WINDOW = [
  "title: Database upgrade",
  "start: 2026-12-01T02:00Z",
  "duration: 2h",
  "impact: API read-only",
  "",
].join("\n");
const AUDITS = ["audits:", "  - id: security-audit", "    schedule: quarterly", "    dueDays: 30", ""].join("\n");

let now: Date;
let factory: ClientFactory;
let deps: SweepDeps;
let account: string;
let counter = 0;

function counted(repo?: string) {
  return gh().requests.filter((r) => r.counted && (!repo || r.path.includes(`/repos/${repo}/`)));
}

beforeEach(() => {
  counter += 1;
  account = `org${counter}`;
  now = new Date("2026-11-26T00:00:00Z");
  const cache = new EtagCache();
  const logger = recordingLogger();
  factory = appClientFactory(
    { appId: gh().state.app.id, privateKey: appPrivateKey() },
    { baseUrl: `${gh().url}/api/v3`, writeIntervalMs: 0, retryAfterScaleMs: 10, cache, logger },
  );
  deps = { features, clock: { now: () => now }, logger, filesCache: new Map<string, RepoFiles>() };
});

function seed(names: string[], files: Record<string, string>) {
  for (const name of names) gh().state.createRepo({ owner: account, name, files: { "README.md": "# x\n", ...files } });
  return gh().state.addInstallation({ account }).id;
}

describe("the sweep", () => {
  it("announces a file window, reminds at 72 h, 24 h and 1 h, moves the status and closes, each once", async () => {
    seed(["app"], { ".github/maintenance/db.yml": WINDOW });
    const repo = `${account}/app`;
    const at = async (iso: string) => {
      now = new Date(iso);
      await sweepInstallations(factory, deps);
      await sweepInstallations(factory, deps); // a second sweep at the same time changes nothing
    };
    await at("2026-11-26T00:00:00Z");
    const issue = () => gh().state.repo(repo).issues[0]!;
    expect(issue().title).toContain("Database upgrade");
    expect(gh().state.repo(repo).pinned).toEqual([1]);
    await at("2026-11-28T02:30:00Z");
    await at("2026-11-30T02:10:00Z");
    await at("2026-12-01T01:30:00Z");
    const reminders = () =>
      gh()
        .state.repo(repo)
        .comments.map((c) => c.body.split("\n")[0]);
    expect(
      reminders(),
      JSON.stringify((deps.logger as unknown as { records: unknown[] }).records.slice(-20)),
    ).toHaveLength(3);
    await at("2026-12-01T02:05:00Z");
    expect(issue().body).toMatch(/In progress/i);
    await at("2026-12-01T04:30:00Z");
    expect(issue().state).toBe("closed");
    expect(gh().state.repo(repo).pinned).toEqual([]);
    expect(gh().state.repo(repo).issues).toHaveLength(1);
    expect(reminders()).toHaveLength(5);
  });

  it("an idle sweep costs at most one counted request per repository", async () => {
    const names = ["a", "b", "c", "d", "e"];
    seed(names, { ".github/upkeep.yml": AUDITS, ".github/maintenance/db.yml": WINDOW });
    await sweepInstallations(factory, deps);
    expect(gh().state.repo(`${account}/a`).issues).toHaveLength(2); // announcement + audit
    gh().resetLog();
    await sweepInstallations(factory, deps);
    for (const name of names) expect(counted(`${account}/${name}`).length).toBeLessThanOrEqual(1);
    expect(gh().requests.filter((r) => r.method !== "GET" && r.path !== "/graphql")).toEqual([]);
    // One change costs work proportional to it: only the repository that changed is read again.
    gh().state.addCommit(`${account}/c`, {
      files: { ".github/upkeep.yml": `${AUDITS}bot:\n  sweepIntervalMinutes: 30\n` },
    });
    gh().resetLog();
    await sweepInstallations(factory, deps);
    const costly = names.filter((n) => counted(`${account}/${n}`).length > 0);
    expect(costly).toEqual(["c"]);
  });

  it("work that still fails after retries is done once by the next sweep", async () => {
    const installation = seed(["app"], { ".github/maintenance/db.yml": WINDOW });
    const repo = `${account}/app`;
    await sweepRepository(await factory.installation(installation), { owner: account, name: "app" }, deps);
    now = new Date("2026-11-30T02:10:00Z");
    // The first try and the client's 3 retries all fail: the step fails, nothing is posted.
    gh().fault("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", { status: 502, times: 4 });
    // Only this repository, so no other test's reminder consumes the injected faults.
    const client = await factory.installation(installation);
    const sweep = async () =>
      (await sweepRepository(client, { owner: account, name: "app" }, deps)).results.find((r) => r.kind === "comment")
        ?.outcome;
    expect(await sweep()).toBe("failed");
    expect(gh().state.repo(repo).comments).toEqual([]);
    expect(await sweep()).toBe("applied");
    expect(await sweep()).toBeUndefined();
    expect(gh().state.repo(repo).comments).toHaveLength(1);
  });
});

describe("the sweep CLI", () => {
  it("runs for every installation and keeps ETags on disk, so the next run's idle sweep is nearly free", async () => {
    seed(["one", "two"], { ".github/upkeep.yml": AUDITS });
    const cacheFile = join(mkdtempSync(join(tmpdir(), "upkeep-bot-")), "etags.json");
    // Asynchronous: the stand-in answers from this process, so it must not be blocked while the CLI runs.
    const run = async () => {
      const { stdout, stderr } = await execFileAsync(tsxBin, ["bot/src/cli.ts", "sweep"], {
        cwd: repoRoot,
        env: { ...process.env, ...botEnv(gh(), { UPKEEP_NOW: "2026-11-26T00:00:00Z", UPKEEP_CACHE_FILE: cacheFile }) },
        encoding: "utf8",
      }).catch((e: { stdout: string; stderr: string; code: number }) => ({ ...e, status: e.code }));
      return { status: 0, stdout, stderr };
    };
    const first = await run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain(`${account}/one: `);
    expect(gh().state.repo(`${account}/one`).issues).toHaveLength(1);
    gh().resetLog();
    const second = await run();
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain(`${account}/one: nothing to do`);
    for (const name of ["one", "two"]) {
      expect(counted(`${account}/${name}`).length, JSON.stringify(counted())).toBeLessThanOrEqual(1);
    }
  });
});
