/** drift-check: the pull-request gate and the docs drift detectors. */
export * from "./engine.js";
export * from "./findings.js";
export * from "./markdown.js";
export * from "./pr/conventional.js";
export * from "./pr/gate.js";
export * from "./pr/release-preview.js";
export * from "./reference.js";
export * from "./registry.js";
export type * from "./types.js";
export * from "./workspace.js";
