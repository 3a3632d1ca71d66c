/**
 * What the database drills (sqlite, postgres) share: the backup decoded into one file of the scratch
 * folder, the validation queries with their expected output, and the shape of their verdicts.
 */

import { join } from "node:path";
import type { ProcessResult } from "../types.js";
import { decompressed } from "./decode.js";
import type { DrillContext, DrillResult } from "./types.js";

/** A tool's output for a finding: trimmed, at most 2,000 characters. */
export function trimOutput(s: string): string {
  const t = s.trim();
  return t.length > 2000 ? `${t.slice(0, 2000)}…` : t;
}

/** A failed drill: what failed, the tool's own output, the checks that passed before. */
export function failed(message: string, checks: string[], output?: string): DrillResult {
  return { ok: false, message, ...(output !== undefined ? { output: trimOutput(output) } : {}), checks };
}

/** A passed drill. */
export function passed(checks: string[]): DrillResult {
  return { ok: true, message: `restored and checked (${checks.length} checks)`, checks };
}

/**
 * Writes the backup, compression layers removed, to `name` in the work folder. Returns its path, its
 * first bytes (to tell a database file or archive from an SQL script) and `(decoded gzip, …)` for the
 * evidence.
 */
export async function restoreToFile(
  ctx: DrillContext,
  name: string,
): Promise<{ file: string; head: Uint8Array; decoded: string }> {
  const { head, stream, layers } = await decompressed(ctx.open());
  const file = join(ctx.workDir, name);
  await ctx.scratch.writeFile(file, stream);
  return { file, head, decoded: layers.length ? ` (decoded ${layers.join(", ")})` : "" };
}

/**
 * Runs the set's validation queries with `query` (the database's shell), each against its expected
 * output (or, without one, any output), adding each passed one to `checks`. Returns the failed verdict,
 * or undefined when every query passed.
 */
export async function validate(
  ctx: DrillContext,
  query: (sql: string) => Promise<ProcessResult>,
  checks: string[],
): Promise<DrillResult | undefined> {
  for (const q of ctx.options.queries ?? []) {
    const r = await query(q.sql);
    const out = r.stdout.trim();
    if (r.code !== 0) return failed(`validation query failed: ${q.sql}`, checks, r.stderr);
    if (q.expect !== undefined ? out !== q.expect.trim() : out === "") {
      const expected = q.expect !== undefined ? JSON.stringify(q.expect.trim()) : "some output";
      return failed(
        `validation query ${JSON.stringify(q.sql)} returned ${JSON.stringify(out)}, expected ${expected}`,
        checks,
      );
    }
    checks.push(`${q.sql} → ${out}`);
  }
  return undefined;
}
