import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { InputError } from "../errors.js";
import type { FileSystemPort } from "../ports.js";

const DEFAULT_SKIP = ["node_modules", "vendor", ".git"];

function errCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err ? String((err as { code: unknown }).code) : undefined;
}

/**
 * The real filesystem below `root`. Paths given to it are relative to the root; a path that would
 * leave the root throws InputError.
 */
export function nodeFileSystem(root: string): FileSystemPort {
  const abs = resolve(root);
  function inside(path: string): string {
    const p = resolve(abs, path);
    if (p !== abs && !p.startsWith(abs + sep)) {
      throw new InputError(`path ${path} is outside ${root}`, { hint: "give a path inside the repository" });
    }
    return p;
  }
  async function read<T>(path: string, fn: (p: string) => Promise<T>): Promise<T> {
    try {
      return await fn(inside(path));
    } catch (err) {
      if (err instanceof InputError) throw err;
      const code = errCode(err);
      const what =
        code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : `cannot read (${code ?? err})`;
      throw new InputError(what, { location: { file: path }, cause: err });
    }
  }
  return {
    root,
    readText: (path) => read(path, (p) => readFile(p, "utf8")),
    readBytes: (path) => read(path, async (p) => new Uint8Array(await readFile(p))),
    async exists(path) {
      try {
        await stat(inside(path));
        return true;
      } catch {
        return false;
      }
    },
    async size(path) {
      try {
        return (await stat(inside(path))).size;
      } catch {
        return undefined;
      }
    },
    async walk(options = {}) {
      const skip = new Set(options.skipDirs ?? DEFAULT_SKIP);
      const out: string[] = [];
      async function visit(dir: string): Promise<void> {
        let entries: import("node:fs").Dirent[];
        try {
          entries = await readdir(dir, { withFileTypes: true });
        } catch {
          return;
        }
        for (const e of entries) {
          const p = join(dir, e.name);
          if (e.isDirectory()) {
            if (!skip.has(e.name)) await visit(p);
          } else if (e.isFile()) {
            out.push(relative(abs, p).split(sep).join("/"));
          }
        }
      }
      await visit(inside(options.dir ?? "."));
      return out.sort();
    },
    async writeText(path, text) {
      const p = inside(path);
      await mkdir(dirname(p), { recursive: true });
      await writeFile(p, text, "utf8");
    },
  };
}
