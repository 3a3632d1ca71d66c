import type { SectionType } from "./types.js";

/**
 * The conventionalcommits preset's sections, in its order: shown `feat`/`feature` (Features), `fix`
 * (Bug Fixes), `perf` (Performance Improvements), `revert` (Reverts); hidden `docs`, `style`, `chore`,
 * `refactor`, `test`, `build`, `ci` (shown only when they carry a breaking change).
 */
export const DEFAULT_TYPES: readonly SectionType[] = [
  { type: "feat", section: "Features" },
  { type: "feature", section: "Features" },
  { type: "fix", section: "Bug Fixes" },
  { type: "perf", section: "Performance Improvements" },
  { type: "revert", section: "Reverts" },
  { type: "docs", section: "Documentation", hidden: true },
  { type: "style", section: "Styles", hidden: true },
  { type: "chore", section: "Miscellaneous Chores", hidden: true },
  { type: "refactor", section: "Code Refactoring", hidden: true },
  { type: "test", section: "Tests", hidden: true },
  { type: "build", section: "Build System", hidden: true },
  { type: "ci", section: "Continuous Integration", hidden: true },
];
