/**
 * Bot benchmarks (issue 4 §7), one run, loopback only:
 *   1. webhook acknowledgement latency (p50/p99) at 20 deliveries a second on one instance of the Upkeep bot,
 *      side by side with a bare Probot app that does nothing (the anchor), deliveries interleaved;
 *   2. counted API requests (GitHub stand-in request log) of sweeps over 100 repositories: the first (busy:
 *      every repository announces a window and opens an audit), an idle one, and a busy one (a reminder due
 *      everywhere).
 * Prints Markdown. Usage: node_modules/.bin/tsx bench/bot/run.ts [--deliveries 300]
 */
import { spawn } from "node:child_process";
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { silentLogger } from "@upkeep/shared/logger.js";
import { appClientFactory } from "../../bot/src/clients.js";
import { EtagCache } from "../../bot/src/etag-cache.js";
import { features } from "../../bot/src/index.js";
import type { RepoFiles } from "../../bot/src/repo-files.js";
import { sweepInstallations } from "../../bot/src/sweep.js";
import { appPrivateKey, botEnv, freePort, repoRoot, tsxBin } from "../../test/bot/harness.js";
import { startGitHubStandIn } from "../../test/stand-ins/github/index.js";
import { ackStandIn, interleavedDeliveries, latencyTable, startBareApp, waitFor } from "./lib.js";

const { values } = parseArgs({ options: { deliveries: { type: "string", default: "300" } } });
const DELIVERIES = Number(values.deliveries);
const RATE = 20;

async function ackLatency(): Promise<string[]> {
  const { gh, installationId } = await ackStandIn();
  const port = await freePort();
  const upkeep = spawn(tsxBin, ["bot/src/server.ts"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...botEnv(gh, { UPKEEP_WRITE_INTERVAL_MS: "1000", LOG_LEVEL: "warn" }),
      HOST: "127.0.0.1",
      PORT: String(port),
    },
    stdio: "ignore",
  });
  const bare = await startBareApp(gh);
  try {
    const botUrl = `http://127.0.0.1:${port}`;
    await waitFor(`${botUrl}/healthz`, upkeep);
    const latencies = await interleavedDeliveries(installationId, {
      perTarget: DELIVERIES,
      rate: RATE,
      botUrl: () => botUrl,
      bareUrl: bare.url,
    });
    return [
      ...latencyTable(
        `### Webhook acknowledgement at ${RATE} deliveries/s per instance (${DELIVERIES} each, interleaved)`,
        "Upkeep bot (issue_comment, 1 in 4 a /maintenance command)",
        latencies,
      ),
      "The bot acknowledges before its paced writes (1 s apart) run.",
    ];
  } finally {
    upkeep.kill("SIGKILL");
    bare.child.kill("SIGKILL");
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
