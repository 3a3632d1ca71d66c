import type { UpkeepConfig } from "@upkeep/shared/config/types.js";
import type { MaintenancePlanConfig } from "@upkeep/shared/maintenance/planner.js";

/** The maintenance settings the planner reads, from the repository's loaded config (defaults filled). */
export function maintenanceSettings(config: UpkeepConfig): MaintenancePlanConfig & { timezone: string } {
  const m = config.maintenance;
  return { reminders: m.reminders, label: m.label, pin: m.pin, timezone: m.timezone };
}
