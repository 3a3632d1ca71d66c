import { InputError } from "../errors.js";
import type { FileSystemPort, GitPort } from "../ports.js";

/**
 * A read-only FileSystemPort over one git ref: what the repository held at `ref` (for PR mode, where
 * the base branch's lockfiles are compared with the head's without any dependency-graph API).
 * Writing throws InputError.
 */
export function gitRefFileSystem(git: GitPort, ref: string, label = ref): FileSystemPort {
  let listing: Promise<string[]> | undefined;
  const list = () => {
    listing ??= git
      .run(["ls-tree", "-r", "--name-only", "-z", ref])
      .then((out) => out.split("\0").filter(Boolean).sort());
    return listing;
  };
  async function text(path: string): Promise<string> {
    const t = await git.show(ref, path);
    if (t === undefined) throw new InputError(`no such file at ${label}`, { location: { file: path } });
    return t;
  }
  return {
    root: label,
    readText: text,
    readBytes: async (path) => new TextEncoder().encode(await text(path)),
    exists: async (path) => (await list()).includes(path),
    size: async (path) => {
      const t = await git.show(ref, path);
      return t === undefined ? undefined : Buffer.byteLength(t);
    },
    async walk(options = {}) {
      const skip = options.skipDirs ?? ["node_modules", "vendor", ".git"];
      const raw = (options.dir ?? ".").replace(/^\.\//, "").replace(/\/$/, "");
      const dir = raw === "." ? "" : raw;
      return (await list()).filter(
        (p) =>
          (!dir || p.startsWith(`${dir}/`)) &&
          !p
            .split("/")
            .slice(0, -1)
            .some((s) => skip.includes(s)),
      );
    },
    async writeText() {
      throw new InputError(`cannot write to git ref ${label}`);
    },
  };
}
