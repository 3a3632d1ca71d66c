export * from "./commands.js";
export * from "./files.js";
export * from "./planner.js";
export * from "./render.js";
export * from "./state.js";
