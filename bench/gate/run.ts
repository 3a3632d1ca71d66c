/**
 * Staging gate benchmarks (issue 11 §3), one run, loopback only:
 *   1. decision latency when every signal is immediate (staging succeeded, checks green, no soak, no probe):
 *      (a) the App end to end — a signed `deployment_protection_rule.requested` delivery to the real bot process
 *      until the stand-in records the approval; (b) one engine evaluation in process (`runGate`, fresh client).
 *      Anchor, interleaved in the same run: one `GET /repos/{owner}/{repo}` round trip to the same stand-in.
 *   2. REST calls per evaluation (the stand-in's request log) with 100 and 1,000 deployments in the repository:
 *      of other commits, and of the same commit (transient previews that have to be paged through).
 * Prints Markdown. Usage: node_modules/.bin/tsx bench/gate/run.ts [--runs 40]
 */
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { parseConfigText } from "@upkeep/shared/config/parse.js";
import { runGate } from "@upkeep/shared/gate/run.js";
import { resolveGateSettings } from "@upkeep/shared/gate/settings.js";
import { createGitHubClient } from "@upkeep/shared/github/client.js";
import { silentLogger } from "@upkeep/shared/logger.js";
import { examplePayload, startBot } from "../../test/bot/harness.js";
import { type GitHubStandIn, startGitHubStandIn } from "../../test/stand-ins/github/index.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "40" } } });
const RUNS = Number(values.runs);
const NOW = new Date();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95) };
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** A repository whose commit succeeded in staging an hour ago, with green checks. */
function greenRepo(gh: GitHubStandIn, name: string, extra: (sha: string) => void = () => {}): string {
  gh.state.createRepo({ owner: "acme", name, files: { ".github/upkeep.yml": "gate:\n  requires: [staging]\n" } });
  const sha = gh.state.addCommit(`acme/${name}`, { files: { "app.txt": name } }).sha;
  extra(sha);
  const d = gh.state.addDeployment(`acme/${name}`, { ref: sha, environment: "staging" });
  const s = gh.state.addDeploymentStatus(`acme/${name}`, d.id, { state: "success" });
  s.createdAt = new Date(NOW.getTime() - 3_600_000).toISOString();
  gh.state.addCheckRun(`acme/${name}`, { name: "test", headSha: sha, conclusion: "success" });
  gh.state.addStatus(`acme/${name}`, { sha, state: "success", context: "ci/lint" });
  return sha;
}

const gateConfig = parseConfigText("gate:\n  requires: [staging]\n", ".github/upkeep.yml").config.gate;

async function evaluateOnce(gh: GitHubStandIn, repo: string, sha: string) {
  const client = createGitHubClient({ token: "ghp_bench", baseUrl: gh.url, writeIntervalMs: 0 });
  const settings = resolveGateSettings(gateConfig, { sha, recordEvidence: false });
  const [owner, name] = repo.split("/") as [string, string];
  return runGate({ client, repo: { owner, name }, settings, clock: { now: () => NOW }, logger: silentLogger });
}

async function anchorOnce(gh: GitHubStandIn, repo: string) {
  const client = createGitHubClient({ token: "ghp_bench", baseUrl: gh.url });
  const [owner, name] = repo.split("/") as [string, string];
  await client.request("GET /repos/{owner}/{repo}", { owner, repo: name });
}

const gh = await startGitHubStandIn({ validate: true });
const out: string[] = [];
try {
  // 1b. in-process evaluations against the anchor, interleaved.
  const sha = greenRepo(gh, "latency");
  const engine: number[] = [];
  const anchor: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    let t = performance.now();
    const r = await evaluateOnce(gh, "acme/latency", sha);
    engine.push(performance.now() - t);
    if (r.verdict !== "approve") throw new Error(`expected approve, got ${r.verdict}: ${JSON.stringify(r.rules)}`);
    t = performance.now();
    await anchorOnce(gh, "acme/latency");
    anchor.push(performance.now() - t);
  }

  // 1a. the App end to end: every repository exists before the bot's first token.
  const appShas = Array.from({ length: RUNS }, (_, i) => greenRepo(gh, `app-${i}`));
  const installation = gh.state.addInstallation({ account: "acme" });
  const bot = await startBot(gh, { LOG_LEVEL: "warn" });
  const app: number[] = [];
  try {
    for (let i = 0; i < RUNS; i += 1) {
      const repo = `acme/app-${i}`;
      const runId = 1_000_000 + i;
      const payload = examplePayload("deployment", { repo, installationId: installation.id }, (p) => {
        for (const key of Object.keys(p))
          if (!["repository", "installation", "sender", "deployment"].includes(key)) delete p[key];
        p.deployment.sha = appShas[i];
        p.action = "requested";
        p.environment = "production";
        p.event = "push";
        p.deployment_callback_url = `${gh.url}/repos/${repo}/actions/runs/${runId}/deployment_protection_rule`;
      });
      const t = performance.now();
      await bot.deliver({ event: "deployment_protection_rule", payload });
      const reviews = gh.state.repo(repo).protectionReviews;
      while (!reviews.some((r) => r.state !== undefined)) await new Promise((r) => setTimeout(r, 2));
      app.push(performance.now() - t);
      if (reviews[0]?.state !== "approved") throw new Error(`expected approved: ${reviews[0]?.comment}`);
    }
  } finally {
    await bot.stop();
  }

  // 2. calls per evaluation.
  const calls: [string, number, number][] = [];
  for (const n of [100, 1000]) {
    for (const kind of ["other commits", "the same commit"] as const) {
      const name = `calls-${n}-${kind === "other commits" ? "other" : "same"}`;
      const target = greenRepo(gh, name, (s) => {
        for (let i = 0; i < n; i += 1) {
          if (kind === "the same commit") {
            const d = gh.state.addDeployment(`acme/${name}`, { ref: s, environment: `pr-${i}` });
            d.transientEnvironment = true;
          } else {
            const other = gh.state.addCommit(`acme/${name}`, { files: { "n.txt": String(i) } }).sha;
            gh.state.addDeployment(`acme/${name}`, { ref: other, environment: "staging" });
          }
        }
      });
      gh.resetLog();
      const r = await evaluateOnce(gh, `acme/${name}`, target);
      if (r.verdict !== "approve") throw new Error(`expected approve at ${n}: ${JSON.stringify(r.rules)}`);
      calls.push([`${n} deployments of ${kind}`, r.calls, gh.requests.length]);
    }
  }
  gh.assertNoViolations();

  const a = stats(app);
  const e = stats(engine);
  const k = stats(anchor);
  out.push(
    "# staging-gate benchmark",
    "",
    "Issue 11 §3: decision latency when every signal is immediate (goal p95 ≤ 2 s against the stand-in), and",
    "REST calls per evaluation (goal ≤ 15) at 100 and 1,000 deployments.",
    "",
    "Command (from the repository root):",
    "",
    "```sh",
    `node_modules/.bin/tsx bench/gate/run.ts --runs ${RUNS}`,
    "```",
    "",
    `Machine: ${process.platform}, ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" / ")} at the end of the run; ${new Date().toISOString().slice(0, 10)}.`,
    "",
    "| measurement | p50 | p95 | × anchor p50 |",
    "| --- | ---: | ---: | ---: |",
    `| App: signed delivery → approval recorded by the stand-in (${RUNS} deliveries, real Probot server process) | ${ms(a.p50)} | ${ms(a.p95)} | ${(a.p50 / k.p50).toFixed(1)} |`,
    `| engine: one evaluation in process, fresh client (${RUNS} runs) | ${ms(e.p50)} | ${ms(e.p95)} | ${(e.p50 / k.p50).toFixed(1)} |`,
    `| anchor: one \`GET /repos/{owner}/{repo}\` round trip, fresh client (${RUNS} runs, interleaved with the engine) | ${ms(k.p50)} | ${ms(k.p95)} | 1.0 |`,
    "",
    "The App's time includes what the engine's does not: the installation token, reading `.github/upkeep.yml`",
    "and `.github/maintenance/` (the branch ref, the config, the folder listing), the Upkeep issues (announced",
    "windows), and the callback POST.",
    "",
    "| repository | REST calls of the evaluation | requests in the stand-in's log |",
    "| --- | ---: | ---: |",
    ...calls.map(([label, c, logged]) => `| ${label} | ${c} | ${logged} |`),
    "",
    "Deployments are listed by the commit's SHA, so deployments of other commits cost nothing; deployments of",
    "the same commit are paged through 100 at a time (the 1,000-deployment row pages 10 times).",
    "",
  );
} finally {
  await gh.close();
}
console.log(out.join("\n"));
