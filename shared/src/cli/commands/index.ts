import type { CliCommand } from "../command.js";
import { auditsReportCommand } from "./audits-report.js";
import { backupVerifyCommand } from "./backup-verify.js";
import { changelogCheckCommand, changelogCommand, changelogNextCommand } from "./changelog.js";
import { configPrintCommand } from "./config-print.js";
import { configValidateCommand } from "./config-validate.js";
import { driftCheckCommand, driftCheckPrCommand } from "./drift-check.js";
import {
  feedbackClassifyCommand,
  feedbackDigestCommand,
  feedbackEvalCommand,
  feedbackTrainCommand,
} from "./feedback.js";
import { gateCommand } from "./gate.js";
import { maintenanceIcalCommand } from "./maintenance-ical.js";
import { patchCheckCommand } from "./patch-check.js";

/** Every `upkeep` command. To add one: import it and append it here (names may be `parent child`). */
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
