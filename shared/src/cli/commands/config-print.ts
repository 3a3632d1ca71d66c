import { stringify } from "yaml";
import type { CommandRun } from "../command.js";

/**
 * `upkeep config print`: the effective configuration (the `_extends` chain merged, schema defaults
 * filled in) as YAML, or JSON with `--format json`. Exit 2 when the configuration has problems.
 */
export const configPrintRun: CommandRun = {
  async run(ctx) {
    const loaded = await ctx.loadConfig();
    if (ctx.format === "json") {
      ctx.stdout(JSON.stringify(loaded.config, null, 2));
      return 0;
    }
    const from = loaded.files.length > 0 ? loaded.files.join(", ") : "no file (defaults only)";
    ctx.stdout(`# effective upkeep configuration from ${from}\n${stringify(loaded.config, { lineWidth: 0 })}`);
    return 0;
  },
};
