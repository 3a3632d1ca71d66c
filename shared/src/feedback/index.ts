export * from "./classify.js";
export * from "./csv.js";
export * from "./default-model.js";
export * from "./evaluate.js";
export * from "./features.js";
export * from "./history.js";
export * from "./model.js";
export * from "./train.js";
