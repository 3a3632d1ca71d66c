// Types for scripts/build.mjs, so TypeScript tests can import its build functions.

/** One bundle `pnpm build` produces. */
export interface BuildTarget {
  label: string;
  entry: string;
  outDir: string;
  filename: string;
  committed: boolean;
  /** The CLI: what the entry loads with `import()` goes into chunks under `chunks/`. */
  splitting?: boolean;
}

/**
 * Every action with src/index.ts under `actionsDir` (default `<root>/actions`; committed, checked by --check)
 * and, for the default folder, the CLI bundle when its entry exists.
 */
export function buildTargets(actionsDir?: string): BuildTarget[];

/**
 * Bundles `srcEntry` with esbuild into `outDir` as one ES module for Node 24 (index.js or `filename`,
 * licenses.txt, package.json; with `splitting`, what it loads with `import()` as chunks/*.js). The
 * configuration schema's validator is compiled at build time. Empties `outDir` first. Returns the written
 * files, sorted.
 * @throws {Error} when the bundle fails, e.g. an import that cannot be resolved
 */
export function buildAction(
  srcEntry: string,
  outDir: string,
  options?: { filename?: string; splitting?: boolean },
): Promise<string[]>;
