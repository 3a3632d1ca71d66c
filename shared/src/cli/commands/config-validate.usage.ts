// What `upkeep` needs to list and parse this command; its code is in config-validate.ts, imported when it runs.
import { DEFAULT_CONFIG_PATH } from "../../config/default-path.js";
import { type CliCommand, lazyRun } from "../command.js";

export const configValidateCommand: CliCommand = {
  name: "config validate",
  description: "check .github/upkeep.yml (or [file]) against the schema; problems as file:line:col",
  configure(cmd) {
    cmd.argument("[file]", `configuration file (default: --config, else ${DEFAULT_CONFIG_PATH})`);
  },
  run: lazyRun(
    () => import("./config-validate.js"),
    (m) => m.configValidateRun,
  ),
};
