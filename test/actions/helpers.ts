// Set-up shared by the action tests (test/actions/<name>/helpers.ts build on it): temp folders removed
// after the test file, files written into them, git with a fixed identity and date (GIT_AUTHOR_* /
// GIT_COMMITTER_* env, never global config), input readers with action.yml's defaults, and the committed
// bundle run under Node 24 with a fixed clock.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";
import { readActionMetadata } from "../harness/action-metadata.js";
import { type RunActionOptions, runAction } from "../harness/run-action.js";

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new temp folder named `<prefix>XXXXXX`, removed after the test file. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Writes `files` (path -> content; null deletes) below `dir`, creating folders. */
export function writeFiles(dir: string, files: Record<string, string | null>): void {
  for (const [path, text] of Object.entries(files)) {
    if (text === null) {
      rmSync(join(dir, path), { force: true });
      continue;
    }
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** Runs git in `dir` with a fixed identity and date; returns stdout without the final newline. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.invalid",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.invalid",
      GIT_AUTHOR_DATE: "2026-11-01T10:00:00Z",
      GIT_COMMITTER_DATE: "2026-11-01T10:00:00Z",
      GIT_CONFIG_NOSYSTEM: "1",
    },
  }).replace(/\n$/, "");
}

/**
 * Input readers for `readInputs` as the runner would call it: `given` values first, then the defaults of
 * the action's action.yml, with `token` set to `ghs_example` (a workflow's GITHUB_TOKEN), else `""`.
 */
export function inputReader(actionDir: string): (given?: Record<string, string>) => (name: string) => string {
  const defaults = Object.fromEntries(
    Object.entries(readActionMetadata(actionDir).inputs).map(([name, input]) => [
      name,
      name === "token" ? "ghs_example" : (input.default ?? ""),
    ]),
  );
  return (given = {}) =>
    (name) =>
      given[name] ?? defaults[name] ?? "";
}

/**
 * Runs the committed bundle of `actionDir` under Node 24 with the clock fixed at `now` (UPKEEP_NOW), so
 * deadlines and dates in notes do not move with the calendar.
 */
export function runBundledAction(
  actionDir: string,
  options: Omit<RunActionOptions, "actionDir"> & { now?: string },
): ReturnType<typeof runAction> {
  const { now = "2026-11-26T12:00:00Z", env, ...rest } = options;
  return runAction({ actionDir, timeoutMs: 60_000, ...rest, env: { UPKEEP_NOW: now, ...env } });
}
