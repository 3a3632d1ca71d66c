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

/**
 * Parses every lockfile; any file that cannot be read fails the whole scan (fail closed), all named at once.
 * Throws InputError (one per file, or one listing every file) for unreadable, oversized or corrupt lockfiles.
 */
export async function parseLockfiles(
  fs: FileSystemPort,
  files: Array<{ file: string; manager: Manager }>,
  logger: Logger,
): Promise<ParsedLockfile[]> {
  const parsed: ParsedLockfile[] = [];
  const errors: UpkeepError[] = [];
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
      if (err instanceof UpkeepError) errors.push(err);
      else
        errors.push(
          new InputError(`cannot be read: ${err instanceof Error ? err.message : String(err)}`, {
            location: { file },
            cause: err,
          }),
        );
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) {
    throw new InputError(
      `${errors.length} lockfiles could not be read:\n${errors.map((e) => `  ${e.message}`).join("\n")}`,
      {
        hint: errors.find((e) => e.hint)?.hint ?? "fix or exclude these files",
      },
    );
  }
  return parsed;
}
