import { randomBytes } from "node:crypto";
import { failed, passed, restoreToFile, validate } from "../database.js";
import type { DrillResult, RestoreDrill } from "../types.js";

/** `conninfo dbname=x`: libpq takes the last value of a repeated keyword. */
function withDb(server: string, db: string): string {
  return `${server} dbname=${db}`.trim();
}

/** A pg_dump custom-format (`PGDMP`) or tar-format (`ustar` at 257) archive, rather than plain SQL. */
function isArchive(head: Uint8Array): boolean {
  const text = (from: number, to: number) => new TextDecoder().decode(head.subarray(from, to));
  return text(0, 5) === "PGDMP" || (head.length >= 262 && text(257, 262) === "ustar");
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
    const run = (command: string[], timeoutMs: number) => ctx.process.run(command, { env, timeoutMs });
    const psql = (conn: string, sql: string) =>
      run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", conn, "-c", sql], 600_000);
    const checks: string[] = [];
    const created = await psql(admin, `CREATE DATABASE ${db}`);
    if (created.code !== 0) return failed("could not create the scratch database", checks, created.stderr);
    try {
      const { file, head, decoded } = await restoreToFile(ctx, "dump");
      const tool = isArchive(head) ? "pg_restore" : "psql";
      const restore =
        tool === "pg_restore"
          ? await run(
              ["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", "-d", withDb(server, db), file],
              3_600_000,
            )
          : await run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", withDb(server, db), "-f", file], 3_600_000);
      if (restore.code !== 0)
        return failed(`${tool} failed to restore the dump`, checks, restore.stderr || restore.stdout);
      checks.push(`${tool} restored the dump${decoded}`);
      return (await validate(ctx, (sql) => psql(withDb(server, db), sql), checks)) ?? passed(checks);
    } finally {
      const dropped = await psql(admin, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      if (dropped.code !== 0)
        ctx.logger.warning(`backup-verify: could not drop the scratch database ${db}: ${dropped.stderr.trim()}`);
    }
  },
};
