export * from "./checklist.js";
export * from "./history.js";
export * from "./planner.js";
