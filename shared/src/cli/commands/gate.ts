import { parseDuration } from "../../calendar/duration.js";
import { activeWindow } from "../../calendar/window.js";
import { clockFromEnv } from "../../environment.js";
import { InputError } from "../../errors.js";
import { gateJson, renderGateMarkdown, renderGateText } from "../../gate/render.js";
import { runGate } from "../../gate/run.js";
import { resolveGateSettings } from "../../gate/settings.js";
import { gateWindows } from "../../gate/windows.js";
import { createGitHubClient } from "../../github/client.js";
import { nodeFileSystem } from "../../io/node-fs.js";
import { type CommandRun, EXIT_PASS, EXIT_VIOLATION, resolveFromCwd } from "../command.js";

function list(value: unknown): string[] | undefined {
  if (typeof value !== "string") return undefined;
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * `upkeep gate --sha <sha> --environment production [--requires staging] [--soak 30m] [--checks
 * all|required|none] [--probe <url>]... [--wait 20m] [--repo owner/name] [--api-url <url>]`: evaluates the
 * staging gate (issue 11) against GitHub with `GITHUB_TOKEN`, reading `gate:` from the config and the
 * windows of `.github/maintenance/*.yml` under `--dir`. Exit 0 approve (or a dry run), 1 reject or still
 * pending when `--wait` ends, 2 usage/config/GitHub error.
 */
export const gateRun: CommandRun = {
  async run(ctx, _args, options) {
    if (ctx.format === "sarif")
      throw new InputError("upkeep gate prints text, json or markdown", { hint: "use --format json" });
    const repoName = typeof options.repo === "string" ? options.repo : ctx.env.GITHUB_REPOSITORY;
    const m = repoName ? /^([\w.-]+)\/([\w.-]+)$/.exec(repoName) : null;
    if (!m)
      throw new InputError(`--repo "${repoName ?? ""}" is not owner/name`, {
        hint: "pass --repo acme/app (or set GITHUB_REPOSITORY)",
      });
    const sha = typeof options.sha === "string" ? options.sha : ctx.env.GITHUB_SHA;
    if (!sha) throw new InputError("no commit given", { hint: "pass --sha <40-character SHA> (or set GITHUB_SHA)" });
    const checks = options.checks;
    if (checks !== undefined && checks !== "all" && checks !== "required" && checks !== "none") {
      throw new InputError(`--checks "${String(checks)}" is not all, required or none`, {
        hint: "e.g. --checks required",
      });
    }
    const runIdText =
      typeof options.runId === "string"
        ? options.runId
        : ctx.env.GITHUB_ACTIONS === "true"
          ? ctx.env.GITHUB_RUN_ID
          : undefined;
    const runId = runIdText ? Number(runIdText) : undefined;
    if (runId !== undefined && !Number.isSafeInteger(runId))
      throw new InputError(`--run-id "${runIdText}" is not a number`, { hint: "e.g. --run-id 123456789" });
    const actor = typeof options.actor === "string" ? options.actor : ctx.env.GITHUB_ACTOR;
    const reason = typeof options.overrideFreeze === "string" ? options.overrideFreeze : undefined;
    if (reason !== undefined && !actor)
      throw new InputError("--override-freeze needs to know who overrides", {
        hint: "pass --actor <login> (or set GITHUB_ACTOR)",
      });

    const loaded = await ctx.loadConfig();
    const config = loaded.config.gate;
    const settings = resolveGateSettings(config, {
      sha,
      ...(typeof options.environment === "string" ? { environment: options.environment } : {}),
      ...(list(options.requires) ? { requires: list(options.requires)! } : {}),
      ...(typeof options.soak === "string" ? { soak: options.soak } : {}),
      ...(checks ? { checks: checks as "all" | "required" | "none" } : {}),
      ...(Array.isArray(options.ignoreCheck) ? { ignoreChecks: options.ignoreCheck as string[] } : {}),
      ...(Array.isArray(options.probe) ? { probes: options.probe as string[] } : {}),
      ...(typeof options.digest === "string" ? { digest: options.digest } : {}),
      ...(runId !== undefined ? { runId } : {}),
      ...(reason !== undefined ? { override: { by: actor!, source: "input" as const, reason } } : {}),
      ...(options.dryRun === true ? { dryRun: true } : {}),
      ...(options.recordEvidence === false ? { recordEvidence: false } : {}),
    });
    const waitMs = typeof options.wait === "string" ? parseDuration(options.wait) : 0;
    const pollMs = parseDuration(typeof options.poll === "string" ? options.poll : config.pollInterval);

    const clock = clockFromEnv(ctx.env);
    const token = ctx.env.GITHUB_TOKEN ?? ctx.env.GH_TOKEN;
    const client = createGitHubClient({
      ...(token ? { token } : {}),
      baseUrl:
        typeof options.apiUrl === "string" ? options.apiUrl : (ctx.env.GITHUB_API_URL ?? "https://api.github.com"),
      logger: ctx.logger,
    });
    const repo = { owner: m[1]!, name: m[2]! };
    const root = resolveFromCwd(ctx, typeof options.dir === "string" ? options.dir : ".");
    const windows = await gateWindows({
      fs: nodeFileSystem(root),
      maintenance: loaded.config.maintenance,
      now: clock.now(),
      client,
      repo,
    });
    ctx.logger.debug(`gate: ${windows.length} window(s); active: ${activeWindow(windows, clock.now())?.id ?? "none"}`);
    const result = await runGate({
      client,
      repo,
      settings,
      clock,
      logger: ctx.logger,
      windows,
      waitMs,
      pollMs,
    });
    if (ctx.format === "json") ctx.stdout(`${JSON.stringify(gateJson(result), null, 2)}\n`);
    else if (ctx.format === "markdown") ctx.stdout(renderGateMarkdown(result));
    else ctx.stdout(renderGateText(result));
    return result.decision === "approve" ? EXIT_PASS : EXIT_VIOLATION;
  },
};
