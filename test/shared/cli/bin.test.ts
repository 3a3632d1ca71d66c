import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { UPKEEP_VERSION } from "@upkeep/shared/version.js";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe("the upkeep executable", () => {
  it("prints its version when run through tsx as `pnpm upkeep` does", async () => {
    const { stdout } = await run("node_modules/.bin/tsx", ["shared/src/cli/bin.ts", "--version"]);
    expect(stdout).toBe(`${UPKEEP_VERSION}\n`);
  });

  it("exits 2 on a bad file through the published bin (shared/bin/upkeep.mjs)", async () => {
    const err = (await run(process.execPath, ["shared/bin/upkeep.mjs", "config", "validate", "no/such.yml"]).catch(
      (e: unknown) => e,
    )) as { code: number; stderr: string };
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/^upkeep: no\/such.yml does not exist\n/);
  });
});
