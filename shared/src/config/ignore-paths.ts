/**
 * Paths that discovery leaves out by default, as Renovate's `ignorePaths` does: dependencies installed
 * into the tree, and test data, fixtures and examples, which are not what a project ships or publishes.
 * Both patch-check (lockfiles, runtime declarations) and drift-check (Markdown docs) use them; each says how
 * many files they left out, and `patch.ignorePaths` / `drift.ignorePaths` replace them (`[]` checks
 * everything). The same list is the schema's default for both keys (a test keeps them equal).
 */
export const DEFAULT_IGNORE_PATHS: readonly string[] = [
  "**/node_modules/**",
  "**/vendor/**",
  "**/test/**",
  "**/tests/**",
  "**/__tests__/**",
  "**/__fixtures__/**",
  "**/fixtures/**",
  "**/testdata/**",
  "**/examples/**",
];
