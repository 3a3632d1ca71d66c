export * from "./backend.js";
export * from "./execute.js";
export * from "./payload.js";
export * from "./render.js";
export * from "./types.js";
