import { execFile } from "node:child_process";
import { appendFileSync, copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../harness/node24.js";

const build = join(repoRoot, "scripts", "build.mjs");
const run = promisify(execFile);

async function buildScript(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [build, ...args], { cwd: repoRoot });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

describe("check-dist", () => {
  it("finds every committed actions/*/dist identical to a fresh build", async () => {
    const { code, output } = await buildScript("--check");
    expect(output).not.toContain("dist is stale");
    expect(code).toBe(0);
  }, 300_000);

  describe("on actions of its own", () => {
    // Inside the repository (bundles resolve packages from it), with src linked to the harness fixture so
    // its imports resolve from test/node_modules.
    const scratch = join(repoRoot, "node_modules", ".cache", `upkeep-check-dist-test-${process.pid}`);
    const fixture = join(repoRoot, "test", "harness", "fixtures", "echo-action");
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    it("passes a dist that matches, and names each stale file of one that does not", async () => {
      for (const name of ["echo-clean", "echo-stale"]) {
        mkdirSync(join(scratch, name), { recursive: true });
        copyFileSync(join(fixture, "action.yml"), join(scratch, name, "action.yml"));
        symlinkSync(join(fixture, "src"), join(scratch, name, "src"), "dir");
      }
      const built = await buildScript("--actions-dir", scratch);
      expect(built.code, built.output).toBe(0);

      const stale = join(scratch, "echo-stale", "dist");
      appendFileSync(join(stale, "index.js"), "// edited by hand\n");
      rmSync(join(stale, "licenses.txt"));
      writeFileSync(join(stale, "leftover.js"), "export {};\n");

      const checked = await buildScript("--check", "--actions-dir", scratch);
      expect(checked.code).toBe(1);
      expect(checked.output).toContain("dist is stale: run `pnpm build` and commit");
      const listed = checked.output.split("\n").filter((l) => l.startsWith("  "));
      const rel = `node_modules/.cache/upkeep-check-dist-test-${process.pid}/echo-stale/dist`;
      expect(listed.sort()).toEqual(
        [
          `  ${rel}/index.js: differs`,
          `  ${rel}/leftover.js: not produced by the build`,
          `  ${rel}/licenses.txt: missing`,
        ].sort(),
      );
    }, 300_000);
  });
});
