/** The backup-verify engine: one import for shells. */
export * from "./checksums.js";
export * from "./coverage.js";
export * from "./encryption.js";
export * from "./engine.js";
export * from "./one-pass.js";
export * from "./render.js";
export * from "./retention.js";
export * from "./rules.js";
export * from "./series.js";
export * from "./settings.js";
export type * from "./types.js";
