import type { CliCommand } from "../command.js";
import { auditsReportCommand } from "./audits-report.usage.js";
import { backupVerifyCommand } from "./backup-verify.usage.js";
import { changelogCheckCommand, changelogCommand, changelogNextCommand } from "./changelog.usage.js";
import { configPrintCommand } from "./config-print.usage.js";
import { configValidateCommand } from "./config-validate.usage.js";
import { driftCheckCommand, driftCheckPrCommand } from "./drift-check.usage.js";
import {
  feedbackClassifyCommand,
  feedbackDigestCommand,
  feedbackEvalCommand,
  feedbackTrainCommand,
} from "./feedback.usage.js";
import { gateCommand } from "./gate.usage.js";
import { maintenanceIcalCommand } from "./maintenance-ical.usage.js";
import { patchCheckCommand } from "./patch-check.usage.js";

/**
 * Every `upkeep` command. To add one: describe its name, options and arguments in `<name>.usage.ts` with
 * `run: lazyRun(() => import("./<name>.js"), ...)`, its code in `<name>.ts`, and append it here (names may be
 * `parent child`). Only the usage files are loaded up front (docs/design.md, "How the CLI loads its commands").
 */
export const commands: CliCommand[] = [
  configValidateCommand,
  configPrintCommand,
  patchCheckCommand,
  changelogCommand,
  changelogNextCommand,
  changelogCheckCommand,
  driftCheckCommand,
  driftCheckPrCommand,
  maintenanceIcalCommand,
  auditsReportCommand,
  gateCommand,
  backupVerifyCommand,
  feedbackTrainCommand,
  feedbackClassifyCommand,
  feedbackEvalCommand,
  feedbackDigestCommand,
];
