// Types for scripts/refresh-eol.mjs, so TypeScript tests can import what it exports.

/** The products read from endoflife.date, as the table's runtimes. */
export const PRODUCTS: readonly string[];
/** https://endoflife.date */
export const DEFAULT_URL: string;
/** The committed table, shared/src/patch/eol/release-cycles.json. */
export const TABLE_FILE: string;

/** One release cycle: `eol` a YYYY-MM-DD date, false while supported with no date, true when past with none known. */
export interface TableCycle {
  cycle: string;
  eol: string | boolean;
}

/**
 * The cycles of one product from an endoflife.date API v1 ProductResponse or an API v0 array, newest first.
 * Throws an Error naming `where` for anything else.
 */
export function cyclesFrom(doc: unknown, where: string): TableCycle[];

/** The table in the committed layout (one cycle per line). */
export function formatTable(table: { runtimes: Record<string, TableCycle[]>; [key: string]: unknown }): string;

/** Runs the command line; resolves to the exit code (0 written, 2 not). */
export function main(
  argv: string[],
  env?: NodeJS.ProcessEnv,
  out?: { write(text: string): unknown },
  err?: { write(text: string): unknown },
): Promise<number>;
