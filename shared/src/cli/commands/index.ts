import type { CliCommand } from "../command.js";
import { configPrintCommand } from "./config-print.js";
import { configValidateCommand } from "./config-validate.js";

/** Every `upkeep` command. To add one: import it and append it here (names may be `parent child`). */
export const commands: CliCommand[] = [configValidateCommand, configPrintCommand];
