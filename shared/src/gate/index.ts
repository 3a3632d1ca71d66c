export * from "./engine.js";
export * from "./freeze-windows.js";
export * from "./github.js";
export * from "./registry.js";
export * from "./render.js";
export * from "./run.js";
export * from "./settings.js";
export * from "./staging.js";
export type * from "./types.js";
