#!/usr/bin/env node
// Bundles every action (actions/<name>/src/index.ts) into actions/<name>/dist/index.js as one ES module
// (actions are "type": "module"; @actions/core 3 and @actions/github 9 are ESM-only), plus the `upkeep`
// CLI into shared/dist/cli.js when its entry exists.
//
//   node scripts/build.mjs            rebuild every dist/ (what `pnpm build` runs)
//   node scripts/build.mjs --check    build into a temp dir and fail when a committed dist/ differs
//   --actions-dir <dir>               look for actions in <dir> instead of actions/ (tests; skips the CLI)
//
// Why esbuild and not @vercel/ncc: ncc (webpack) compiles TypeScript files as "javascript/auto" modules, so a
// default import of a CommonJS package that sets `__esModule` (shared/src/patch/severity.ts imports
// ae-cvss-calculator that way) yields `exports.default` (undefined) instead of `module.exports` as Node gives
// an ES module: the patch-check bundle crashed at load with "Cannot destructure property 'Cvss2' of
// undefined". ncc exposes no webpack option to change that. esbuild follows Node's rule for importers in a
// "type": "module" package, bundles JSON imports with attributes, fails the build on an unresolvable import,
// and needs no TypeScript program (type errors are `tsc`'s job, in the typecheck step).
//
// Output is deterministic: paths in the bundle are relative to the repository root (absWorkingDir), so the
// same sources give byte-identical files whoever builds them, which --check relies on. Not minified and no
// source map, so the committed bundle stays readable in review and in a runner's stack trace.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { root } from "./tools.mjs";

const thisFile = fileURLToPath(import.meta.url);
const STALE_MESSAGE = "dist is stale: run `pnpm build` and commit";

// Bundled CommonJS packages call `require` for Node built-ins; an ES module has none, so give it one.
const BANNER = [
  "// Built by scripts/build.mjs (esbuild) from the TypeScript sources; do not edit. Licenses: licenses.txt",
  'import { createRequire as __upkeepCreateRequire } from "node:module";',
  "const require = __upkeepCreateRequire(import.meta.url);",
].join("\n");

/** esbuild options of every bundle: one ES module for Node 24, in memory. */
const NODE_ESM = {
  write: false,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node24",
  // ES module builds first: some packages' "main" is a UMD file whose relative requires a bundler cannot see.
  mainFields: ["module", "main"],
  banner: { js: BANNER },
};

/**
 * Everything `pnpm build` produces: one target per `<actionsDir>/<name>/src/index.ts` (committed, checked by
 * --check) and, for the default actions folder, the CLI bundle when `shared/src/cli/bin.ts` exists
 * (gitignored, never checked).
 * @param {string} [actionsDir] folder holding one folder per action, default `<root>/actions`
 * The CLI is split (`splitting`): its entry holds the command-line frame and each command's code is a chunk
 * under `chunks/` loaded by the command that needs it, so `upkeep backup-verify` does not parse and
 * initialise the GitHub client, the patch engine or the feedback model (docs/design.md, "How the CLI loads
 * its commands"). Actions stay one file each, as their action.yml names it.
 * @returns {Array<{ label: string, entry: string, outDir: string, filename: string, committed: boolean, splitting?: boolean }>}
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
      splitting: true,
    });
  }
  return targets;
}

/**
 * Bundles `srcEntry` and everything it imports into `outDir` as one ES module for Node 24:
 * `<outDir>/index.js` (or `options.filename`), `licenses.txt` (the bundled packages' licenses) and a
 * `package.json` that marks the folder as ESM. The folder is emptied first.
 * @param {string} srcEntry path of the entry file (absolute, or relative to the current directory)
 * @param {string} outDir folder to write (created when missing)
 * @param {{ filename?: string, splitting?: boolean }} [options] name of the main file, default `index.js`;
 *   `splitting`: put what the entry imports with `import()` into chunks under `chunks/` (else one file)
 * @returns {Promise<string[]>} the written files, relative to `outDir`, sorted
 * @throws {Error} when the bundle fails, e.g. an import that cannot be resolved (esbuild's message names
 *   the file and line)
 */
export async function buildAction(srcEntry, outDir, options = {}) {
  const files = await bundle(resolve(srcEntry), options.filename ?? "index.js", options.splitting === true);
  const out = resolve(outDir);
  rmSync(out, { recursive: true, force: true });
  for (const [name, content] of files) {
    mkdirSync(dirname(join(out, name)), { recursive: true });
    writeFileSync(join(out, name), content);
  }
  return [...files.keys()].sort();
}

async function bundle(entry, filename, splitting) {
  const outDir = join(root, "__bundle__");
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outdir: outDir,
    entryNames: filename.replace(/\.js$/, ""),
    chunkNames: "chunks/[name]-[hash]",
    splitting,
    plugins: [precompiledSchemaPlugin()],
    ...NODE_ESM,
    legalComments: "none",
    charset: "utf8",
    sourcemap: false,
    minify: false,
    metafile: true,
    logLevel: "silent",
  });
  for (const warning of result.warnings) {
    const at = warning.location ? `${warning.location.file}:${warning.location.line}: ` : "";
    process.stderr.write(`build: warning: ${at}${warning.text}\n`);
  }
  const outputs = result.outputFiles.map((f) => [relative(outDir, f.path).split(sep).join("/"), f]);
  if (!outputs.some(([name]) => name === filename))
    throw new Error(`esbuild wrote no ${filename} for ${relative(root, entry)}`);
  return new Map([
    ...outputs.map(([name, f]) => [name, Buffer.from(f.contents)]),
    ["licenses.txt", Buffer.from(licenses(Object.keys(result.metafile.inputs)))],
    ["package.json", Buffer.from('{\n  "type": "module"\n}\n')],
  ]);
}

const SCHEMA_VALIDATOR = /[\\/]shared[\\/]src[\\/]config[\\/]schema-validator\.ts$/;
let standaloneSchema;

/**
 * The validator of shared/upkeep.schema.json compiled now, not on every start: the bundles get, instead of
 * shared/src/config/schema-validator.ts (which runs ajv's code generator, about 0.25 s of CPU), the module
 * schema-standalone.ts generates with ajv's standalone code, the same validator as source. Generated once per
 * build: schema-standalone.ts is bundled to a temporary file and run.
 */
function precompiledSchemaPlugin() {
  return {
    name: "upkeep-precompiled-schema",
    setup(b) {
      b.onLoad({ filter: SCHEMA_VALIDATOR }, async (args) => ({
        contents: await standaloneSchemaModule(),
        loader: "js",
        resolveDir: dirname(args.path),
      }));
    },
  };
}

function standaloneSchemaModule() {
  standaloneSchema ??= (async () => {
    const generator = await build({
      absWorkingDir: root,
      entryPoints: [join(root, "shared", "src", "config", "schema-standalone.ts")],
      outfile: join(root, "__generator__", "schema-standalone.mjs"),
      ...NODE_ESM,
      logLevel: "silent",
    });
    const dir = mkdtempSync(join(tmpdir(), "upkeep-schema-"));
    try {
      const file = join(dir, "schema-standalone.mjs");
      writeFileSync(file, generator.outputFiles[0].contents);
      const { standaloneValidatorModule } = await import(pathToFileURL(file).href);
      return standaloneValidatorModule();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return standaloneSchema;
}

/** The license of every package a bundle contains, from its package.json and LICENSE file. */
function licenses(inputs) {
  const packages = new Map();
  for (const input of inputs) {
    const at = input.lastIndexOf("node_modules/");
    if (at < 0) continue;
    const rest = input.slice(at + "node_modules/".length).split("/");
    const name = rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
    const dir = join(root, input.slice(0, at), "node_modules", name);
    if (!packages.has(dir)) packages.set(dir, name);
  }
  const entries = [];
  for (const dir of packages.keys()) {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const licenseFile = readdirSync(dir)
      .sort()
      .find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = licenseFile ? readFileSync(join(dir, licenseFile), "utf8").trim() : "(no license file in the package)";
    const license = typeof pkg.license === "string" ? pkg.license : (pkg.license?.type ?? "UNKNOWN");
    entries.push({ key: `${pkg.name}@${pkg.version}`, text: `${pkg.name}@${pkg.version}\n${license}\n${text}\n` });
  }
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return entries.map((e) => e.text).join("\n");
}

/** The written files for the log: chunks counted, not listed. */
function describeFiles(files) {
  const chunks = files.filter((f) => f.startsWith("chunks/")).length;
  const named = files.filter((f) => !f.startsWith("chunks/"));
  return chunks > 0 ? `${named.join(", ")} and ${chunks} chunks/` : named.join(", ");
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

async function main(argv) {
  const flagIndex = argv.indexOf("--actions-dir");
  const actionsDir = flagIndex === -1 ? undefined : argv[flagIndex + 1];
  if (flagIndex !== -1 && !actionsDir) throw new Error("usage: build.mjs [--check] [--actions-dir <dir>]");
  const check = argv.includes("--check");
  const targets = buildTargets(actionsDir ? resolve(actionsDir) : undefined).filter((t) => !check || t.committed);
  if (targets.length === 0) {
    process.stderr.write("build: nothing to build (no actions/<name>/src/index.ts)\n");
    return 0;
  }
  const scratch = check ? mkdtempSync(join(tmpdir(), "upkeep-check-dist-")) : undefined;
  try {
    const outcomes = await Promise.all(
      targets.map(async (t) => {
        const started = Date.now();
        const outDir = scratch ? join(scratch, t.label.replace(/\//g, "-")) : t.outDir;
        try {
          const files = await buildAction(t.entry, outDir, { filename: t.filename, splitting: t.splitting === true });
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          process.stderr.write(
            `build: ${t.label} -> ${relative(root, t.outDir)}/ (${describeFiles(files)}) in ${seconds}s\n`,
          );
          return { target: t, outDir, ok: true };
        } catch (error) {
          process.stderr.write(`build: ${t.label} failed: ${error instanceof Error ? error.message : error}\n`);
          return { target: t, outDir, ok: false };
        }
      }),
    );
    if (outcomes.some((o) => !o.ok)) return 1;
    if (!scratch) return 0;

    const stale = [];
    for (const { target, outDir } of outcomes) {
      for (const d of diffDirs(outDir, target.outDir)) {
        stale.push(`  ${relative(root, join(target.outDir, d.file)).split(sep).join("/")}: ${d.why}`);
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
