/** Reading the discovered lockfiles with their managers, failing closed. */
import { InputError, UpkeepError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import type { FileSystemPort } from "../../ports.js";
import type { Manager, ParsedLockfile } from "../types.js";

/** Largest lockfile read (bytes); a larger one is an error, not a silent skip. */
export const MAX_LOCKFILE_BYTES = 256 * 1024 * 1024;

function dirOf(p: string): string {
  const i = p.lastIndexOf("/");
  return i < 0 ? "" : p.slice(0, i + 1);
}

/** A lockfile that could not be read, and why (with the line when the parser knows it). */
export interface UnreadableLockfile {
  file: string;
  line?: number;
  manager: string;
  error: UpkeepError;
}

/**
 * Parses every lockfile. A file that cannot be read (corrupt, truncated, an unknown format version, over
 * the size limit) never hides the others: it is returned in `unreadable` (the engine makes it a
 * `patch/unreadable-lockfile` error finding, so the run still fails) and every other file is parsed. Never
 * throws for a lockfile's content.
 */
export async function parseLockfiles(
  fs: FileSystemPort,
  files: Array<{ file: string; manager: Manager }>,
  logger: Logger,
): Promise<{ parsed: ParsedLockfile[]; unreadable: UnreadableLockfile[] }> {
  const parsed: ParsedLockfile[] = [];
  const unreadable: UnreadableLockfile[] = [];
  for (const { file, manager } of files) {
    try {
      const size = (await fs.size(file)) ?? 0;
      if (size > MAX_LOCKFILE_BYTES) {
        throw new InputError(
          `lockfile is ${(size / 1048576).toFixed(0)} MiB, over the ${MAX_LOCKFILE_BYTES / 1048576} MiB limit`,
          {
            location: { file },
            hint: "exclude it (patch.exclude) or scan its folder separately",
          },
        );
      }
      const text = await fs.readText(file);
      const context = {
        readSibling: async (name: string) => {
          const sib = `${dirOf(file)}${name}`;
          return (await fs.exists(sib)) ? fs.readText(sib) : undefined;
        },
      };
      const result = await manager.parse(file, text, context);
      logger.info(
        `${file}: ${result.packages.length} packages (${manager.id}${result.formatVersion ? ` v${result.formatVersion}` : ""})`,
      );
      parsed.push(result);
    } catch (err) {
      const error =
        err instanceof UpkeepError
          ? err
          : new InputError(`cannot be read: ${err instanceof Error ? err.message : String(err)}`, {
              location: { file },
              cause: err,
            });
      const line = (error as { location?: { line?: number } }).location?.line;
      logger.warning(`${file}: cannot be read: ${error.message}`);
      unreadable.push({ file, ...(line ? { line } : {}), manager: manager.id, error });
    }
  }
  return { parsed, unreadable };
}
