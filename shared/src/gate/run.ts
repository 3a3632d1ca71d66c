import type { CalendarWindow } from "../calendar/window.js";
import type { GitHubClient } from "../github/client.js";
import type { Logger } from "../logger.js";
import type { Clock, FetchPort } from "../ports.js";
import { evaluateGate, waitForVerdict } from "./engine.js";
import { attachConditionalRequests, restGateGitHub } from "./github.js";
import type { GateResult, GateSettings } from "./types.js";

/** Options of {@link runGate}. */
export interface RunGateOptions {
  client: GitHubClient;
  repo: { owner: string; name: string };
  settings: GateSettings;
  clock: Clock;
  logger: Logger;
  windows?: readonly CalendarWindow[];
  fetch?: FetchPort;
  /** Keep re-evaluating while pending, up to this many ms. Default 0 (one evaluation). */
  waitMs?: number;
  /** Shortest pause between evaluations while waiting. Default 15,000 ms. */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * What the action and the CLI run: one evaluation, or with `waitMs` re-evaluations (conditional
 * requests, progress logged) until the verdict is final or the time is up. Throws what evaluateGate
 * throws.
 */
export async function runGate(options: RunGateOptions): Promise<GateResult> {
  attachConditionalRequests(options.client);
  const deps = {
    github: restGateGitHub(options.client, options.repo),
    clock: options.clock,
    logger: options.logger,
    ...(options.windows ? { windows: options.windows } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  };
  if (!options.waitMs || options.waitMs <= 0) return evaluateGate(options.settings, deps);
  return waitForVerdict(options.settings, deps, {
    maxWaitMs: options.waitMs,
    minIntervalMs: options.pollMs ?? 15_000,
    onPending: (result, attempt) => {
      const waiting = result.rules.filter((r) => r.status === "pending").map((r) => `${r.rule} (${r.summary})`);
      options.logger.info(`gate: pending after attempt ${attempt}: ${waiting.join("; ")}`);
    },
  });
}
