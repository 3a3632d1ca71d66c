// What `upkeep` needs to list and parse this command; its code is in config-print.ts, imported when it runs.
import { type CliCommand, lazyRun } from "../command.js";

export const configPrintCommand: CliCommand = {
  name: "config print",
  description: "print the effective configuration (defaults and _extends applied) as YAML",
  configure() {},
  run: lazyRun(
    () => import("./config-print.js"),
    (m) => m.configPrintRun,
  ),
};
