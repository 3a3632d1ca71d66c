// Types for scripts/build.mjs, so TypeScript tests can import its build functions.

/** One bundle `pnpm build` produces. */
export interface BuildTarget {
  label: string;
  entry: string;
  outDir: string;
  filename: string;
  committed: boolean;
}

/**
 * Every action with src/index.ts under `actionsDir` (default `<root>/actions`; committed, checked by --check)
 * and, for the default folder, the CLI bundle when its entry exists.
 */
export function buildTargets(actionsDir?: string): BuildTarget[];

/**
 * Bundles `srcEntry` with ncc into `outDir` as an ES module (index.js, licenses.txt, package.json), in a
 * child process started in the repository root. Empties `outDir` first.
 * @throws {Error} when the entry is outside the repository or the bundle fails
 */
export function buildAction(srcEntry: string, outDir: string, options?: { filename?: string }): Promise<string[]>;
