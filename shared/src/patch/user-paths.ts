// Where a patch-check run reads: paths the user gives are the user's. A folder outside the current one is
// scanned as the project, and an OSV database outside the project is read where it is. The CLI and the
// action both place their runs here, so `--osv-dir ../osv` and the `osv-dir: ../osv` input mean the same.
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, relative, resolve } from "node:path";
import { InputError } from "../errors.js";
import type { PatchOverrides } from "./setup.js";

/** Where to scan and where to read the offline OSV database. */
export interface ScanPlace {
  /** The folder scanned as the project (absolute). */
  root: string;
  /** `overrides` with `paths` relative to `root` (dropped when the folder given became `root`) and `osvDir`
   *  relative to `root`, or to `osvRoot` when the database lies outside it. */
  overrides: PatchOverrides;
  /** The folder to read the OSV database from (absolute) when `osvDir` lies outside `root`; `osvDir` is then
   *  its file or folder name. Undefined when the database is inside `root` or not given. */
  osvRoot?: string;
}

function isOutside(base: string, abs: string): boolean {
  const rel = relative(base, abs);
  return rel.startsWith("..") || isAbsolute(rel);
}

/**
 * Places a run started in `cwd` (absolute): when `overrides.paths` is one folder outside `cwd`, that folder
 * becomes the project scanned; an `overrides.osvDir` (`~` is the home folder) outside the project is read
 * where it is. Everything inside `cwd` is left as it is. `isDirectory` tells whether an absolute path is a
 * folder (the shell's filesystem).
 * @throws InputError when `paths` lead outside `cwd` other than as one folder; the message names them and
 *   `hint` says what to do instead
 */
export function placeScan(
  cwd: string,
  overrides: PatchOverrides,
  isDirectory: (abs: string) => boolean,
  hint: string,
): ScanPlace {
  const next: PatchOverrides = { ...overrides };
  let root = resolve(cwd);
  const paths = overrides.paths ?? [];
  const outside = paths.filter((p) => isOutside(root, resolve(root, p)));
  if (outside.length > 0) {
    const only = paths.length === 1 ? resolve(root, paths[0] as string) : undefined;
    if (!only || !isDirectory(only)) {
      throw new InputError(`${outside.join(", ")} is outside ${root}`, { hint });
    }
    root = only;
    delete next.paths;
  }
  if (overrides.osvDir === undefined) return { root, overrides: next };
  const abs = resolve(cwd, overrides.osvDir.replace(/^~(?=$|\/)/, homedir()));
  if (isOutside(root, abs)) {
    return { root, overrides: { ...next, osvDir: basename(abs) }, osvRoot: dirname(abs) };
  }
  return { root, overrides: { ...next, osvDir: relative(root, abs) || "." } };
}
