import type { Feature } from "../../feature.js";

/**
 * Incidents: `/incident open|update|resolve` (handled in ../../slash-command-handler.ts). Incidents have no time-driven
 * work, so the sweep plans nothing for them.
 */
export const incidentsFeature: Feature = { id: "incidents" };
