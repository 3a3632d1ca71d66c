#!/usr/bin/env node
// The published `upkeep` bin. The esbuild bundle (`node scripts/build.mjs` writes shared/dist/cli.js) starts
// about 1 s of CPU faster than compiling the TypeScript through tsx on every run, so it is used when it
// exists and is newer than every file under shared/src; otherwise (no build yet, or sources edited since)
// tsx's ESM loader runs the sources, so the CLI never runs stale code.
import { readdirSync, statSync } from "node:fs";

const bundle = new URL("../dist/cli.js", import.meta.url);
const sources = new URL("../src/", import.meta.url);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = new URL(entry.isDirectory() ? `${entry.name}/` : entry.name, dir);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  try {
    return statSync(bundle).mtimeMs >= newestMtime(sources);
  } catch {
    return false;
  }
}

if (process.env.UPKEEP_FROM_SOURCE !== "1" && bundleIsFresh()) {
  await import(bundle.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/bin.ts");
}
