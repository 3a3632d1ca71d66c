export * from "./files.js";
export * from "./planner.js";
export * from "./render.js";
export * from "./slash-command-plans.js";
export * from "./state.js";
