/** The changelog engine: versions and release notes from Conventional Commits, and changelog drift. */
export * from "./changelog-file.js";
export * from "./drift.js";
export * from "./git-history.js";
export * from "./next-version.js";
export * from "./parse-commit.js";
export * from "./render.js";
export * from "./repo-url.js";
export * from "./repository.js";
export * from "./section-types.js";
export * from "./tags.js";
export type * from "./types.js";
