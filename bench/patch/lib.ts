/**
 * What the patch-check benchmarks share: paths, timing a command as a subprocess (wall, CPU, peak RSS),
 * building the `upkeep` CLI bundle, medians and machine notes. Benchmarks only; never imported by tests.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

/** The repository root. */
export const ROOT = join(import.meta.dirname, "../..");
/** Git-ignored scratch folder of the patch benchmarks. */
export const WORK = join(ROOT, "bench/.work/patch");
/** `node_modules/.bin/tsx`: how a developer runs the CLI from the sources. */
export const TSX = join(ROOT, "node_modules/.bin/tsx");
/** The CLI entry run through tsx. */
export const CLI_SOURCE = join(ROOT, "shared/src/cli/bin.ts");
/** Where {@link buildCliBundle} writes the esbuild bundle of the CLI (what `pnpm build` makes as shared/dist/cli.js). */
export const CLI_BUNDLE = join(WORK, "cli/cli.js");

const TIME = "/usr/bin/time";

/** The result of one subprocess run. */
export interface Timed {
  /** Wall time, spawn to exit. */
  ms: number;
  /** User + system CPU of the process and its children, when measurable. */
  cpuMs: number | undefined;
  /** Peak resident set size of the largest process, in MiB, when measurable. */
  maxRssMiB: number | undefined;
  code: number | null;
  stdout: string;
  stderr: string;
}

// Without /usr/bin/time, every Node process of the run reports its own peak RSS at exit.
const RSS_HOOK =
  'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nBENCH_MAXRSS_KB="+process.resourceUsage().maxRSS+"\\n"))';

/**
 * Runs `cmd args` in `cwd`, measuring wall time, CPU and peak RSS (GNU time -v when /usr/bin/time exists,
 * else a `--import` hook in every Node process of the run). Kills it after `timeoutMs` (default 10 min).
 */
export function timeCommand(
  cmd: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Timed> {
  const useTime = existsSync(TIME);
  const statsFile = join(tmpdir(), `upkeep-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
  const env = { ...process.env, ...options.env };
  if (!useTime) env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --import=${RSS_HOOK}`.trim();
  const [file, argv] = useTime ? [TIME, ["-v", "-o", statsFile, cmd, ...args]] : [cmd, [...args]];
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(file, argv, { cwd: options.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 600_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      const ms = performance.now() - t;
      let stderr = Buffer.concat(err).toString("utf8");
      let cpuMs: number | undefined;
      let maxRssMiB: number | undefined;
      if (useTime && existsSync(statsFile)) {
        const stats = readFileSync(statsFile, "utf8");
        rmSync(statsFile, { force: true });
        const num = (label: string) => Number(new RegExp(`${label}: ([\\d.]+)`).exec(stats)?.[1] ?? Number.NaN);
        cpuMs = (num("User time \\(seconds\\)") + num("System time \\(seconds\\)")) * 1000;
        maxRssMiB = num("Maximum resident set size \\(kbytes\\)") / 1024;
      } else {
        const kb = [...stderr.matchAll(/BENCH_MAXRSS_KB=(\d+)/g)].map((m) => Number(m[1]));
        if (kb.length) maxRssMiB = Math.max(...kb) / 1024;
        stderr = stderr.replace(/\n?BENCH_MAXRSS_KB=\d+\n/g, "");
      }
      resolve({ ms, cpuMs, maxRssMiB, code, stdout: Buffer.concat(out).toString("utf8"), stderr });
    });
  });
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** `1234.5` ms -> `1.23 s`. */
export function seconds(ms: number | undefined): string {
  return ms === undefined || Number.isNaN(ms) ? "—" : `${(ms / 1000).toFixed(2)} s`;
}

/** Bundles the CLI with the project's own esbuild build (scripts/build.mjs) into {@link CLI_BUNDLE}. */
export async function buildCliBundle(): Promise<string> {
  const { buildAction } = (await import(join(ROOT, "scripts/build.mjs"))) as {
    buildAction: (entry: string, outDir: string, options: { filename: string }) => Promise<string[]>;
  };
  mkdirSync(WORK, { recursive: true });
  await buildAction(CLI_SOURCE, join(WORK, "cli"), { filename: "cli.js" });
  return CLI_BUNDLE;
}

/** One line about the machine, for RESULTS.md: cores, CPU model, Node, load average now. */
export function machineLine(): string {
  const cpu = cpus();
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");
  return `${process.platform}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? "unknown CPU"}), bench runner Node ${process.version}, load average ${load}`;
}

/** Prints a Markdown table. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Command-line flags of a benchmark script. */
export function flags(): {
  quick: boolean;
  has: (name: string) => boolean;
  value: (name: string) => string | undefined;
} {
  const argv = process.argv.slice(2);
  return {
    quick: argv.includes("--quick"),
    has: (name) => argv.includes(name),
    value: (name) => {
      const i = argv.indexOf(name);
      return i >= 0 ? argv[i + 1] : undefined;
    },
  };
}
