import * as core from "@actions/core";
import { loadActionConfig } from "@upkeep/action-kit/config.js";
import { fromInput } from "@upkeep/action-kit/inputs.js";
import { actionFolders, lazyGitHubClient, runAction } from "@upkeep/action-kit/run.js";
import { parseDuration } from "@upkeep/shared/calendar/duration.js";
import { clockFromEnv } from "@upkeep/shared/environment.js";
import { InputError } from "@upkeep/shared/errors.js";
import { gateJson, gateReasons, renderGateMarkdown } from "@upkeep/shared/gate/render.js";
import { runGate } from "@upkeep/shared/gate/run.js";
import { resolveGateSettings } from "@upkeep/shared/gate/settings.js";
import { gateWindows } from "@upkeep/shared/gate/windows.js";
import { nodeFileSystem } from "@upkeep/shared/io/node-fs.js";
import type { Logger } from "@upkeep/shared/logger.js";
import { readInputs, type StagingGateInputs } from "./inputs.js";

async function check(inputs: StagingGateInputs, logger: Logger, env: NodeJS.ProcessEnv): Promise<true | string> {
  const [owner = "", name = ""] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !name) throw new InputError("GITHUB_REPOSITORY is not set", { hint: "run the action in a workflow" });
  if (!inputs.token) throw new InputError("input token is empty", { hint: "leave token out to use github.token" });
  if (inputs.overrideReason && !env.GITHUB_ACTOR) {
    throw new InputError("override-freeze needs GITHUB_ACTOR (who overrides)", {
      hint: "run the action in a workflow",
    });
  }
  const { root } = actionFolders(env, inputs.workingDirectory);
  const github = lazyGitHubClient(inputs.token, logger, env);
  const loaded = await loadActionConfig({
    root,
    path: inputs.config,
    client: github,
    repository: `${owner}/${name}`,
    logger,
  });
  const runId = env.GITHUB_RUN_ID ? Number(env.GITHUB_RUN_ID) : undefined;
  const settings = fromInput("sha", () =>
    resolveGateSettings(loaded.config.gate, {
      ...inputs.overrides,
      ...(runId !== undefined && Number.isSafeInteger(runId) ? { runId } : {}),
      ...(inputs.overrideReason
        ? { override: { by: env.GITHUB_ACTOR!, source: "input" as const, reason: inputs.overrideReason } }
        : {}),
    }),
  );
  const clock = clockFromEnv(env);
  const windows = await gateWindows({
    fs: nodeFileSystem(root),
    maintenance: loaded.config.maintenance,
    now: clock.now(),
    client: github()!,
    repo: { owner, name },
  });

  const result = await runGate({
    client: github()!,
    repo: { owner, name },
    settings,
    clock,
    logger,
    windows,
    waitMs: inputs.waitMs,
    pollMs: parseDuration(loaded.config.gate.pollInterval),
  });
  await core.summary.addRaw(renderGateMarkdown(result), true).write();
  const reasons = gateReasons(result);
  core.setOutput("verdict", result.verdict);
  core.setOutput("decision", result.decision);
  core.setOutput("reasons", reasons.join("\n"));
  core.setOutput("result", JSON.stringify(gateJson(result)));
  logger.info(
    `staging gate: ${result.verdict}${result.dryRun ? " (dry run)" : ""} after ${result.calls} GitHub requests`,
  );
  return (
    result.decision === "approve" ||
    `${result.verdict === "pending" ? "still pending" : "rejected"}: ${reasons.join("; ")}`
  );
}

/**
 * The action: evaluates the staging gate for the commit (waiting up to `wait` while a rule is pending),
 * writes the job summary table and the outputs `verdict`, `decision`, `reasons` and `result`, and fails the
 * step unless the decision is approve. Never throws: input, config and GitHub errors end in core.setFailed.
 */
export function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return runAction("staging-gate", { readInputs, check }, env);
}
