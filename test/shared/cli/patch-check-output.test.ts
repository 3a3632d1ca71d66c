// `upkeep patch-check` output a maintainer reads: grouped by package in text and Markdown; Markdown links
// locations to the commit only when the runner's GITHUB_* variables say where the files are.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageLock } from "../../actions/patch-check/helpers.js";
import { cli, tempTree } from "./helpers.js";

const osvDir = join(import.meta.dirname, "../../fixtures/osv");
const tree = tempTree({ "package-lock.json": packageLock({ lodash: "4.17.20", minimist: "1.2.5" }) });
execFileSync("git", ["init", "-q"], { cwd: tree.dir });
afterAll(() => tree.cleanup());

const args = ["patch-check", "--cwd", tree.dir, "--osv-dir", osvDir, "--offline", "--no-eol"];
const runnerEnv = {
  GITHUB_SERVER_URL: "https://github.com",
  GITHUB_REPOSITORY: "acme/shop",
  GITHUB_SHA: "a".repeat(40),
};

describe("upkeep patch-check output", () => {
  it("prints one block per vulnerable package with its advisories and the fix", async () => {
    const { stdout } = await cli(args);
    expect(stdout).toMatch(/^minimist@1\.2\.5 \(npm\) package-lock\.json:\d+$/m);
    expect(stdout).toMatch(/^ {4}fix: upgrade to 1\.2\.6$/m);
    expect(stdout).toMatch(/^lodash@4\.17\.20 \(npm\) package-lock\.json:\d+$/m);
  });

  it("links locations in Markdown inside a workflow run, and prints plain paths elsewhere", async () => {
    const linked = await cli([...args, "--format", "markdown"], { env: runnerEnv });
    expect(linked.stdout).toMatch(
      /\[package-lock\.json:\d+\]\(https:\/\/github\.com\/acme\/shop\/blob\/a{40}\/package-lock\.json#L\d+\)/,
    );
    const plain = await cli([...args, "--format", "markdown"]);
    expect(plain.stdout).toContain("**minimist@&#8203;1.2.5**");
    expect(plain.stdout).not.toContain("https://github.com/acme");
    expect(plain.stdout).toMatch(/<br>package-lock\.json:\d+/);
  });
});
