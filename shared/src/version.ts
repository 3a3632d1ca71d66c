/** Upkeep's own version, shown by `upkeep --version` and written into every report. */
export const UPKEEP_VERSION = "0.1.0";
