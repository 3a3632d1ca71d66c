/**
 * Full scan of a 10,000-package lockfile against the OSV stand-in (issue 3 §8), package-lock v3 and
 * pnpm v9. The CLI runs as a subprocess (`upkeep patch-check --source osv --osv-url <stand-in> --offline`),
 * timed with wall, CPU and peak RSS; the stand-in (in this process, on 127.0.0.1) counts querybatch calls
 * and advisory fetches. Anchor, in the same run against the same stand-in: the naive way, one
 * `POST /v1/query` per unique package (8 in flight), lockfile parsed in-process by the same manager.
 * Findings of both are compared with each other and with the advisories each planted package should match.
 *
 *   node_modules/.bin/tsx bench/patch/scan-10k.ts [--quick] [--runs N] [--count N]
 *
 * --quick: 2,000 packages, 1 run each. Network: 127.0.0.1 only.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseConfigText } from "@upkeep/shared/config/parse.js";
import { nodeFileSystem } from "@upkeep/shared/io/node-fs.js";
import { silentLogger } from "@upkeep/shared/logger.js";
import { runPatchCheck } from "@upkeep/shared/patch/check/index.js";
import { mapConcurrent } from "@upkeep/shared/patch/datasources/http.js";
import { packageKey, uniquePackages } from "@upkeep/shared/patch/datasources/types.js";
import { npmManager } from "@upkeep/shared/patch/managers/npm/index.js";
import { pnpmManager } from "@upkeep/shared/patch/managers/pnpm/index.js";
import { resolvePatchCheck } from "@upkeep/shared/patch/setup.js";
import type { Manager } from "@upkeep/shared/patch/types.js";
import { npmLockfileOf, pnpmLockfileOf } from "../../test/fixtures/lockfiles/js/generate.js";
import { startOsvStandIn } from "../../test/stand-ins/osv/index.js";
import { npmScanGraph, VULNERABLE_NPM } from "./generate.js";
import {
  buildCliBundle,
  CLI_SOURCE,
  flags,
  machineLine,
  markdownTable,
  median,
  seconds,
  type Timed,
  TSX,
  timeCommand,
  WORK,
} from "./lib.js";

const f = flags();
const COUNT = Number(f.value("--count") ?? (f.quick ? 2000 : 10_000));
const RUNS = Number(f.value("--runs") ?? (f.quick ? 1 : 3));
const NAIVE_CONCURRENCY = 8;
const DIR = join(WORK, "scan-10k");

interface Format {
  id: string;
  fileName: string;
  manager: Manager;
  text: string;
}

const pkgs = npmScanGraph(COUNT);
const formats: Format[] = [
  { id: "package-lock v3", fileName: "package-lock.json", manager: npmManager, text: npmLockfileOf(pkgs) },
  { id: "pnpm-lock v9", fileName: "pnpm-lock.yaml", manager: pnpmManager, text: pnpmLockfileOf(pkgs) },
];
for (const fmt of formats) {
  const dir = join(DIR, fmt.fileName.replace(/\W/g, "-"));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, fmt.fileName), fmt.text);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "big", version: "1.0.0" }));
}

const expected = new Set(VULNERABLE_NPM.flatMap((v) => v.advisories.map((a) => `${a}|${v.name}@${v.version}`)));
const expectedAdvisories = new Set(VULNERABLE_NPM.flatMap((v) => v.advisories));

console.error("building the CLI bundle ...");
const bundle = await buildCliBundle();
const osv = await startOsvStandIn();
console.error(`OSV stand-in at ${osv.url}; ${COUNT} packages, ${RUNS} run(s) each`);

interface CliRun {
  timed: Timed;
  querybatch: number;
  vulns: number;
  vulnIds: string[];
  found: Set<string>;
  stats: unknown;
}

async function runCli(kind: "tsx" | "bundle", fmt: Format): Promise<CliRun> {
  const cwd = join(DIR, fmt.fileName.replace(/\W/g, "-"));
  const before = osv.requests.length;
  const cliArgs = ["patch-check", fmt.fileName, "--source", "osv", "--osv-url", osv.url, "--offline", "--no-eol"];
  const args = [...cliArgs, "--format", "json", "--output", "report.json"];
  const timed =
    kind === "tsx"
      ? await timeCommand(TSX, [CLI_SOURCE, ...args], { cwd })
      : await timeCommand(process.execPath, [bundle, ...args], { cwd });
  if (timed.code !== 0 && timed.code !== 1) throw new Error(`CLI exited ${timed.code}: ${timed.stderr}`);
  const report = JSON.parse(readFileSync(join(cwd, "report.json"), "utf8")) as {
    findings: Array<{ rule: string; properties?: { advisory?: string; package?: string; version?: string } }>;
    data: { sources: unknown };
  };
  const mine = osv.requests.slice(before);
  const found = new Set(
    report.findings
      .filter((x) => x.properties?.advisory)
      .map((x) => `${x.properties!.advisory}|${x.properties!.package}@${x.properties!.version}`),
  );
  const vulnPaths = mine.filter((r) => r.path.startsWith("/v1/vulns/")).map((r) => r.path);
  return {
    timed,
    querybatch: mine.filter((r) => r.path === "/v1/querybatch").length,
    vulns: vulnPaths.length,
    vulnIds: vulnPaths.map((p) => decodeURIComponent(p.slice("/v1/vulns/".length))),
    found,
    stats: report.data.sources,
  };
}

async function runNaive(fmt: Format): Promise<{ ms: number; requests: number; found: Set<string> }> {
  const before = osv.requests.length;
  const t = performance.now();
  const parsed = await fmt.manager.parse(fmt.fileName, fmt.text, { readSibling: async () => undefined });
  const unique = uniquePackages(parsed.packages);
  const found = new Set<string>();
  await mapConcurrent(unique, NAIVE_CONCURRENCY, async (p) => {
    const res = await fetch(`${osv.url}/v1/query`, {
      method: "POST",
      body: JSON.stringify({ package: { ecosystem: p.ecosystem, name: p.name }, version: p.version }),
    });
    if (!res.ok) throw new Error(`naive query for ${packageKey(p)}: ${res.status}`);
    const body = (await res.json()) as { vulns?: Array<{ id: string }> };
    for (const v of body.vulns ?? []) found.add(`${v.id}|${p.name}@${p.version}`);
  });
  return { ms: performance.now() - t, requests: osv.requests.length - before, found };
}

/** The engine in this process (no Node start-up, no module loading): what the CLI spends on the scan itself. */
async function runEngine(fmt: Format): Promise<{ ms: number; found: Set<string> }> {
  const fs = nodeFileSystem(join(DIR, fmt.fileName.replace(/\W/g, "-")));
  const t = performance.now();
  const { config } = parseConfigText("{}", "upkeep.yml");
  const options = resolvePatchCheck(
    config.patch,
    { paths: [fmt.fileName], sources: ["osv"], osvUrl: osv.url, offline: true, eol: false },
    { fetch: globalThis.fetch, fs, logger: silentLogger },
  );
  const report = await runPatchCheck(options, { fs, clock: { now: () => new Date() }, logger: silentLogger });
  const ms = performance.now() - t;
  const found = new Set(
    report.findings
      .map((x) => x.properties as { advisory?: string; package?: string; version?: string } | undefined)
      .filter((p) => p?.advisory)
      .map((p) => `${p!.advisory}|${p!.package}@${p!.version}`),
  );
  return { ms, found };
}

const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));
const rows: string[][] = [];
const checks: string[] = [];
const loadBefore = machineLine();
try {
  for (const fmt of formats) {
    const tsxRuns: CliRun[] = [];
    const bundleRuns: CliRun[] = [];
    const naiveRuns: Awaited<ReturnType<typeof runNaive>>[] = [];
    const engineRuns: Awaited<ReturnType<typeof runEngine>>[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Alternate the order so neither side always runs on a warmer machine.
      const order =
        i % 2 === 0 ? (["tsx", "bundle", "engine", "naive"] as const) : (["naive", "engine", "bundle", "tsx"] as const);
      for (const which of order) {
        if (which === "naive") naiveRuns.push(await runNaive(fmt));
        else if (which === "engine") engineRuns.push(await runEngine(fmt));
        else (which === "tsx" ? tsxRuns : bundleRuns).push(await runCli(which, fmt));
        console.error(`${fmt.id} run ${i + 1}: ${which} done`);
      }
    }
    const maxBatches = Math.ceil(COUNT / 1000);
    const naiveMs = median(naiveRuns.map((r) => r.ms));
    for (const [label, runs] of [
      ["upkeep CLI (tsx, from source)", tsxRuns],
      ["upkeep CLI (esbuild bundle)", bundleRuns],
    ] as const) {
      const ms = median(runs.map((r) => r.timed.ms));
      const rss = Math.max(...runs.map((r) => r.timed.maxRssMiB ?? Number.NaN));
      const cpu = median(runs.map((r) => r.timed.cpuMs ?? Number.NaN));
      const r0 = runs[0]!;
      const fetchedOnce = runs.every((r) => new Set(r.vulnIds).size === r.vulnIds.length);
      rows.push([
        fmt.id,
        label,
        seconds(ms),
        seconds(cpu),
        `${rss.toFixed(0)} MiB`,
        `${Math.max(...runs.map((r) => r.querybatch))} (≤ ${maxBatches})`,
        `${r0.vulns}${fetchedOnce ? ", each once" : ", SOME TWICE"}`,
        seconds(naiveMs),
        `${(naiveMs / ms).toFixed(1)}×`,
      ]);
      checks.push(
        `${fmt.id}, ${label}: findings ${same(r0.found, expected) ? "=" : "≠"} the ${expected.size} planted (advisory, package) pairs; ` +
          `advisories fetched ${same(new Set(r0.vulnIds), expectedAdvisories) ? "= the" : "≠ the"} ${expectedAdvisories.size} expected; ` +
          `naive anchor's findings ${same(naiveRuns[0]!.found, r0.found) ? "=" : "≠"} ours; ` +
          `budget (< 5 s, < 300 MB): ${ms < 5000 && rss * 1.048576 < 300 ? "met" : "NOT met"}; sources: ${JSON.stringify(r0.stats)}`,
      );
    }
    const engineMs = median(engineRuns.map((r) => r.ms));
    rows.push([
      fmt.id,
      "upkeep engine in-process (`runPatchCheck`, same process as the anchor)",
      seconds(engineMs),
      "—",
      "—",
      "as above",
      "as above",
      seconds(naiveMs),
      `${(naiveMs / engineMs).toFixed(1)}×`,
    ]);
    checks.push(
      `${fmt.id}, engine in-process: findings ${same(engineRuns[0]!.found, expected) ? "=" : "≠"} the planted pairs`,
    );
    rows.push([
      fmt.id,
      `anchor: naive, one POST /v1/query per unique package (${NAIVE_CONCURRENCY} in flight, in-process)`,
      seconds(naiveMs),
      "—",
      "—",
      `0 (${naiveRuns[0]!.requests} /v1/query)`,
      "— (full records inline)",
      seconds(naiveMs),
      "1.0×",
    ]);
  }
} finally {
  await osv.close();
}

console.log(
  markdownTable(
    [
      "lockfile",
      "run",
      "wall (median)",
      "CPU (median)",
      "peak RSS (max)",
      "querybatch calls",
      "advisories fetched",
      "naive anchor (median)",
      "anchor ÷ ours",
    ],
    rows,
  ),
);
console.log("");
for (const c of checks) console.log(`- ${c}`);
console.log("");
console.log(`${COUNT} packages (${pkgs.length} unique), ${RUNS} run(s) each, order alternated.`);
console.log(`Machine before: ${loadBefore}`);
console.log(`Machine after: ${machineLine()}`);
