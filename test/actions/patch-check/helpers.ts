// Shared set-up of the patch-check action tests: the committed bundle, temp workspaces holding real-format
// lockfiles, and the OSV and npm stand-ins the bundle talks to instead of osv.dev and registry.npmjs.org.
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { repoRoot } from "../../harness/node24.js";
import type { RunActionOptions, runAction } from "../../harness/run-action.js";
import { type OsvStandIn, startOsvStandIn } from "../../stand-ins/osv/index.js";
import { type RegistryStandIn, startNpmStandIn } from "../../stand-ins/registries/index.js";
import { git, runBundledAction, tempDir, writeFiles } from "../helpers.js";

export { git, writeFiles };

/** The action folder; tests run its committed dist/index.js (check-dist keeps it in step with src/). */
export const actionDir = join(repoRoot, "actions", "patch-check");

/** When the fixes of the two advisories below were published on npm (registry.npmjs.org `time`). */
export const LODASH_FIX = { version: "4.17.21", publishedAt: "2021-02-20T15:42:16.891Z" };
export const MINIMIST_FIX = { version: "1.2.6", publishedAt: "2022-03-21T14:47:04.316Z" };

/**
 * A package-lock.json v3 (npm 7+) for a root project depending directly on `deps` (name -> version),
 * every dependency installed at the top of node_modules, as npm writes it.
 */
export function packageLock(deps: Record<string, string>, devDeps: Record<string, string> = {}): string {
  const root: Record<string, unknown> = { name: "demo", version: "1.0.0" };
  if (Object.keys(deps).length) root.dependencies = deps;
  if (Object.keys(devDeps).length) root.devDependencies = devDeps;
  const packages: Record<string, unknown> = { "": root };
  for (const [name, version] of Object.entries({ ...deps, ...devDeps }).sort(([a], [b]) => a.localeCompare(b))) {
    packages[`node_modules/${name}`] = {
      version,
      resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`,
      integrity: `sha512-${Buffer.from(`${name}@${version}`).toString("base64")}`,
      ...(name in devDeps ? { dev: true } : {}),
      license: "MIT",
    };
  }
  return `${JSON.stringify({ name: "demo", version: "1.0.0", lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}

/** 1-based line of the first line of `text` containing `needle`; throws when there is none. */
export function lineOf(text: string, needle: string): number {
  const i = text.split("\n").findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" is not in the text`);
  return i + 1;
}

/** A new temp folder holding `files` (path -> content); removed after the test file. */
export function workspace(files: Record<string, string>): string {
  const dir = tempDir("upkeep-patch-action-");
  writeFiles(dir, files);
  return dir;
}

export interface Services {
  osv: OsvStandIn;
  npm: RegistryStandIn;
}

/**
 * Starts the OSV stand-in (every real record in test/fixtures/osv) and an npm stand-in that knows when the
 * lodash and minimist fixes were published, before the file's tests; closes them after.
 */
export function useServices(): () => Services {
  let services: Services | undefined;
  beforeAll(async () => {
    const [osv, npm] = await Promise.all([startOsvStandIn(), startNpmStandIn()]);
    npm.seed("lodash", [{ version: "4.17.20", publishedAt: "2020-08-13T16:53:54.152Z" }, LODASH_FIX]);
    npm.seed("minimist", [{ version: "1.2.5", publishedAt: "2020-03-12T00:20:34.224Z" }, MINIMIST_FIX]);
    services = { osv, npm };
  });
  afterAll(async () => {
    await Promise.all([services?.osv.close(), services?.npm.close()]);
  });
  return () => {
    if (!services) throw new Error("stand-ins not started yet");
    return services;
  };
}

/** Inputs that point the action at the stand-ins. */
export function standInInputs(s: Services): Record<string, string> {
  return { "osv-url": s.osv.url, registries: `npm=${s.npm.url}` };
}

/**
 * Runs the bundle under Node 24 with the clock fixed at `now` (UPKEEP_NOW), so deadlines do not move
 * with the calendar.
 */
export function runPatchCheckAction(
  options: Omit<RunActionOptions, "actionDir"> & { now?: string },
): ReturnType<typeof runAction> {
  return runBundledAction(actionDir, options);
}
