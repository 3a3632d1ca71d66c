/**
 * Bot benchmarks (issue 4 §7), one run, loopback only:
 *   1. webhook acknowledgement latency (p50/p99) at 20 deliveries a second on one instance of the Upkeep bot,
 *      side by side with a bare Probot app that does nothing (the anchor), deliveries interleaved;
 *   2. counted API requests (GitHub stand-in request log) of sweeps over 100 repositories: the first (busy:
 *      every repository announces a window and opens an audit), an idle one, and a busy one (a reminder due
 *      everywhere).
 * Prints Markdown. Usage: node_modules/.bin/tsx bench/bot/run.ts [--deliveries 300]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { silentLogger } from "@upkeep/shared/logger.js";
import { appClientFactory } from "../../bot/src/clients.js";
import { EtagCache } from "../../bot/src/etag-cache.js";
import { features } from "../../bot/src/index.js";
import type { RepoFiles } from "../../bot/src/repo-files.js";
import { sweepInstallations } from "../../bot/src/sweep.js";
import { appPrivateKey, botEnv, commentPayload, freePort, repoRoot, sign, tsxBin } from "../../test/bot/harness.js";
import { startGitHubStandIn } from "../../test/stand-ins/github/index.js";

const { values } = parseArgs({ options: { deliveries: { type: "string", default: "300" } } });
const DELIVERIES = Number(values.deliveries);
const RATE = 20;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited`);
    const ok = await fetch(url).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

async function ackLatency(): Promise<string[]> {
  const gh = await startGitHubStandIn({ validate: false, rateLimit: 1_000_000 });
  const installationId = gh.state.addInstallation({ account: "acme" }).id;
  gh.state.createRepo({ owner: "acme", name: "app" });
  gh.state.addCollaborator("acme/app", "alice", "write");
  gh.state.addIssue("acme/app", { title: "Ops" });
  const env = {
    ...process.env,
    ...botEnv(gh, { UPKEEP_WRITE_INTERVAL_MS: "1000", LOG_LEVEL: "warn" }),
    HOST: "127.0.0.1",
  };
  const [upkeepPort, barePort] = [await freePort(), await freePort()];
  const upkeep = spawn(tsxBin, ["bot/src/server.ts"], {
    cwd: repoRoot,
    env: { ...env, PORT: String(upkeepPort) },
    stdio: "ignore",
  });
  const bare = spawn(tsxBin, ["bench/bot/bare-app.ts"], {
    cwd: repoRoot,
    env: { ...env, PORT: String(barePort) },
    stdio: "ignore",
  });
  try {
    await Promise.all([
      waitFor(`http://127.0.0.1:${upkeepPort}/healthz`, upkeep),
      waitFor(`http://127.0.0.1:${barePort}/ping`, bare),
    ]);
    const targets = { upkeep: upkeepPort, bare: barePort } as const;
    const times: Record<keyof typeof targets, number[]> = { upkeep: [], bare: [] };
    const statuses = new Map<number, number>();
    const sends: Promise<void>[] = [];
    const started = performance.now();
    for (let i = 0; i < DELIVERIES * 2; i++) {
      const which = i % 2 === 0 ? "upkeep" : "bare";
      // Open loop: each instance gets one delivery every 1000/RATE ms whatever the answers take.
      const due = started + Math.floor(i / 2) * (1000 / RATE);
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const start = Math.floor(i / 2) % 4 === 0 ? 1 : 2; // a mix of commands and chatter
      const payload = commentPayload(
        { repo: "acme/app", installationId },
        {
          body:
            start === 1
              ? `/maintenance schedule 2026-12-${String(2 + (i % 20)).padStart(2, "0")}T02:00Z 1h Upgrade ${i}`
              : "LGTM",
          login: "alice",
          issue: 1,
          commentId: 10_000 + i,
        },
      );
      const body = JSON.stringify(payload);
      const t0 = performance.now();
      sends.push(
        fetch(`http://127.0.0.1:${targets[which]}/api/github/webhooks`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-github-event": "issue_comment",
            "x-github-delivery": `bench-${i}`,
            "x-hub-signature-256": sign("test-secret", body),
          },
          body,
        }).then(async (res) => {
          await res.arrayBuffer();
          times[which].push(performance.now() - t0);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        }),
      );
    }
    await Promise.all(sends);
    const row = (name: string, list: number[]) => {
      const sorted = [...list].sort((a, b) => a - b);
      return `| ${name} | ${list.length} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 99).toFixed(1)} | ${sorted.at(-1)?.toFixed(1)} |`;
    };
    return [
      `### Webhook acknowledgement at ${RATE} deliveries/s per instance (${DELIVERIES} each, interleaved)`,
      "",
      "| app | deliveries | p50 ms | p99 ms | max ms |",
      "| --- | ---: | ---: | ---: | ---: |",
      row("Upkeep bot (issue_comment, 1 in 4 a /maintenance command)", times.upkeep),
      row("bare Probot app (anchor: handler does nothing)", times.bare),
      "",
      `HTTP statuses: ${[...statuses].map(([s, n]) => `${s} × ${n}`).join(", ")}. The bot acknowledges before its paced writes (1 s apart) run.`,
    ];
  } finally {
    upkeep.kill("SIGKILL");
    bare.kill("SIGKILL");
    await gh.close();
  }
}

const WINDOW = "title: Database upgrade\nstart: 2026-12-01T02:00Z\nduration: 2h\n";
const AUDITS = "audits:\n  - id: security-audit\n    schedule: quarterly\n";

async function sweepBudget(): Promise<string[]> {
  const gh = await startGitHubStandIn({ validate: false, rateLimit: 1_000_000 });
  for (let i = 0; i < 100; i++) {
    gh.state.createRepo({
      owner: "fleet",
      name: `repo-${i}`,
      files: { ".github/upkeep.yml": AUDITS, ".github/maintenance/db.yml": WINDOW },
    });
  }
  gh.state.addInstallation({ account: "fleet" });
  let now = new Date("2026-11-26T00:00:00Z");
  const factory = appClientFactory(
    { appId: gh.state.app.id, privateKey: appPrivateKey() },
    {
      baseUrl: `${gh.url}/api/v3`,
      writeIntervalMs: 0,
      retryAfterScaleMs: 10,
      cache: new EtagCache(),
      logger: silentLogger,
    },
  );
  const deps = { features, clock: { now: () => now }, logger: silentLogger, filesCache: new Map<string, RepoFiles>() };
  const rows: string[] = [];
  const measure = async (label: string) => {
    gh.resetLog();
    const t0 = performance.now();
    const results = await sweepInstallations(factory, deps);
    const ms = performance.now() - t0;
    const all = gh.requests;
    const counted = all.filter((r) => r.counted);
    const writes = all.filter(
      (r) => r.method !== "GET" && !(r.method === "POST" && r.path === "/graphql" && !r.counted),
    );
    const perRepo = counted.filter((r) => r.path.startsWith("/repos/")).length / 100;
    const steps = results.reduce((n, r) => n + r.plan.steps.length, 0);
    rows.push(
      `| ${label} | ${steps} | ${all.length} | ${all.filter((r) => r.status === 304).length} | ${counted.length} | ${perRepo.toFixed(2)} | ${writes.length} | ${(ms / 1000).toFixed(1)} |`,
    );
  };
  await measure("first sweep (busy: 100 announcements + 100 audit issues)");
  // The first read after the bot's own writes sees them (one counted page); from then on nothing changes.
  await measure("next sweep (sees the first sweep's own writes)");
  await measure("idle sweep (nothing changed)");
  now = new Date("2026-11-28T02:30:00Z");
  await measure("busy sweep (the 72 h reminder due in every repository)");
  await measure("next sweep (sees the reminders just written)");
  await measure("idle sweep again");
  await gh.close();
  return [
    "### Sweep API budget over 100 repositories (one installation)",
    "",
    "| sweep | plan steps | requests | 304 (not counted) | counted | counted per repo (under /repos) | writes | seconds |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
    "",
    "Counted = what GitHub charges against the rate limit (the stand-in's request log: a 304 is free). Writes unpaced here (`writeIntervalMs: 0`); the server paces them 1 s apart.",
  ];
}

const out = [
  `## Bot benchmarks (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version})`,
  "",
  `Command: \`node_modules/.bin/tsx bench/bot/run.ts --deliveries ${DELIVERIES}\``,
  "",
  ...(await ackLatency()),
  "",
  ...(await sweepBudget()),
  "",
];
process.stdout.write(`${out.join("\n")}\n`);
