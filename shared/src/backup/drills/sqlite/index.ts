import { join } from "node:path";
import { failed, passed, restoreToFile, validate } from "../database.js";
import type { DrillResult, RestoreDrill } from "../types.js";

const SQLITE_MAGIC = "SQLite format 3\0";

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
    const sqlite = (args: string[], timeoutMs: number) =>
      ctx.process.run(["sqlite3", "-bail", ...args], { cwd: ctx.workDir, timeoutMs });
    const checks: string[] = [];
    const restored = await restoreToFile(ctx, "backup");
    let db = restored.file;
    if (new TextDecoder().decode(restored.head.subarray(0, 16)) === SQLITE_MAGIC) {
      checks.push(`copied the database${restored.decoded}`);
    } else {
      db = join(ctx.workDir, "replayed.db");
      const r = await sqlite([db, `.read ${restored.file}`], 3_600_000);
      if (r.code !== 0) return failed("sqlite3 could not replay the SQL dump", checks, r.stderr || r.stdout);
      checks.push(`replayed the SQL dump${restored.decoded}`);
    }
    const integrity = await sqlite(["-readonly", db, "PRAGMA integrity_check;"], 3_600_000);
    if (integrity.code !== 0 || integrity.stdout.trim() !== "ok")
      return failed("PRAGMA integrity_check did not return ok", checks, `${integrity.stdout}\n${integrity.stderr}`);
    checks.push("PRAGMA integrity_check: ok");
    return (await validate(ctx, (sql) => sqlite(["-readonly", db, sql], 600_000), checks)) ?? passed(checks);
  },
};
