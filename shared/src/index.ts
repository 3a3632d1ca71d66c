export * from "./errors.js";
export * from "./logger.js";
export * from "./ports.js";
export * from "./report/model.js";
export * from "./version.js";
