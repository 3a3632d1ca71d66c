/** The pull-request gate: changelog entry, Conventional Commits title and commits, release preview. */
export * from "./changed-files.js";
export * from "./conventional.js";
export * from "./gate.js";
export * from "./release-preview.js";
export * from "./run.js";
