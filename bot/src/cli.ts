// Command-line entry of the bot for work without a server:
//   sweep   the time-driven work of every installation repository (a scheduled GitHub Actions workflow)
//   replay  what the bot would do with one webhook delivery (newcomers, debugging)
// Exit codes as everywhere in Upkeep: 0 done, 1 some repository failed (retried next run), 2 usage or setup error.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { describeError, InputError } from "@upkeep/shared/errors.js";
import type { GitHubClient } from "@upkeep/shared/github/client.js";
import type { Logger } from "@upkeep/shared/logger.js";
import { redactingLogger } from "@upkeep/shared/logger.js";
import { renderResults } from "@upkeep/shared/plan/render.js";
import type { Permission } from "@upkeep/shared/slash-commands/types.js";
import { appClientFactory, type ClientSettings, clientWithToken } from "./clients.js";
import { type BotEnv, readBotEnv } from "./env.js";
import { EtagCache } from "./etag-cache.js";
import { features } from "./index.js";
import { readDeliveryFile, replayDelivery } from "./replay.js";
import { loadRepoFilesCache, type RepoFiles, saveRepoFilesCache } from "./repo-files.js";
import { type RepoSweepResult, type SweepDeps, sweepInstallations, sweepRepository } from "./sweep.js";

const USAGE = `usage:
  upkeep-bot sweep [--dry-run] [--repo owner/name]
  upkeep-bot replay <payload.json> [--event issue_comment|push|issues|schedule] [--dry-run] [--permission write] [--now ISO]

sweep authenticates as the App (APP_ID + PRIVATE_KEY or PRIVATE_KEY_PATH: every installation) or with
GITHUB_TOKEN (+ GITHUB_REPOSITORY: that repository only). GHE_HOST/GHE_PROTOCOL or GITHUB_API_URL select
the server; UPKEEP_NOW sets the time; UPKEEP_CACHE_FILE keeps ETags between runs.
replay is offline unless credentials are set; it writes only with credentials and without --dry-run.`;

function stderrLogger(secrets: string[]): Logger {
  const line = (level: string) => (m: string) => process.stderr.write(`${level} ${m}\n`);
  return redactingLogger(
    { debug: () => {}, info: line("info"), warning: line("warn"), error: line("error") },
    () => secrets,
  );
}

function clientSettings(env: BotEnv, cache: EtagCache, logger: Logger): ClientSettings {
  return {
    baseUrl: env.baseUrl,
    writeIntervalMs: env.writeIntervalMs,
    retryAfterScaleMs: env.retryAfterScaleMs,
    cache,
    logger,
  };
}

function summary(r: RepoSweepResult): string {
  if (r.skipped) return `${r.repo}: not due`;
  if (r.error) return `${r.repo}: failed (${describeError(r.error).split("\n")[0]}), retried next run`;
  const count = (o: string) => r.results.filter((x) => x.outcome === o).length;
  if (r.plan.steps.length === 0) return `${r.repo}: nothing to do`;
  return `${r.repo}: ${r.plan.steps.length} step(s): ${count("applied")} applied, ${count("skipped-exists")} already done, ${count("dry-run")} dry-run, ${count("failed")} failed`;
}

async function sweepCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { "dry-run": { type: "boolean" }, repo: { type: "string" } } });
  const env = readBotEnv();
  const secrets = [env.privateKey ?? "", process.env.GITHUB_TOKEN ?? ""].filter(Boolean);
  const logger = stderrLogger(secrets);
  const cache = new EtagCache(env.cacheFile ? { file: env.cacheFile } : {});
  const settings = clientSettings(env, cache, logger);
  const deps: SweepDeps = {
    features,
    clock: env.clock,
    logger,
    filesCache: env.cacheFile ? loadRepoFilesCache(`${env.cacheFile}.files.json`) : new Map<string, RepoFiles>(),
    dryRun: values["dry-run"] ?? false,
  };
  let results: RepoSweepResult[];
  if (env.appId !== undefined && env.privateKey) {
    const factory = appClientFactory({ appId: env.appId, privateKey: env.privateKey }, settings);
    results = await sweepInstallations(factory, deps);
    if (values.repo) results = results.filter((r) => r.repo.toLowerCase() === values.repo?.toLowerCase());
  } else if (process.env.GITHUB_TOKEN) {
    const name = values.repo ?? process.env.GITHUB_REPOSITORY;
    const [owner, repo] = (name ?? "").split("/");
    if (!owner || !repo) throw new InputError("GITHUB_TOKEN needs GITHUB_REPOSITORY (or --repo owner/name)");
    results = [await sweepRepository(clientWithToken(process.env.GITHUB_TOKEN, settings), { owner, name: repo }, deps)];
  } else {
    throw new InputError("no credentials: set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH), or GITHUB_TOKEN", {
      hint: "see docs/bot.md, 'Running in GitHub Actions'",
    });
  }
  for (const r of results) {
    process.stdout.write(`${summary(r)}\n`);
    if (deps.dryRun && r.plan.steps.length > 0) process.stdout.write(`${renderResults(r.results)}\n`);
  }
  process.stdout.write(
    `swept ${results.length} repositories; ${cache.stats.notModified} reads answered 304 (not counted), ${cache.stats.fetched} fetched\n`,
  );
  cache.save();
  if (env.cacheFile) saveRepoFilesCache(`${env.cacheFile}.files.json`, deps.filesCache);
  return results.some((r) => r.error !== undefined || r.results.some((x) => x.outcome === "failed")) ? 1 : 0;
}

async function replayCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      event: { type: "string" },
      "dry-run": { type: "boolean" },
      permission: { type: "string" },
      now: { type: "string" },
    },
  });
  const file = positionals[0];
  if (!file) throw new InputError("replay needs a payload file", { hint: USAGE });
  const env = readBotEnv(values.now ? { ...process.env, UPKEEP_NOW: values.now } : process.env);
  const logger = stderrLogger([env.privateKey ?? "", process.env.GITHUB_TOKEN ?? ""].filter(Boolean));
  // pnpm and npm run scripts inside bot/; INIT_CWD is where the user typed the command.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const delivery = readDeliveryFile(resolve(cwd, file));
  const payload = delivery.payload as {
    repository?: { owner?: { login?: string }; name?: string };
    installation?: { id?: number };
  };
  const settings = clientSettings(env, new EtagCache(), logger);
  let client: GitHubClient | undefined;
  if (env.appId !== undefined && env.privateKey && payload.installation?.id) {
    client = await appClientFactory({ appId: env.appId, privateKey: env.privateKey }, settings).installation(
      payload.installation.id,
    );
  } else if (process.env.GITHUB_TOKEN) {
    client = clientWithToken(process.env.GITHUB_TOKEN, settings);
  }
  const event = values.event ?? delivery.event;
  const { text } = await replayDelivery({
    payload: delivery.payload,
    ...(event ? { event } : {}),
    now: env.clock.now(),
    features,
    logger,
    ...(client ? { client } : {}),
    apply: client !== undefined && !values["dry-run"],
    root: cwd,
    ...(values.permission ? { permission: values.permission as Permission } : {}),
  });
  process.stdout.write(text);
  return 0;
}

/** Runs the CLI with `argv` (without node and the script); resolves with the exit code. Never throws. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "sweep") return await sweepCommand(rest);
    if (command === "replay") return await replayCommand(rest);
    process.stderr.write(`${USAGE}\n`);
    return command === "--help" || command === "-h" ? 0 : 2;
  } catch (error) {
    process.stderr.write(`error: ${describeError(error)}\n`);
    return error instanceof InputError || error instanceof TypeError ? 2 : 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
