import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { InputError } from "../../../errors.js";
import type { StoredObject } from "../../types.js";
import type { ObjectStore, StorageBackend } from "../types.js";

const GLOB_CHARS = /[*?[\]{}!]/;

/** The folder a glob starts in: the path before its first segment with a glob character. */
function globBase(pattern: string): string {
  const parts = pattern.split("/");
  const i = parts.findIndex((p) => GLOB_CHARS.test(p));
  return i <= 0 ? (i === 0 ? "." : pattern) : parts.slice(0, i).join("/");
}

function toKey(base: string, path: string): string {
  return relative(base, path).split(sep).join("/");
}

/** A local folder, file or glob (`backups/`, `backups/db-*.dump.gz`, `/srv/backups/**`). */
export const localBackend: StorageBackend = {
  id: "local",
  description:
    "local folders, files and globs (a folder is read recursively; sidecars and manifests beside a glob count)",
  claims: (location) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(location) && !/^(restic|borg):/.test(location),
  async connect(set, ports, options) {
    const location = set.location;
    const absolute = isAbsolute(location) ? location : resolve(options.cwd, location);
    let base: string;
    let matcher: ((key: string) => boolean) | undefined;
    if (GLOB_CHARS.test(location)) {
      base = resolve(options.cwd, globBase(location));
      const rel = toKey(base, absolute);
      matcher = picomatch(rel, { dot: false });
    } else {
      const kind = await ports.files.kind(absolute);
      if (kind === "missing") {
        throw new InputError(`backup location ${location} does not exist`, {
          hint: "check the path (relative paths start at the working directory), or mount the backup volume",
        });
      }
      if (kind === "file") {
        base = dirname(absolute);
        const name = basename(absolute);
        matcher = (key) => key === name;
      } else base = absolute;
    }
    if ((await ports.files.kind(base)) !== "dir") {
      throw new InputError(`backup location ${location}: folder ${base} does not exist`, {
        hint: "check the path, or mount the backup volume",
      });
    }
    const shown = (key: string) => (isAbsolute(location) ? join(base, key) : relative(options.cwd, join(base, key)));
    const store: ObjectStore = {
      kind: "objects",
      location,
      async list() {
        const entries = await ports.files.list(base);
        return entries.map(
          (e): StoredObject => ({
            key: toKey(base, e.path),
            display: shown(toKey(base, e.path)).split(sep).join("/"),
            size: e.size,
            modified: e.modified,
          }),
        );
      },
      isCandidate: (object) => (matcher ? matcher(object.key) : true),
      read: (object, range) => ports.files.open(join(base, object.key), range),
      readText: (key) => ports.files.readText(join(base, key)),
    };
    return store;
  },
};
