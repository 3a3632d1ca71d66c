import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { decompressed } from "../decode.js";
import type { DrillResult, RestoreDrill } from "../types.js";

function trimOutput(s: string): string {
  const t = s.trim();
  return t.length > 2000 ? `${t.slice(0, 2000)}…` : t;
}

/** `conninfo dbname=x`: libpq takes the last value of a repeated keyword. */
function withDb(server: string, db: string): string {
  return `${server} dbname=${db}`.trim();
}

/**
 * PostgreSQL: restores a `pg_dump` (custom/tar format with pg_restore, plain SQL with psql) into a
 * fresh scratch database on the configured server, runs the validation SQL, and drops the database
 * whatever happened.
 */
export const postgresDrill: RestoreDrill = {
  id: "postgres",
  description:
    "PostgreSQL: pg_restore (custom/tar dumps) or psql (plain SQL) into a scratch database, validation SQL, drop",
  programs: [
    { name: "psql", debianPackage: "postgresql-client" },
    { name: "pg_restore", debianPackage: "postgresql-client" },
  ],
  async run(ctx): Promise<DrillResult> {
    const server = ctx.options.server ?? ctx.env.UPKEEP_DRILL_POSTGRES ?? "";
    const db = `upkeep_drill_${randomBytes(6).toString("hex")}`;
    const admin = withDb(server, "postgres");
    const env: Record<string, string> = {};
    for (const k of ["PGPASSWORD", "PGUSER", "PGHOST", "PGPORT", "PGPASSFILE", "PGSSLMODE"]) {
      const v = ctx.env[k];
      if (v) env[k] = v;
    }
    const psql = (conn: string, sql: string) =>
      ctx.process.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", conn, "-c", sql], {
        env,
        timeoutMs: 600_000,
      });
    const checks: string[] = [];
    const created = await psql(admin, `CREATE DATABASE ${db}`);
    if (created.code !== 0) {
      return {
        ok: false,
        message: "could not create the scratch database",
        output: trimOutput(created.stderr),
        checks,
      };
    }
    try {
      const { head, stream, layers } = await decompressed(ctx.open());
      const file = join(ctx.workDir, "dump");
      await ctx.scratch.writeFile(file, stream);
      const magic = new TextDecoder().decode(head.subarray(0, 5));
      const isArchive =
        magic === "PGDMP" || (head.length >= 262 && new TextDecoder().decode(head.subarray(257, 262)) === "ustar");
      const restore = isArchive
        ? await ctx.process.run(
            ["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", "-d", withDb(server, db), file],
            {
              env,
              timeoutMs: 3_600_000,
            },
          )
        : await ctx.process.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", withDb(server, db), "-f", file], {
            env,
            timeoutMs: 3_600_000,
          });
      if (restore.code !== 0) {
        return {
          ok: false,
          message: `${isArchive ? "pg_restore" : "psql"} failed to restore the dump`,
          output: trimOutput(restore.stderr || restore.stdout),
          checks,
        };
      }
      checks.push(
        `${isArchive ? "pg_restore" : "psql"} restored the dump${layers.length ? ` (decoded ${layers.join(", ")})` : ""}`,
      );
      for (const q of ctx.options.queries ?? []) {
        const r = await psql(withDb(server, db), q.sql);
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
    } finally {
      const dropped = await psql(admin, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      if (dropped.code !== 0)
        ctx.logger.warning(`backup-verify: could not drop the scratch database ${db}: ${dropped.stderr.trim()}`);
    }
  },
};
