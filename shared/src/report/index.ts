/** The report model and every renderer, for shells that want one import. */
export * from "./annotations.js";
export * from "./json.js";
export * from "./markdown.js";
export * from "./model.js";
export * from "./order.js";
export * from "./pr-comment.js";
export * from "./render.js";
export * from "./sarif.js";
export * from "./text.js";
