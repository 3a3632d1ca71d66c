import { InputError } from "@upkeep/shared/errors.js";
import type { FileSystemPort } from "@upkeep/shared/ports.js";

/** An in-memory FileSystemPort for engine tests: a map from relative path to content. */
export function memoryFs(
  files: Record<string, string | Uint8Array>,
  root = "/repo",
): FileSystemPort & { files: Record<string, string | Uint8Array> } {
  const store = { ...files };
  const get = (path: string) => {
    const v = store[path.replace(/^\.\//, "")];
    if (v === undefined) throw new InputError("no such file", { location: { file: path } });
    return v;
  };
  return {
    root,
    files: store,
    async readText(path) {
      const v = get(path);
      return typeof v === "string" ? v : new TextDecoder().decode(v);
    },
    async readBytes(path) {
      const v = get(path);
      return typeof v === "string" ? new TextEncoder().encode(v) : v;
    },
    async exists(path) {
      return store[path.replace(/^\.\//, "")] !== undefined;
    },
    async size(path) {
      const v = store[path.replace(/^\.\//, "")];
      if (v === undefined) return undefined;
      return typeof v === "string" ? Buffer.byteLength(v) : v.byteLength;
    },
    async walk(options = {}) {
      const skip = options.skipDirs ?? ["node_modules", "vendor", ".git"];
      const raw = (options.dir ?? ".").replace(/^\.\//, "").replace(/\/$/, "");
      const dir = raw === "." ? "" : raw;
      return Object.keys(store)
        .filter((p) => (dir ? p.startsWith(`${dir}/`) : true))
        .filter(
          (p) =>
            !p
              .split("/")
              .slice(0, -1)
              .some((seg) => skip.includes(seg)),
        )
        .sort();
    },
    async writeText(path, text) {
      store[path] = text;
    },
  };
}
