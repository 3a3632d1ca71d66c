export * from "./duration.js";
export * from "./ical.js";
export * from "./periods.js";
export * from "./window.js";
export * from "./zoned-time.js";
