export * from "./client.js";
export * from "./errors.js";
export * from "./markers.js";
export * from "./sticky-comment.js";
