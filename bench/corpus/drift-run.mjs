#!/usr/bin/env node
// drift-check on the real-repository corpus (issue 9 §3): runs `upkeep drift-check` with its default
// configuration on every repository of repos.json and writes one report per repository, so the findings
// of two builds (before/after a change) can be compared and scored against drift-verdicts.json.
//
//   node bench/corpus/drift-run.mjs [--repos FILE] [--repos-dir DIR] [--out DIR] [--only owner/name,...]
//
// --repos      the corpus list (default bench/corpus/repos.json: repository, pinned commit)
// --repos-dir  existing clones, one folder per repository named `owner+name` (default bench/.work/repos).
//              The clones are only read: this script never checks out, cleans or writes in them; a clone
//              that is not at the pinned commit is reported and skipped.
// --out        where the reports go (default bench/.work/drift; gitignored)
// --only       run only these repositories
//
// The clock is fixed (repos.json `clock`, as UPKEEP_NOW); tokens and GITHUB_REPOSITORY are cleared so
// nothing depends on the machine it runs on. Score with `node bench/corpus/drift-score.mjs`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const corpus = JSON.parse(readFileSync(resolve(arg("--repos", join(here, "repos.json"))), "utf8"));
const reposDir = resolve(arg("--repos-dir", join(root, "bench/.work/repos")));
const outDir = resolve(arg("--out", join(root, "bench/.work/drift")));
const only = arg("--only", "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const bin = join(root, "shared/bin/upkeep.mjs");

mkdirSync(outDir, { recursive: true });

for (const entry of corpus.repositories) {
  if (only.length > 0 && !only.includes(entry.repo)) continue;
  const name = entry.repo.replace("/", "+");
  const dir = join(reposDir, name);
  if (!existsSync(dir)) {
    process.stderr.write(`${entry.repo}: no clone at ${dir}; skipped\n`);
    continue;
  }
  const head = spawnSync("git", ["-C", dir, "rev-parse", "HEAD"], { encoding: "utf8" }).stdout.trim();
  if (head !== entry.commit) {
    process.stderr.write(
      `${entry.repo}: clone is at ${head.slice(0, 12)}, not ${entry.commit.slice(0, 12)}; skipped\n`,
    );
    continue;
  }
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, "drift-check", "-C", dir, "--format", "json", "--no-color"], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: {
      ...process.env,
      UPKEEP_NOW: corpus.clock,
      GITHUB_TOKEN: "",
      GH_TOKEN: "",
      GITHUB_REPOSITORY: "",
      NO_COLOR: "1",
    },
  });
  const seconds = Math.round(Number(process.hrtime.bigint() - started) / 1e7) / 100;
  let report = null;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    report = null;
  }
  const findings = report?.findings ?? [];
  const errors = findings.filter((f) => f.level === "error").length;
  process.stderr.write(
    `${entry.repo}: exit ${r.status} in ${seconds}s, ${findings.length} findings (${errors} errors)\n`,
  );
  writeFileSync(
    join(outDir, `${name}.json`),
    `${JSON.stringify({ repo: entry.repo, commit: entry.commit, exit: r.status, seconds, stderr: r.stderr.slice(-4000), report }, null, 2)}\n`,
  );
}
