// `upkeep backup-verify` in-process: flags, config sets, formats, exit codes 0/1/2, the state file.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/helpers.js";
import { requireTools, sh, tempDir } from "./tools.js";

const env = { UPKEEP_NOW: "2026-12-08T06:00:00Z" };
let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});
beforeAll(() => requireTools(["tar", "zstd", "sha256sum"]));

function backups(days = ["2026-12-06", "2026-12-07", "2026-12-08"]): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  sh("mkdir -p b && seq 1 10000 > rows", t.dir);
  for (const d of days)
    sh(
      `tar cf - rows | zstd -q -c > b/db-${d}.tar.zst && (cd b && sha256sum db-${d}.tar.zst > SHA256SUMS.part.${d})`,
      t.dir,
    );
  sh("cat b/SHA256SUMS.part.* > b/SHA256SUMS && rm b/SHA256SUMS.part.* rows", t.dir);
  return t.dir;
}

describe("upkeep backup-verify", () => {
  it("exit 0 on a healthy location; markdown has the per-set table", async () => {
    const dir = backups();
    const r = await cli(["-C", dir, "backup-verify", "b", "--checksums", "manifest", "--format", "markdown"], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("| b | ✅ pass | b/db-2026-12-08.tar.zst | 6h |");
    expect(r.stderr).toContain("backup-verify: b: reading b/db-2026-12-08.tar.zst");
  });

  it("exit 1 on violations: stale, a gap, plaintext where encryption is required", async () => {
    const dir = backups(["2026-12-05", "2026-12-07"]);
    const r = await cli(
      [
        "-C",
        dir,
        "backup-verify",
        "b",
        "--max-age",
        "12h",
        "--retention",
        "daily=4",
        "--require-encryption",
        "--format",
        "json",
      ],
      { env },
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { rule: string }[] };
    expect(new Set(report.findings.map((f) => f.rule))).toEqual(
      new Set(["backup/stale", "backup/retention-gap", "backup/unencrypted"]),
    );
  });

  it("exit 2 on bad flags and on a location that does not exist", async () => {
    const dir = backups();
    expect((await cli(["-C", dir, "backup-verify", "b", "--sample", "9/7"], { env })).stderr).toMatch(
      /"9\/7" is not n\/t/,
    );
    const missing = await cli(["-C", dir, "backup-verify", "nowhere"], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("backup location nowhere does not exist");
    const none = await cli(["-C", dir, "backup-verify"], { env });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no backup set to verify");
  });

  it("verifies configured sets and writes the coverage state with --sample", async () => {
    const dir = backups();
    sh(
      "mkdir -p .github && printf 'backups:\\n  sets:\\n    - name: db\\n      location: b\\n      sample: 1/3\\n' > .github/upkeep.yml",
      dir,
    );
    const r = await cli(["-C", dir, "backup-verify", "--format", "json"], { env });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      data: { sets: { name: string; verifiedObjects: number; deferred: number }[] };
    };
    expect(report.data.sets[0]).toMatchObject({ name: "db", verifiedObjects: 1, deferred: 2 });
    const state = JSON.parse(readFileSync(join(dir, ".upkeep/backup-state.json"), "utf8")) as {
      verified: Record<string, string>;
    };
    expect(Object.keys(state.verified)).toEqual(["db\u0000db-2026-12-08.tar.zst"]);
    const second = await cli(["-C", dir, "backup-verify", "--format", "json", "--set", "db"], { env });
    const again = JSON.parse(second.stdout) as { data: { sets: { verifiedObjects: number }[] } };
    expect(again.data.sets[0]!.verifiedObjects).toBe(1);
    const after = JSON.parse(readFileSync(join(dir, ".upkeep/backup-state.json"), "utf8")) as {
      verified: Record<string, string>;
    };
    expect(Object.keys(after.verified)).toHaveLength(2);
  });
});
