#!/usr/bin/env node
// Bundles every action (actions/<name>/src/index.ts) into actions/<name>/dist/index.js with @vercel/ncc,
// as an ES module (actions are "type": "module"; @actions/core 3 and @actions/github 9 are ESM-only), plus
// the `upkeep` CLI into shared/dist/cli.js when its entry exists.
//
//   node scripts/build.mjs            rebuild every dist/ (what `pnpm build` runs)
//   node scripts/build.mjs --check    build into a temp dir and fail when a committed dist/ differs
//   node scripts/build.mjs --entry <src.ts> --out <dir>   build one entry (used by buildAction)
//   --actions-dir <dir>               look for actions in <dir> instead of actions/ (tests; skips the CLI)
//
// Decisions, and why:
// - Not minified and no source map: the committed bundle stays readable in review and in a runner's stack
//   trace, and a source map would double the size of every dist/ diff.
// - ncc's TypeScript step runs in transpile-only mode: type errors are `tsc`'s job (the typecheck step),
//   and a full check of the whole program made one bundle take close to a minute.
// - ncc picks the tsconfig that sits nearest the entry, and the repository's tsconfig says
//   `module: NodeNext`, which a transpile-only compile turns into CommonJS `require` calls that cannot load
//   the ESM-only @actions/* packages. So each entry is reached through a generated wrapper in
//   node_modules/.cache/upkeep-build/<key>/ whose tsconfig asks for ES modules.
// - Every bundle is built in its own child process started in the repository root: webpack names modules
//   by their path relative to the working directory, so a fixed directory keeps the output byte-identical
//   (what --check relies on), and ncc's process-wide state never leaks into a caller such as a test.
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { root } from "./tools.mjs";

const thisFile = fileURLToPath(import.meta.url);
const cacheDir = join(root, "node_modules", ".cache", "upkeep-build");
const STALE_MESSAGE = "dist is stale: run `pnpm build` and commit";

// Requests that may stay unresolved in a bundle (optional dependencies a package guards with try/catch).
// Anything else that ncc cannot resolve fails the build instead of failing at run time on a runner.
const OPTIONAL_REQUESTS = new Set([]);

/**
 * Everything `pnpm build` produces: one target per `<actionsDir>/<name>/src/index.ts` (committed, checked by
 * --check) and, for the default actions folder, the CLI bundle when `shared/src/cli/bin.ts` exists
 * (gitignored, never checked).
 * @param {string} [actionsDir] folder holding one folder per action, default `<root>/actions`
 * @returns {Array<{ label: string, entry: string, outDir: string, filename: string, committed: boolean }>}
 */
export function buildTargets(actionsDir = join(root, "actions")) {
  const targets = [];
  const names = existsSync(actionsDir) ? readdirSync(actionsDir).sort() : [];
  for (const name of names) {
    const entry = join(actionsDir, name, "src", "index.ts");
    if (!existsSync(entry)) continue;
    targets.push({
      label: relative(root, join(actionsDir, name)).split(sep).join("/"),
      entry,
      outDir: join(actionsDir, name, "dist"),
      filename: "index.js",
      committed: true,
    });
  }
  const cli = join(root, "shared", "src", "cli", "bin.ts");
  if (resolve(actionsDir) === join(root, "actions") && existsSync(cli)) {
    targets.push({
      label: "cli",
      entry: cli,
      outDir: join(root, "shared", "dist"),
      filename: "cli.js",
      committed: false,
    });
  }
  return targets;
}

/**
 * Bundles `srcEntry` (a TypeScript or JavaScript file inside the repository) with its dependencies into
 * `outDir` as an ES module: `<outDir>/index.js` (or `filename`), `licenses.txt` and a `package.json` that
 * marks the folder as ESM. The folder is emptied first. Runs in a child process started in the repository
 * root, so the output is the same whoever calls it.
 * @param {string} srcEntry path of the entry file (absolute, or relative to the current directory)
 * @param {string} outDir folder to write (created when missing)
 * @param {{ filename?: string }} [options] name of the main file, default `index.js`
 * @returns {Promise<string[]>} the written files, relative to `outDir`, sorted
 * @throws {Error} when the entry is outside the repository, or the bundle fails (message carries ncc's error)
 */
export async function buildAction(srcEntry, outDir, options = {}) {
  const entry = resolve(srcEntry);
  if (relative(root, entry).startsWith("..")) {
    throw new Error(`buildAction: ${entry} is outside the repository (${root}); bundles resolve from it`);
  }
  const args = [thisFile, "--entry", entry, "--out", resolve(outDir)];
  if (options.filename) args.push("--filename", options.filename);
  const { code, stdout, stderr } = await runChild(args);
  if (code !== 0) throw new Error(`building ${relative(root, entry)} failed:\n${stderr || stdout}`);
  return listFiles(resolve(outDir));
}

function runChild(args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code: code ?? 1, stdout, stderr }));
  });
}

/** The wrapper entry whose tsconfig makes ncc emit ES modules; its path is stable so output is too. */
function wrapperFor(entry) {
  const key = relative(root, entry)
    .replace(/\.[cm]?[jt]sx?$/, "")
    .replace(/[^A-Za-z0-9]+/g, "-");
  const dir = join(cacheDir, key);
  mkdirSync(dir, { recursive: true });
  const toRoot = relative(dir, root).split(sep).join("/");
  const target = relative(dir, entry).split(sep).join("/").replace(/\.ts$/, ".js");
  const tsconfig = {
    extends: `${toRoot}/tsconfig.base.json`,
    compilerOptions: { module: "ESNext", moduleResolution: "Bundler", noEmit: false },
    files: ["index.ts"],
  };
  // Written through a rename so two builds of the same entry running at once never read half a file.
  writeAtomic(join(dir, "package.json"), '{ "type": "module" }\n');
  writeAtomic(join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
  writeAtomic(join(dir, "index.ts"), `import "${target}";\n`);
  return join(dir, "index.ts");
}

function writeAtomic(file, content) {
  if (existsSync(file) && readFileSync(file, "utf8") === content) return;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

/** Bundles in this process; the working directory must be the repository root (see the header). */
async function bundle(entry, filename) {
  const { default: ncc } = await import(
    pathToFileURL(join(root, "node_modules", "@vercel", "ncc", "dist", "ncc", "index.js")).href
  );
  const result = await ncc(wrapperFor(entry), {
    cache: false,
    quiet: true,
    minify: false,
    sourceMap: false,
    transpileOnly: true,
    target: "es2023",
    license: "licenses.txt",
    filename,
  });
  const missing = [...result.code.matchAll(/module\.exports = eval\("require"\)\("([^"]+)"\);/g)]
    .map((m) => m[1])
    .filter((request) => !OPTIONAL_REQUESTS.has(request));
  if (missing.length > 0) {
    throw new Error(
      `cannot resolve ${[...new Set(missing)].map((r) => `"${r}"`).join(", ")} from ${relative(root, entry)}: ` +
        "add the package to that action's package.json (or fix the import path), then run `pnpm install`",
    );
  }
  // ncc wraps CommonJS output in an arrow-function bootstrap; an ES module bundle starts with top-level code.
  if (/^(#!.*\n)?\/\*{6}\/ \(\(\) => \{/.test(result.code)) {
    throw new Error(`ncc emitted CommonJS, not an ES module, for ${relative(root, entry)}`);
  }
  for (const warning of result.stats?.compilation?.warnings ?? []) {
    const text = typeof warning === "string" ? warning : String(warning?.message ?? warning);
    // Upkeep's own workspace packages are private and carry no license file; that is not worth a warning.
    if (/license-webpack-plugin: .* for @upkeep\//.test(text)) continue;
    process.stderr.write(`build: warning in ${relative(root, entry)}: ${text}\n`);
  }
  const files = new Map([[filename, Buffer.from(result.code)]]);
  for (const [name, asset] of Object.entries(result.assets)) files.set(name, Buffer.from(asset.source));
  return files;
}

function writeOutput(outDir, files) {
  rmSync(outDir, { recursive: true, force: true });
  for (const [name, content] of files) {
    const file = join(outDir, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

function listFiles(dir, prefix = "") {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(dir, name)).isDirectory()) out.push(...listFiles(join(dir, name), rel));
    else out.push(rel);
  }
  return out.sort();
}

/** Files that differ between two folders: changed, only in `expected` (missing) or only in `actual`. */
function diffDirs(expected, actual) {
  const want = listFiles(expected);
  const have = listFiles(actual);
  const differing = [];
  for (const f of want) {
    if (!have.includes(f)) differing.push({ file: f, why: "missing" });
    else if (!readFileSync(join(expected, f)).equals(readFileSync(join(actual, f)))) {
      differing.push({ file: f, why: "differs" });
    }
  }
  for (const f of have) if (!want.includes(f)) differing.push({ file: f, why: "not produced by the build" });
  return differing;
}

async function runLimited(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function main(argv) {
  const flag = (name) => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  if (argv.includes("--entry")) {
    process.chdir(root);
    const entry = flag("--entry");
    const out = flag("--out");
    if (!entry || !out) throw new Error("usage: build.mjs --entry <src.ts> --out <dir> [--filename index.js]");
    writeOutput(resolve(out), await bundle(resolve(entry), flag("--filename") ?? "index.js"));
    return 0;
  }

  const check = argv.includes("--check");
  const actionsDir = flag("--actions-dir");
  const targets = buildTargets(actionsDir ? resolve(actionsDir) : undefined).filter((t) => !check || t.committed);
  if (targets.length === 0) {
    process.stderr.write("build: nothing to build (no actions/<name>/src/index.ts)\n");
    return 0;
  }
  const scratch = check ? mkdtempSync(join(tmpdir(), "upkeep-check-dist-")) : undefined;
  try {
    const outcomes = await runLimited(targets, Math.max(1, availableParallelism()), async (t) => {
      const started = Date.now();
      const outDir = scratch ? join(scratch, t.label.replace(/\//g, "-")) : t.outDir;
      try {
        const files = await buildAction(t.entry, outDir, { filename: t.filename });
        const rel = relative(root, t.outDir);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        process.stderr.write(`build: ${t.label} -> ${rel}/ (${files.join(", ")}) in ${seconds}s\n`);
        return { target: t, outDir, ok: true };
      } catch (error) {
        process.stderr.write(`build: ${t.label} failed: ${error instanceof Error ? error.message : error}\n`);
        return { target: t, outDir, ok: false };
      }
    });
    if (outcomes.some((o) => !o.ok)) return 1;
    if (!scratch) return 0;

    const stale = [];
    for (const { target, outDir } of outcomes) {
      for (const d of diffDirs(outDir, target.outDir)) {
        stale.push(`  ${relative(root, join(target.outDir, d.file))}: ${d.why}`);
      }
    }
    if (stale.length === 0) {
      process.stderr.write(`build: every dist/ matches a fresh build (${targets.length} checked)\n`);
      return 0;
    }
    process.stderr.write(`${STALE_MESSAGE}\n${stale.join("\n")}\n`);
    return 1;
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === thisFile) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`build: ${error instanceof Error ? error.message : error}\n`);
      process.exitCode = 1;
    },
  );
}
