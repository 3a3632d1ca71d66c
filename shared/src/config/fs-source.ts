import type { FileSystemPort } from "../ports.js";
import type { ConfigSource } from "./types.js";

/**
 * A ConfigSource over the working tree: reads files of the current repository through `fs`. Other
 * repositories (an `_extends` base, the org fallback) are out of reach locally, so they read as
 * missing and loadConfig reports the base as unreadable. `displayName` turns a path into the name
 * shown in messages (default: the path itself, relative to the root of `fs`).
 * Read errors other than a missing file (permissions, a directory) throw InputError from the port.
 */
export function fileSystemConfigSource(
  fs: FileSystemPort,
  options: { displayName?: (path: string) => string } = {},
): ConfigSource {
  const display = options.displayName ?? ((path: string) => path);
  return {
    async read(repo, path) {
      if (repo !== undefined) return undefined;
      if (!(await fs.exists(path))) return undefined;
      return { text: await fs.readText(path), file: display(path) };
    },
  };
}
