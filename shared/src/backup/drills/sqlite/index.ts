import { join } from "node:path";
import { decompressed } from "../decode.js";
import type { DrillResult, RestoreDrill } from "../types.js";

const SQLITE_MAGIC = "SQLite format 3\0";

function trimOutput(s: string): string {
  const t = s.trim();
  return t.length > 2000 ? `${t.slice(0, 2000)}…` : t;
}

/**
 * SQLite: copies the database (or replays a `.dump` SQL script) into the scratch folder, runs
 * `PRAGMA integrity_check` and the validation queries with the sqlite3 shell.
 */
export const sqliteDrill: RestoreDrill = {
  id: "sqlite",
  description:
    "SQLite: restore a copy (database file or .dump script, optionally compressed), PRAGMA integrity_check, validation queries",
  programs: [{ name: "sqlite3", debianPackage: "sqlite3" }],
  async run(ctx): Promise<DrillResult> {
    const db = join(ctx.workDir, "restore.db");
    const { head, stream, layers } = await decompressed(ctx.open());
    const isDatabase = new TextDecoder().decode(head.subarray(0, 16)) === SQLITE_MAGIC;
    const checks: string[] = [];
    if (isDatabase) {
      await ctx.scratch.writeFile(db, stream);
      checks.push(`copied the database${layers.length ? ` (decoded ${layers.join(", ")})` : ""}`);
    } else {
      const script = join(ctx.workDir, "dump.sql");
      await ctx.scratch.writeFile(script, stream);
      const r = await ctx.process.run(["sqlite3", "-bail", db, `.read ${script}`], {
        cwd: ctx.workDir,
        timeoutMs: 3_600_000,
      });
      if (r.code !== 0) {
        return {
          ok: false,
          message: "sqlite3 could not replay the SQL dump",
          output: trimOutput(r.stderr || r.stdout),
          checks,
        };
      }
      checks.push("replayed the SQL dump");
    }
    const integrity = await ctx.process.run(["sqlite3", "-bail", "-readonly", db, "PRAGMA integrity_check;"], {
      cwd: ctx.workDir,
      timeoutMs: 3_600_000,
    });
    if (integrity.code !== 0 || integrity.stdout.trim() !== "ok") {
      return {
        ok: false,
        message: "PRAGMA integrity_check did not return ok",
        output: trimOutput(`${integrity.stdout}\n${integrity.stderr}`),
        checks,
      };
    }
    checks.push("PRAGMA integrity_check: ok");
    for (const q of ctx.options.queries ?? []) {
      const r = await ctx.process.run(["sqlite3", "-bail", "-readonly", db, q.sql], {
        cwd: ctx.workDir,
        timeoutMs: 600_000,
      });
      const out = r.stdout.trim();
      if (r.code !== 0)
        return { ok: false, message: `validation query failed: ${q.sql}`, output: trimOutput(r.stderr), checks };
      if (q.expect !== undefined ? out !== q.expect.trim() : out === "") {
        return {
          ok: false,
          message: `validation query ${JSON.stringify(q.sql)} returned ${JSON.stringify(out)}, expected ${q.expect !== undefined ? JSON.stringify(q.expect.trim()) : "some output"}`,
          checks,
        };
      }
      checks.push(`${q.sql} → ${out}`);
    }
    return { ok: true, message: `restored and checked (${checks.length} checks)`, checks };
  },
};
