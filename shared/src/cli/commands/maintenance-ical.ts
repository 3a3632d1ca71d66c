import { icalFeed } from "../../calendar/ical.js";
import { clockFromEnv } from "../../environment.js";
import { ConfigError, InputError } from "../../errors.js";
import { nodeFileSystem } from "../../io/node-fs.js";
import { loadMaintenanceWindows } from "../../maintenance/files.js";
import { type CommandRun, EXIT_PASS, resolveFromCwd } from "../command.js";

/**
 * `upkeep maintenance ical [--repo owner/name] [--dir .]`: prints the RFC 5545 feed of the windows in
 * `<dir>/.github/maintenance/*.yml` (local files, no API). Times without an offset are read in the
 * config's `maintenance.timezone`. Exit 2 (ConfigError) when a window file has problems, each listed
 * with file:line:col.
 */
export const maintenanceIcalRun: CommandRun = {
  async run(ctx, _args, options) {
    const repo = typeof options.repo === "string" ? options.repo : ctx.env.GITHUB_REPOSITORY;
    if (repo !== undefined && !/^[\w.-]+\/[\w.-]+$/.test(repo)) {
      throw new InputError(`--repo "${repo}" is not owner/name`, { hint: "e.g. --repo acme/app" });
    }
    const config = (await ctx.loadConfig()).config.maintenance;
    const root = resolveFromCwd(ctx, typeof options.dir === "string" ? options.dir : ".");
    const now = clockFromEnv(ctx.env).now();
    const { windows, problems } = await loadMaintenanceWindows(nodeFileSystem(root), {
      timezone: config.timezone,
      now,
    });
    if (problems.length > 0) throw new ConfigError(problems, { hint: "fix the window files, then run again" });
    ctx.logger.debug(`${windows.length} window(s) from ${root}/.github/maintenance`);
    const [owner, name] = repo ? repo.split("/") : [];
    ctx.stdout(
      icalFeed(windows, {
        now,
        ...(repo ? { name: `${repo} maintenance`, uidDomain: `${name}.${owner}.upkeep`.toLowerCase() } : {}),
      }),
    );
    return EXIT_PASS;
  },
};
