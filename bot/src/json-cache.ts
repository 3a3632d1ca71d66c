import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The JSON a cache file holds, or undefined when it is missing or damaged: a lost cache only costs full
 * requests, never a reason to stop the bot. Never throws.
 */
export function readJsonCache(path: string): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Writes `data` as JSON through a temporary file and a rename, so a crash never leaves half a file.
 * Creates folders. Never throws: a failed save only costs reads next time.
 */
export function writeJsonCache(path: string, data: unknown): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(`${path}.tmp`, JSON.stringify(data));
    renameSync(`${path}.tmp`, path);
  } catch {
    // ignored on purpose, see above
  }
}
