/**
 * Parse throughput per lockfile format (issue 3 §8): each manager reads a large generated file from disk
 * (readFile + `manager.parse`, siblings such as package.json or pyproject.toml read the same way), giving
 * MB/s and packages/s. For pnpm and yarn the format's own library reads the same file in the same run:
 *   - pnpm v9: `@pnpm/lockfile.fs` `readWantedLockfile` (pnpm's reader: YAML + conversion to its in-memory shape);
 *   - yarn classic: `@yarnpkg/lockfile` `parse`;
 *   - yarn berry: `@yarnpkg/parsers` `parseSyml` alone (ours runs it too, then builds the graph).
 * The anchors are installed into bench/.work/anchors with npm (exact versions below), never into the
 * workspace, and imported by path.
 *
 *   node_modules/.bin/tsx bench/patch/parse.ts [--quick] [--count N] [--runs N]
 *
 * --quick: 2,000 packages per file, 2 timed runs. Default: 10,000 packages, 5 timed runs after a warm-up,
 * alternating ours and the anchor. Network: the npm registry, once, to install the anchors.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { bunManager } from "@upkeep/shared/patch/managers/bun/index.js";
import { bundlerManager } from "@upkeep/shared/patch/managers/bundler/index.js";
import { cargoManager } from "@upkeep/shared/patch/managers/cargo/index.js";
import { composerManager } from "@upkeep/shared/patch/managers/composer/index.js";
import { gomodManager } from "@upkeep/shared/patch/managers/gomod/index.js";
import { npmManager } from "@upkeep/shared/patch/managers/npm/index.js";
import { pnpmManager } from "@upkeep/shared/patch/managers/pnpm/index.js";
import { poetryManager } from "@upkeep/shared/patch/managers/poetry/index.js";
import { requirementsManager } from "@upkeep/shared/patch/managers/requirements/index.js";
import { yarnManager } from "@upkeep/shared/patch/managers/yarn/index.js";
import type { Manager } from "@upkeep/shared/patch/types.js";
import {
  generateBunLockfile,
  generateManifest,
  generateNpmLockfile,
  generatePnpmLockfile,
  generateYarnLockfile,
} from "../../test/fixtures/lockfiles/js/generate.js";
import {
  type GeneratedFile,
  generateCargoLock,
  generateComposerLock,
  generateGemfileLock,
  generateGoMod,
  generatePoetryLock,
  generateRequirementsTxt,
} from "./generate.js";
import { flags, machineLine, markdownTable, median, ROOT, WORK } from "./lib.js";

const f = flags();
const COUNT = Number(f.value("--count") ?? (f.quick ? 2000 : 10_000));
const RUNS = Number(f.value("--runs") ?? (f.quick ? 2 : 5));
const DIR = join(WORK, "parse");
const ANCHORS_DIR = join(ROOT, "bench/.work/anchors");
/** The anchor libraries, exact versions (@pnpm/lockfile.fs 1100.x needs Node >= 22.13: tsx runs Node 24 here). */
const ANCHORS = { "@pnpm/lockfile.fs": "1100.2.6", "@yarnpkg/lockfile": "1.1.0", "@yarnpkg/parsers": "3.1.0" };

function installAnchors(): void {
  const pkgFile = join(ANCHORS_DIR, "package.json");
  const have = existsSync(pkgFile)
    ? ((JSON.parse(readFileSync(pkgFile, "utf8")) as { dependencies?: Record<string, string> }).dependencies ?? {})
    : {};
  if (Object.entries(ANCHORS).every(([n, v]) => have[n] === v && existsSync(join(ANCHORS_DIR, "node_modules", n))))
    return;
  mkdirSync(ANCHORS_DIR, { recursive: true });
  if (!existsSync(pkgFile)) writeFileSync(pkgFile, '{ "private": true }\n');
  console.error(`installing anchors into ${ANCHORS_DIR} ...`);
  execFileSync(
    "npm",
    [
      "install",
      "--prefix",
      ANCHORS_DIR,
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      "--save-exact",
      ...Object.entries(ANCHORS).map(([n, v]) => `${n}@${v}`),
    ],
    { stdio: ["ignore", "ignore", "inherit"], timeout: 300_000 },
  );
}

async function importAnchor<T>(name: string): Promise<T> {
  const require = createRequire(join(ANCHORS_DIR, "package.json"));
  return (await import(pathToFileURL(require.resolve(name)).href)) as T;
}

installAnchors();
const pnpmLib = await importAnchor<{
  readWantedLockfile(dir: string, opts: { ignoreIncompatible: boolean }): Promise<{ packages?: object } | null>;
}>("@pnpm/lockfile.fs");
type YarnClassicParse = (text: string) => { type: string; object: object };
// A CommonJS bundle that also sets `exports.default`: take `parse` from wherever the loader put it.
const yarnClassicModule = await importAnchor<{ parse?: YarnClassicParse; default?: { parse?: YarnClassicParse } }>(
  "@yarnpkg/lockfile",
);
const yarnClassicParse = yarnClassicModule.parse ?? yarnClassicModule.default?.parse;
if (!yarnClassicParse) throw new Error("@yarnpkg/lockfile has no parse export");
const yarnParsers = await importAnchor<{ parseSyml(text: string): Record<string, unknown> }>("@yarnpkg/parsers");

interface Anchor {
  label: string;
  /** Reads the file (from `dir`) and returns how many package entries it saw. */
  run(dir: string, file: string): Promise<number>;
}

interface Format {
  id: string;
  manager: Manager;
  file: GeneratedFile;
  anchor?: Anchor;
}

const jsManifest = { "package.json": generateManifest(COUNT) };
const formats: Format[] = [
  {
    id: "package-lock.json v3",
    manager: npmManager,
    file: { fileName: "package-lock.json", text: generateNpmLockfile(COUNT), siblings: jsManifest },
  },
  {
    id: "pnpm-lock.yaml v9",
    manager: pnpmManager,
    file: { fileName: "pnpm-lock.yaml", text: generatePnpmLockfile(COUNT), siblings: jsManifest },
    anchor: {
      label: `@pnpm/lockfile.fs ${ANCHORS["@pnpm/lockfile.fs"]} readWantedLockfile`,
      async run(dir) {
        const lock = await pnpmLib.readWantedLockfile(dir, { ignoreIncompatible: false });
        return Object.keys(lock?.packages ?? {}).length;
      },
    },
  },
  {
    id: "yarn.lock classic (v1)",
    manager: yarnManager,
    file: { fileName: "yarn.lock", text: generateYarnLockfile(COUNT, false), siblings: jsManifest },
    anchor: {
      label: `@yarnpkg/lockfile ${ANCHORS["@yarnpkg/lockfile"]} parse`,
      async run(dir, file) {
        const parsed = yarnClassicParse!(await readFile(join(dir, file), "utf8"));
        if (parsed.type !== "success") throw new Error(`@yarnpkg/lockfile: ${parsed.type}`);
        return Object.keys(parsed.object).length;
      },
    },
  },
  {
    id: "yarn.lock berry (v8)",
    manager: yarnManager,
    file: { fileName: "yarn.lock", text: generateYarnLockfile(COUNT, true), siblings: jsManifest },
    anchor: {
      label: `@yarnpkg/parsers ${ANCHORS["@yarnpkg/parsers"]} parseSyml`,
      async run(dir, file) {
        const doc = yarnParsers.parseSyml(await readFile(join(dir, file), "utf8"));
        return Object.keys(doc).filter((k) => k !== "__metadata").length;
      },
    },
  },
  {
    id: "bun.lock v1",
    manager: bunManager,
    file: { fileName: "bun.lock", text: generateBunLockfile(COUNT), siblings: jsManifest },
  },
  { id: "poetry.lock 2.1", manager: poetryManager, file: generatePoetryLock(COUNT) },
  { id: "Cargo.lock v4", manager: cargoManager, file: generateCargoLock(COUNT) },
  { id: "go.mod", manager: gomodManager, file: generateGoMod(COUNT) },
  { id: "composer.lock", manager: composerManager, file: generateComposerLock(COUNT) },
  { id: "Gemfile.lock", manager: bundlerManager, file: generateGemfileLock(COUNT) },
  { id: "requirements.txt (pip-compile, hashes)", manager: requirementsManager, file: generateRequirementsTxt(COUNT) },
];

async function ours(fmt: Format, dir: string): Promise<number> {
  const text = await readFile(join(dir, fmt.file.fileName), "utf8");
  const parsed = await fmt.manager.parse(fmt.file.fileName, text, {
    readSibling: async (name) => (existsSync(join(dir, name)) ? readFile(join(dir, name), "utf8") : undefined),
  });
  return parsed.packages.length;
}

async function timeIt(fn: () => Promise<number>): Promise<{ ms: number; count: number }> {
  const t = performance.now();
  const count = await fn();
  return { ms: performance.now() - t, count };
}

const rows: string[][] = [];
const mb = (bytes: number) => bytes / 1_000_000;
const loadBefore = machineLine();
for (const fmt of formats) {
  const dir = join(DIR, fmt.id.replace(/\W+/g, "-"));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, fmt.file.fileName), fmt.file.text);
  for (const [name, text] of Object.entries(fmt.file.siblings)) writeFileSync(join(dir, name), text);
  const bytes = Buffer.byteLength(fmt.file.text);

  // Warm-up: JIT and module loading outside the timed runs.
  await ours(fmt, dir);
  if (fmt.anchor) await fmt.anchor.run(dir, fmt.file.fileName);
  const mine: number[] = [];
  const theirs: number[] = [];
  let packages = 0;
  let anchorEntries = 0;
  for (let i = 0; i < RUNS; i++) {
    const first = i % 2 === 0;
    if (first || !fmt.anchor) {
      const r = await timeIt(() => ours(fmt, dir));
      mine.push(r.ms);
      packages = r.count;
    }
    if (fmt.anchor) {
      const a = await timeIt(() => fmt.anchor!.run(dir, fmt.file.fileName));
      theirs.push(a.ms);
      anchorEntries = a.count;
      if (!first) {
        const r = await timeIt(() => ours(fmt, dir));
        mine.push(r.ms);
        packages = r.count;
      }
    }
  }
  const ms = median(mine);
  const row = [
    fmt.id,
    `${mb(bytes).toFixed(1)} MB`,
    packages.toLocaleString("en-US"),
    `${(ms / 1000).toFixed(3)} s`,
    `${(mb(bytes) / (ms / 1000)).toFixed(1)}`,
    Math.round(packages / (ms / 1000)).toLocaleString("en-US"),
  ];
  if (fmt.anchor) {
    const am = median(theirs);
    row.push(
      `${fmt.anchor.label}: ${(am / 1000).toFixed(3)} s, ${(mb(bytes) / (am / 1000)).toFixed(1)} MB/s, ${anchorEntries.toLocaleString("en-US")} entries; ours ${am >= ms ? `${(am / ms).toFixed(1)}× faster` : `${(ms / am).toFixed(1)}× slower`}`,
    );
  } else row.push("—");
  rows.push(row);
  console.error(`${fmt.id}: ${row.slice(3).join(" | ")}`);
}

console.log(
  markdownTable(
    ["format", "size", "packages", "read + parse (median)", "MB/s", "packages/s", "anchor, same file, same run"],
    rows,
  ),
);
console.log("");
console.log(
  `${COUNT.toLocaleString("en-US")} generated packages per file, ${RUNS} timed run(s) after one warm-up, order alternated.`,
);
console.log(`Machine before: ${loadBefore}`);
console.log(`Machine after: ${machineLine()}`);
