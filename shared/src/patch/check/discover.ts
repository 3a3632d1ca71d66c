/** Which files patch-check reads: every lockfile a manager knows, below the paths the user named. */
import picomatch from "picomatch";
import { InputError } from "../../errors.js";
import type { FileSystemPort } from "../../ports.js";
import { managerForFile, managers } from "../managers/registry.js";
import type { Manager, SkippedEntry } from "../types.js";

function baseName(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}

/**
 * Lockfiles to scan: every file a manager reads below the given paths (default: the whole tree; a
 * walk never enters node_modules, vendor or .git). A named file no manager reads is an InputError; a
 * file matched by `exclude` is listed in `skipped`.
 */
export async function discoverLockfiles(
  fs: FileSystemPort,
  paths: readonly string[] | undefined,
  exclude: readonly string[] = [],
): Promise<{ files: Array<{ file: string; manager: Manager }>; skipped: SkippedEntry[] }> {
  const excluded = exclude.length ? picomatch([...exclude], { dot: true }) : () => false;
  const candidates: string[] = [];
  for (const raw of paths?.length ? paths : ["."]) {
    const p = raw.replace(/^\.\//, "").replace(/\/+$/, "") || ".";
    const under = await fs.walk({ dir: p });
    if (under.length > 0 || p === ".") {
      candidates.push(...under);
      continue;
    }
    if (!(await fs.exists(p))) throw new InputError("no such file or folder", { location: { file: p } });
    if (!managerForFile(baseName(p))) {
      const supported = [...new Set([...managers.values()].flatMap((m) => m.fileNames))].join(", ");
      throw new InputError(`not a lockfile patch-check reads (it reads: ${supported})`, { location: { file: p } });
    }
    candidates.push(p);
  }
  const out: Array<{ file: string; manager: Manager }> = [];
  const skipped: SkippedEntry[] = [];
  for (const file of [...new Set(candidates)].sort()) {
    const manager = managerForFile(baseName(file));
    if (!manager) continue;
    if (excluded(file)) {
      skipped.push({ file, reason: "excluded by configuration" });
      continue;
    }
    out.push({ file, manager });
  }
  return { files: out, skipped };
}
