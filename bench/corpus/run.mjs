#!/usr/bin/env node
// The real-repository corpus (issue 9): runs every check of upkeep with its default configuration on
// public repositories at pinned commits and writes every finding, one JSON file per repository.
//
//   node bench/corpus/run.mjs [--repos-dir DIR] [--out DIR] [--osv-dir DIR] [--only owner/name,...] [--clone]
//
// --repos-dir  where the clones live, one folder per repository named `owner+name` (default
//              bench/.work/repos). A missing clone is an error, or with --clone is made with
//              `git clone https://github.com/owner/name` (the only step that uses the network);
//              clones are never copied into this project.
// --out        where the reports go (default bench/.work/corpus; gitignored).
// --osv-dir    the offline OSV database for patch-check (default test/fixtures/osv, the committed records).
// --only       run only these repositories.
// --checks     run only these checks (patch, drift, changelogNext, changelogCheck); the others keep the
//              results of the previous run in --out.
//
// Each repository is checked out at its pinned commit (detached) and cleaned of untracked files first,
// so a run is reproducible. The clock is fixed (repos.json `clock`, as UPKEEP_NOW). Every upkeep process
// runs with test/harness/child-no-network.mjs preloaded: the run is offline, and a request that would leave the
// machine is refused and recorded in the report (`network`). Then `node bench/corpus/score.mjs` scores the
// error-level findings against bench/corpus/verdicts.json.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const corpus = JSON.parse(readFileSync(join(here, "repos.json"), "utf8"));
const reposDir = resolve(arg("--repos-dir", join(root, "bench/.work/repos")));
const outDir = resolve(arg("--out", join(root, "bench/.work/corpus")));
const osvDir = resolve(arg("--osv-dir", join(root, "test/fixtures/osv")));
const only = arg("--only", "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const checks = arg("--checks", "patch,drift,changelogNext,changelogCheck").split(",");
const bin = join(root, "shared/bin/upkeep.mjs");
const guard = join(here, "../../test/harness/child-no-network.mjs");
const TIMEOUT_MS = 15 * 60 * 1000;

mkdirSync(outDir, { recursive: true });
mkdirSync(reposDir, { recursive: true });

function git(dir, args) {
  const r = spawnSync("git", ["-C", dir, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")} in ${dir}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

function prepare(entry) {
  const dir = join(reposDir, entry.repo.replace("/", "+"));
  if (!existsSync(dir)) {
    if (!process.argv.includes("--clone"))
      throw new Error(
        `${dir} is missing: clone ${entry.repo} there (at ${entry.commit}), or pass --clone to let this script clone it`,
      );
    const r = spawnSync("git", ["clone", "--quiet", `https://github.com/${entry.repo}.git`, dir], {
      stdio: "inherit",
    });
    if (r.status !== 0) throw new Error(`could not clone ${entry.repo}`);
  }
  const missing = missingBlobs(dir, entry.commit);
  if (missing.length > 0) {
    // The snapshot store keeps no file of 4 MiB or more (bundled dist/ files, mostly): leave those out of
    // the checkout and say so in the report, instead of failing the whole repository.
    git(dir, ["sparse-checkout", "set", "--no-cone", "/*", ...missing.map((p) => `!/${p}`)]);
  } else if (existsSync(join(dir, ".git/info/sparse-checkout"))) {
    git(dir, ["sparse-checkout", "disable"]);
  }
  git(dir, ["checkout", "--quiet", "--force", "--detach", entry.commit]);
  git(dir, ["clean", "--quiet", "-fdx"]);
  return { dir, missing };
}

function missingBlobs(dir, commit) {
  const tree = git(dir, ["ls-tree", "-r", "-z", commit]).split("\0").filter(Boolean);
  const blobs = new Map();
  for (const line of tree) {
    const [meta, path] = line.split("\t");
    const [, type, sha] = meta.split(" ");
    if (type === "blob") blobs.set(sha, [...(blobs.get(sha) ?? []), path]);
  }
  const r = spawnSync("git", ["-C", dir, "cat-file", "--batch-check"], {
    input: [...blobs.keys()].join("\n"),
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  return r.stdout
    .split("\n")
    .filter((l) => l.endsWith(" missing"))
    .flatMap((l) => blobs.get(l.split(" ")[0]) ?? []);
}

function upkeep(dir, args, netLog) {
  const started = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    ["--import", guard, bin, "-C", dir, "--format", "json", "--no-color", ...args],
    {
      encoding: "utf8",
      maxBuffer: 1 << 30,
      timeout: TIMEOUT_MS,
      env: {
        ...process.env,
        UPKEEP_NOW: corpus.clock,
        UPKEEP_NET_LOG: netLog,
        GITHUB_TOKEN: "",
        GH_TOKEN: "",
        GITHUB_REPOSITORY: "",
        NO_COLOR: "1",
      },
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let output = null;
  try {
    output = JSON.parse(r.stdout);
  } catch {
    output = r.stdout.length > 0 ? { unparsed: r.stdout.slice(0, 4000) } : null;
  }
  return {
    args,
    exit: r.status,
    signal: r.signal,
    seconds: Math.round(seconds * 100) / 100,
    stderr: r.stderr.split("\n").slice(-40).join("\n"),
    output,
  };
}

const selected = corpus.repositories.filter((e) => only.length === 0 || only.includes(e.repo));
for (const entry of selected) {
  const { dir, missing } = prepare(entry);
  const netLog = join(outDir, `${entry.repo.replace("/", "+")}.network.log`);
  rmSync(netLog, { force: true });
  process.stderr.write(`${entry.repo}@${entry.commit.slice(0, 12)}\n`);
  const previous = existsSync(join(outDir, `${entry.repo.replace("/", "+")}.json`))
    ? JSON.parse(readFileSync(join(outDir, `${entry.repo.replace("/", "+")}.json`), "utf8")).runs
    : {};
  const want = (name, run) => (checks.includes(name) ? run() : previous[name]);
  let patch = want("patch", () => upkeep(dir, ["patch-check", "--offline", "--osv-dir", osvDir], netLog));
  if (patch && patch.exit === 2 && /is outside/.test(patch.stderr)) {
    // Builds before issue 9 refused an --osv-dir outside the scanned project; the refusal is kept in the
    // report and the scan is repeated with a copy inside the clone's .git folder (never scanned).
    const inside = join(dir, ".git", "upkeep-corpus-osv");
    cpSync(osvDir, inside, { recursive: true });
    patch = {
      ...upkeep(dir, ["patch-check", "--offline", "--osv-dir", inside], netLog),
      outsideOsvDirRefused: patch.stderr,
    };
  }
  const runs = {
    patch,
    drift: want("drift", () => upkeep(dir, ["drift-check"], netLog)),
    changelogNext: want("changelogNext", () => upkeep(dir, ["changelog", "next"], netLog)),
    changelogCheck: want("changelogCheck", () => upkeep(dir, ["changelog", "check"], netLog)),
  };
  for (const [name, run] of Object.entries(runs)) {
    const findings = run.output?.findings?.length;
    process.stderr.write(
      `  ${name}: exit ${run.exit} in ${run.seconds}s${findings !== undefined ? `, ${findings} findings` : ""}\n`,
    );
  }
  const network = existsSync(netLog) ? readFileSync(netLog, "utf8").split("\n").filter(Boolean) : [];
  rmSync(netLog, { force: true });
  writeFileSync(
    join(outDir, `${entry.repo.replace("/", "+")}.json`),
    `${JSON.stringify({ repo: entry.repo, commit: entry.commit, clock: corpus.clock, missing, network, runs }, null, 2)}\n`,
  );
}
