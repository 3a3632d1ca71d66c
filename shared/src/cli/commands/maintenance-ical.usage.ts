// What `upkeep` needs to list and parse this command; its code is in maintenance-ical.ts, imported when it runs.
import { type CliCommand, lazyRun } from "../command.js";

export const maintenanceIcalCommand: CliCommand = {
  name: "maintenance ical",
  description: "print the iCal feed (RFC 5545) of the maintenance and freeze windows in .github/maintenance/*.yml",
  configure(cmd) {
    cmd
      .option("--repo <owner/name>", "repository the feed is for (calendar name and event UIDs)")
      .option("--dir <path>", "repository root holding .github/maintenance", ".");
  },
  run: lazyRun(
    () => import("./maintenance-ical.js"),
    (m) => m.maintenanceIcalRun,
  ),
};
