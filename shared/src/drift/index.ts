/** drift-check: the docs drift detectors (the pull-request gate is shared/src/pr-gate). */
export * from "./engine.js";
export * from "./findings.js";
export * from "./markdown.js";
export * from "./reference.js";
export * from "./registry.js";
export type * from "./types.js";
export * from "./workspace.js";
