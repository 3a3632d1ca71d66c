#!/usr/bin/env node
// Installs everything the project needs from the npm registry alone: the pinned pnpm (into .tools/),
// the workspace's dependencies (frozen lockfile), and checks that the pinned Node 24 binary is present.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { node24Path, nodePackageName, pinnedPnpm, pnpmEntry, root } from "./tools.mjs";

const quiet = process.argv.includes("--quiet");
function log(msg) {
  if (!quiet) process.stderr.write(`setup: ${msg}\n`);
}

const version = pinnedPnpm();
const entry = pnpmEntry();
const pkgJson = join(root, ".tools", "node_modules", "pnpm", "package.json");
const have = existsSync(pkgJson) ? JSON.parse(readFileSync(pkgJson, "utf8")).version : undefined;
if (have !== version) {
  log(`installing pnpm@${version} into .tools/ (was: ${have ?? "none"})`);
  mkdirSync(join(root, ".tools"), { recursive: true });
  writeFileSync(join(root, ".tools", "package.json"), '{ "private": true }\n');
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", `pnpm@${version}`], {
    cwd: join(root, ".tools"),
    stdio: ["ignore", "inherit", "inherit"],
  });
}

// A committed lockfile is installed as it is (what CI and a newcomer get); without one, pnpm writes it.
const frozen = existsSync(join(root, "pnpm-lock.yaml")) ? ["--frozen-lockfile"] : [];
log(`pnpm install ${frozen.join(" ")}`);
try {
  execFileSync(entry, ["install", ...frozen, "--reporter=append-only"], {
    cwd: root,
    stdio: ["ignore", quiet ? "ignore" : "inherit", "inherit"],
  });
} catch {
  process.stderr.write(
    "setup: `pnpm install` failed (see above). If package.json changed, run `node scripts/pnpm.mjs install` and commit pnpm-lock.yaml.\n",
  );
  process.exit(2);
}

const node24 = node24Path();
if (!node24) {
  process.stderr.write(
    `setup: the pinned Node 24 binary (npm package ${nodePackageName()}) is not installed.\n` +
      "       Add it to optionalDependencies in package.json for this platform, then run `npm run setup` again.\n",
  );
  process.exit(2);
}
const v = execFileSync(node24, ["--version"], { encoding: "utf8" }).trim();
if (!v.startsWith("v24.")) {
  process.stderr.write(`setup: ${node24} is ${v}, expected v24.x\n`);
  process.exit(2);
}
log(`ready: pnpm ${version}, Node ${v} for action bundles (${node24})`);
