/** Which files patch-check reads: every lockfile a manager knows, below the paths the user named. */
import picomatch from "picomatch";
import { DEFAULT_IGNORE_PATHS } from "../../config/ignore-paths.js";
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
 * file matched by `exclude` is listed in `skipped`. Files a walk finds under `ignorePaths` (default
 * {@link DEFAULT_IGNORE_PATHS}: tests, fixtures, examples...) are left out and returned in `ignored`, so
 * the report can say how many; a file named in `paths` itself is always scanned.
 */
export async function discoverLockfiles(
  fs: FileSystemPort,
  paths: readonly string[] | undefined,
  exclude: readonly string[] = [],
  ignorePaths: readonly string[] = DEFAULT_IGNORE_PATHS,
): Promise<{ files: Array<{ file: string; manager: Manager }>; skipped: SkippedEntry[]; ignored: string[] }> {
  const excluded = exclude.length ? picomatch([...exclude], { dot: true }) : () => false;
  const isIgnored = ignorePaths.length ? picomatch([...ignorePaths], { dot: true }) : () => false;
  const named = new Set<string>();
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
    named.add(p);
  }
  const out: Array<{ file: string; manager: Manager }> = [];
  const skipped: SkippedEntry[] = [];
  const ignored: string[] = [];
  for (const file of [...new Set(candidates)].sort()) {
    const manager = managerForFile(baseName(file));
    if (!manager) continue;
    if (excluded(file)) {
      skipped.push({ file, reason: "excluded by configuration" });
      continue;
    }
    if (!named.has(file) && isIgnored(file)) {
      ignored.push(file);
      continue;
    }
    out.push({ file, manager });
  }
  return { files: out, skipped, ignored };
}
