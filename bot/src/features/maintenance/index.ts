import { planMaintenance } from "@upkeep/shared/maintenance/planner.js";
import type { Feature } from "../../feature.js";
import { fileWindows } from "../../windows.js";
import { maintenanceSettings } from "./config.js";

/**
 * Maintenance announcements: windows from `.github/maintenance/*.yml` and from `/maintenance` commands
 * (their state lives in the announcement issues). The sweep opens announcements, sends reminders, moves
 * the status and closes them; slash commands are handled in ../../slash-command-handler.ts.
 */
export const maintenanceFeature: Feature = {
  id: "maintenance",
  async sweep(ctx) {
    const { windows, problems } = await fileWindows(ctx.fullName, ctx.files, ctx.now);
    return planMaintenance(windows, ctx.issues, ctx.now, maintenanceSettings(ctx.files.config.config), {
      repo: ctx.fullName,
      filesComplete: problems.length === 0,
    });
  },
};
