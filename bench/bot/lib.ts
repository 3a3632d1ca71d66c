/**
 * What the two bot benchmarks (run.ts: one instance; scale.ts: several on Redis) share: the acknowledgement
 * set-up (a GitHub stand-in with one repository and a writer, the bare Probot app that is the anchor), the
 * open-loop sender of signed deliveries and the latency table.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { botEnv, commentPayload, freePort, repoRoot, sign, tsxBin } from "../../test/bot/harness.js";
import { type GitHubStandIn, startGitHubStandIn } from "../../test/stand-ins/github/index.js";

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Polls `url` until it answers below 500; fails when the process exits first or after 30 s. */
export async function waitFor(url: string, child: ChildProcess): Promise<void> {
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

/** A stand-in with no rate limit holding acme/app, its writer alice and issue #1 to comment on. */
export async function ackStandIn(): Promise<{ gh: GitHubStandIn; installationId: number }> {
  const gh = await startGitHubStandIn({ validate: false, rateLimit: 1_000_000 });
  const installationId = gh.state.addInstallation({ account: "acme" }).id;
  gh.state.createRepo({ owner: "acme", name: "app" });
  gh.state.addCollaborator("acme/app", "alice", "write");
  gh.state.addIssue("acme/app", { title: "Ops" });
  return { gh, installationId };
}

/** The anchor: a Probot app whose handler does nothing, started and answering on its /ping route. */
export async function startBareApp(gh: GitHubStandIn): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(tsxBin, ["bench/bot/bare-app.ts"], {
    cwd: repoRoot,
    env: { ...process.env, ...botEnv(gh, { LOG_LEVEL: "warn" }), HOST: "127.0.0.1", PORT: String(port) },
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/ping`, child);
  return { url, child };
}

export interface Latencies {
  times: { upkeep: number[]; bare: number[] };
  statuses: Map<number, number>;
}

/**
 * Open loop: `perTarget` signed issue_comment deliveries to each of the bot and the anchor, interleaved, one
 * every 1000/rate ms per target whatever the answers take; one in four is a /maintenance command, the rest
 * chatter. `botUrl(k)` picks the bot instance of the k-th delivery.
 */
export async function interleavedDeliveries(
  installationId: number,
  opts: { perTarget: number; rate: number; botUrl: (k: number) => string; bareUrl: string },
): Promise<Latencies> {
  const times = { upkeep: [] as number[], bare: [] as number[] };
  const statuses = new Map<number, number>();
  const sends: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < opts.perTarget * 2; i++) {
    const which = i % 2 === 0 ? "upkeep" : "bare";
    const k = Math.floor(i / 2);
    const wait = started + k * (1000 / opts.rate) - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const payload = commentPayload(
      { repo: "acme/app", installationId },
      {
        body:
          k % 4 === 0
            ? `/maintenance schedule 2026-12-${String(2 + (k % 20)).padStart(2, "0")}T02:00Z 1h Upgrade ${k}`
            : "LGTM",
        login: "alice",
        issue: 1,
        commentId: 10_000 + k,
      },
    );
    const body = JSON.stringify(payload);
    const url = which === "upkeep" ? opts.botUrl(k) : opts.bareUrl;
    const t0 = performance.now();
    sends.push(
      fetch(`${url}/api/github/webhooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": "issue_comment",
          "x-github-delivery": `bench-${which}-${k}`,
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
  return { times, statuses };
}

/** The Markdown table of one latency run: the bot's row, then the anchor's. */
export function latencyTable(title: string, botLabel: string, { times, statuses }: Latencies): string[] {
  const row = (name: string, list: number[]) => {
    const sorted = [...list].sort((a, b) => a - b);
    return `| ${name} | ${list.length} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 99).toFixed(1)} | ${sorted.at(-1)?.toFixed(1)} |`;
  };
  return [
    title,
    "",
    "| app | deliveries | p50 ms | p99 ms | max ms |",
    "| --- | ---: | ---: | ---: | ---: |",
    row(botLabel, times.upkeep),
    row("bare Probot app (anchor: handler does nothing)", times.bare),
    "",
    `HTTP statuses: ${[...statuses].map(([s, n]) => `${s} × ${n}`).join(", ")}.`,
  ];
}
