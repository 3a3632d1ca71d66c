import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { redisSharedState } from "../../bot/src/shared-state.js";
import { type BotProcess, startBot } from "../../test/bot/harness.js";
import { startRedis } from "../../test/bot/redis.js";
import { type GitHubStandIn, startGitHubStandIn } from "../../test/stand-ins/github/index.js";
import { ackStandIn, interleavedDeliveries, latencyTable, startBareApp } from "./lib.js";

const { values } = parseArgs({
  options: {
    installations: { type: "string", default: "100" },
    rate: { type: "string", default: "50" },
    seconds: { type: "string", default: "10" },
    only: { type: "string", default: "" },
    instances: { type: "string", default: "1,2,3" },
  },
});
const INSTALLATIONS = Number(values.installations);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const REPOS = 10;
const ONLY = values.only;

async function cluster(gh: GitHubStandIn, redisUrl: string, n: number, env: Record<string, string>) {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      startBot(gh, {
        REDIS_URL: redisUrl,
        UPKEEP_INSTANCE_ID: `bench-${i}`,
        UPKEEP_NOW: "2026-11-26T00:00:00Z",
        LOG_LEVEL: "warn",
        ...env,
      }),
    ),
  );
}

async function untilSwept(gh: GitHubStandIn, names: string[]): Promise<number> {
  const t0 = performance.now();
  const swept = new Set<string>();
  let seen = 0;
  while (swept.size < names.length) {
    for (; seen < gh.requests.length; seen++) {
      const r = gh.requests[seen]!;
      const m = /^\/repos\/([^/]+\/[^/]+)\/issues$/.exec(r.path);
      if (m && r.method === "GET") swept.add(m[1]!);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return performance.now() - t0;
}

async function throughput(): Promise<string[]> {
  const gh = await startGitHubStandIn({ validate: false });
  const names: string[] = [];
  for (let i = 0; i < INSTALLATIONS; i++) {
    for (let j = 0; j < REPOS; j++) {
      gh.state.createRepo({ owner: `org${i}`, name: `r${j}`, files: { "README.md": "# x\n" } });
      names.push(`org${i}/r${j}`);
    }
    gh.state.addInstallation({ account: `org${i}` });
  }
  const rows: string[] = [];
  let anchor = 0;
  for (const n of values.instances.split(",").map(Number)) {
    const redis = await startRedis();
    gh.resetLog();
    const t0 = performance.now();
    const bots = await cluster(gh, redis.url, n, { UPKEEP_SWEEP_TICK_SECONDS: "600", UPKEEP_CONCURRENCY: "8" });
    await untilSwept(gh, names);
    const seconds = (performance.now() - t0) / 1000;
    const perSecond = names.length / seconds;
    if (anchor === 0) anchor = perSecond;
    const counted = gh.requests.filter((r) => r.counted).length;
    await Promise.all(bots.map((b) => b.stop()));
    // The idle sweep: fresh processes 20 minutes later (every repository due), caches only in Redis.
    gh.resetLog();
    const t1 = performance.now();
    // Another tick replaces the schedules, so the fresh processes sweep at once instead of at the next tick.
    const fresh = await cluster(gh, redis.url, n, {
      UPKEEP_SWEEP_TICK_SECONDS: "599",
      UPKEEP_CONCURRENCY: "8",
      UPKEEP_NOW: "2026-11-26T00:20:00Z",
    });
    await untilSwept(gh, names);
    const idleSeconds = (performance.now() - t1) / 1000;
    const perRepo = new Map<string, number>();
    for (const r of gh.requests) {
      const m = /^\/repos\/([^/]+\/[^/]+)\//.exec(r.path);
      if (m && r.counted) perRepo.set(m[1]!, (perRepo.get(m[1]!) ?? 0) + 1);
    }
    const limited = gh.requests.filter((r) => r.status === 403 || r.status === 429).length;
    rows.push(
      `| ${n} | ${names.length} | ${seconds.toFixed(1)} | ${perSecond.toFixed(1)} | ${(perSecond / anchor).toFixed(2)} | ${counted} | ${idleSeconds.toFixed(1)} | ${gh.requests.filter((r) => r.counted).length} | ${Math.max(0, ...perRepo.values())} | ${limited} |`,
    );
    const bots2 = fresh;
    await Promise.all(bots2.map((b) => b.stop()));
    await redis.close();
  }
  await gh.close();
  return [
    `### Sweep throughput, ${INSTALLATIONS} installations × ${REPOS} repositories (first sweep, from process start)`,
    "",
    "| instances | repositories | first sweep s | repositories/s | ratio to first row | counted | idle sweep s (fresh processes) | idle counted (all) | idle counted, worst repository | 403/429 answers |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
  ];
}

// Round trips as Redis sees them: every command a client sent (MONITOR), not the commands a Lua script runs
// inside Redis (one EVALSHA is one round trip).
async function monitorRedis(url: string) {
  const s = redisSharedState(url);
  await s.ping();
  const byCommand = new Map<string, number>();
  let total = 0;
  const monitor = await s.client.monitor();
  monitor.on("monitor", (_time: string, args: string[], source: string) => {
    if (source === "lua") return;
    total += 1;
    const name = String(args[0]).toLowerCase();
    byCommand.set(name, (byCommand.get(name) ?? 0) + 1);
  });
  return {
    snapshot: () => ({ total, byCommand: new Map(byCommand) }),
    async close() {
      monitor.disconnect();
      await s.close();
    },
  };
}

async function acknowledgement(): Promise<string[]> {
  const { gh, installationId } = await ackStandIn();
  const redis = await startRedis();
  const bots: BotProcess[] = await cluster(gh, redis.url, 2, { UPKEEP_SWEEP_TICK_SECONDS: "0" });
  const bare = await startBareApp(gh);
  try {
    // Redis's idle traffic (workers' blocking polls, lock renewals) over the same time, to subtract.
    const monitor = await monitorRedis(redis.url);
    const idle0 = monitor.snapshot().total;
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const idlePerSecond = (monitor.snapshot().total - idle0) / SECONDS;

    const total = RATE * SECONDS;
    const before = monitor.snapshot();
    const started = performance.now();
    const latencies = await interleavedDeliveries(installationId, {
      perTarget: total,
      rate: RATE,
      botUrl: (k) => bots[k % 2]!.url,
      bareUrl: bare.url,
    });
    for (const b of bots) await b.idle(120_000);
    const elapsed = (performance.now() - started) / 1000;
    const after = monitor.snapshot();
    await monitor.close();
    const commands = after.total - before.total - idlePerSecond * elapsed;
    const top = [...after.byCommand]
      .map(([name, n]) => [name, n - (before.byCommand.get(name) ?? 0)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([name, n]) => `${name} ${(n / total).toFixed(1)}`)
      .join(", ");
    return [
      ...latencyTable(
        `### Webhook acknowledgement at ${RATE} deliveries/s (${total} each, interleaved)`,
        "Upkeep bot, 2 instances on Redis (round-robin; 1 in 4 a /maintenance command)",
        latencies,
      ),
      "",
      "### Redis round trips per delivery",
      "",
      `${(commands / total).toFixed(1)} round trips (commands sent by the instances, Redis MONITOR; a script is one) per delivery handled, after subtracting ${idlePerSecond.toFixed(1)} idle commands/s of 2 instances (blocking polls, lock renewals) over ${elapsed.toFixed(1)} s. Most frequent per delivery: ${top}.`,
    ];
  } finally {
    bare.child.kill("SIGTERM");
    await Promise.all(bots.map((b) => b.stop()));
    await redis.close();
    await gh.close();
  }
}

const out = [
  `## Bot at scale (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version}, redis-server from Debian)`,
  "",
  `Command: \`node_modules/.bin/tsx bench/bot/scale.ts --installations ${INSTALLATIONS} --rate ${RATE} --seconds ${SECONDS}\``,
  "",
  ...(ONLY === "" || ONLY === "ack" ? await acknowledgement() : []),
  "",
  ...(ONLY === "" || ONLY === "throughput" ? await throughput() : []),
  "",
];
process.stdout.write(`${out.join("\n")}\n`);
