/**
 * Changelog benchmarks (issue 5 §5). Generates the two histories with `git fast-import` (cached in
 * bench/.work/changelog), then times, in one run:
 *   1. next version + unreleased notes on the ~1,400-commit / ~370-tag history (engine time);
 *   2. the whole-history changelog of that history, ours vs the conventional-changelog CLI (the anchor),
 *      and checks both write the same bullets;
 *   3. the whole-history changelog of the ~27,000-commit / ~12,000-tag history (ours; the anchor only
 *      with --anchor-27k, capped at 10 minutes).
 * Prints a Markdown table. Usage: node_modules/.bin/tsx bench/changelog/run.ts [--anchor-27k] [--fresh]
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { historySections, openRepository, unreleasedSection } from "@upkeep/shared/changelog/repository.js";
import { nodeGit } from "@upkeep/shared/io/node-git.js";
import { createRepo } from "./fast-import.js";
import { generateHistory } from "./history.js";

const ROOT = join(import.meta.dirname, "../..");
const WORK = join(ROOT, "bench/.work/changelog");
const CC_CLI = join(ROOT, "test/node_modules/conventional-changelog/dist/cli/index.js");
const LINKS = { host: "https://github.com", owner: "o", repository: "r" };
const args = new Set(process.argv.slice(2));

function ensureRepo(name: string, commits: number, tags: number): string {
  const dir = join(WORK, name);
  if (args.has("--fresh")) rmSync(dir, { recursive: true, force: true });
  if (!existsSync(join(dir, ".git"))) {
    const t = performance.now();
    createRepo(dir, generateHistory({ commits, tags, seed: 42 }), { remote: "https://github.com/o/r.git" });
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ name: "bench", version: "0.0.0", repository: "https://github.com/o/r" }),
    );
    console.error(
      `generated ${name}: ${commits} commits, ~${tags} tags in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
  }
  execFileSync("git", ["pack-refs", "--all"], { cwd: dir });
  return dir;
}

function runAnchor(dir: string, timeoutMs: number): Promise<{ ms: number; out: string | undefined }> {
  const t = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CC_CLI, "-p", "conventionalcommits", "-r", "0", "--stdout"],
      { cwd: dir, maxBuffer: 1024 * 1024 * 1024, timeout: timeoutMs },
      (err, stdout) => resolve({ ms: performance.now() - t, out: err ? undefined : stdout }),
    );
  });
}

async function best<T>(n: number, fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  let ms = Number.POSITIVE_INFINITY;
  let value: T | undefined;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    value = await fn();
    ms = Math.min(ms, performance.now() - t);
  }
  return { ms, value: value as T };
}

const bullets = (md: string) =>
  md
    .split("\n")
    .filter((l) => l.startsWith("* "))
    .sort();

const small = ensureRepo("h1400", 1400, 370);
const large = ensureRepo("h27000", 27000, 12000);
const rows: string[][] = [];

{
  const git = nodeGit(small);
  const cpu0 = process.cpuUsage();
  const r = await best(10, async () => {
    const repo = await openRepository(git, { scheme: { prefix: "v" } });
    return { repo, ...unreleasedSection(repo, { links: LINKS, date: "2026-11-26" }) };
  });
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / 10;
  rows.push([
    `next version + unreleased notes, 1,400 commits / ${r.value.repo.releases.length} tags`,
    "upkeep engine (`openRepository` + `unreleasedSection`), best of 10",
    `${(r.ms / 1000).toFixed(3)} s`,
    "—",
    `${r.value.next.version}, ${r.value.repo.unreleased.length} unreleased commits; Node CPU ${cpuMs.toFixed(0)} ms per run (git children not counted); budget ≤ 0.3 s`,
  ]);
}

{
  const git = nodeGit(small);
  const ours = await best(3, async () => {
    const repo = await openRepository(git, { scheme: { prefix: "v" } });
    return historySections(repo, { links: LINKS, layout: "preset" }).join("\n");
  });
  const anchor = await runAnchor(small, 10 * 60_000);
  const theirs = anchor.out ?? "";
  const firstTagged = ours.value.split("\n")[0] ?? "";
  const cut = theirs.indexOf(firstTagged.slice(0, firstTagged.indexOf("](")));
  const same = JSON.stringify(bullets(ours.value)) === JSON.stringify(bullets(cut >= 0 ? theirs.slice(cut) : theirs));
  rows.push([
    `whole-history changelog, 1,400 commits / ${ours.value.split("\n").filter((l) => l.startsWith("## ")).length} tags`,
    "`conventional-changelog -p conventionalcommits -r 0 --stdout` vs upkeep engine (best of 3)",
    `${(ours.ms / 1000).toFixed(3)} s`,
    `${(anchor.ms / 1000).toFixed(2)} s`,
    `${(anchor.ms / ours.ms).toFixed(1)}× faster; ${bullets(ours.value).length} bullets, same bullets: ${same ? "yes" : "NO"}`,
  ]);
}

{
  const git = nodeGit(large);
  const t = performance.now();
  const repo = await openRepository(git, { scheme: { prefix: "v" } });
  const readMs = performance.now() - t;
  const md = historySections(repo, { links: LINKS }).join("\n");
  const ms = performance.now() - t;
  let anchorCell = "not run (pass --anchor-27k)";
  if (args.has("--anchor-27k")) {
    const a = await runAnchor(large, 10 * 60_000);
    anchorCell =
      a.out === undefined ? `did not finish in ${(a.ms / 60_000).toFixed(0)} min` : `${(a.ms / 1000).toFixed(1)} s`;
  }
  rows.push([
    `whole-history changelog, 27,000 commits / ${repo.releases.length} tags`,
    "upkeep engine (one git log pass + tags in memory)",
    `${(ms / 1000).toFixed(2)} s`,
    anchorCell,
    `git log + tags + grouping ${(readMs / 1000).toFixed(2)} s; ${md.length.toLocaleString("en")} chars; budget < 30 s`,
  ]);
}

const table = [
  "| benchmark | command | upkeep | conventional-changelog | notes |",
  "| --- | --- | --- | --- | --- |",
  ...rows.map((r) => `| ${r.join(" | ")} |`),
].join("\n");
console.log(table);
console.log(
  `\nMachine: ${process.platform}, Node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ")} at the end of the run.`,
);
