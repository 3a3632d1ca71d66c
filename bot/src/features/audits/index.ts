import type { Feature } from "../../feature.js";

/** Recurring audits (engine: shared/src/audits). */
export const auditsFeature: Feature = { id: "audits" };
