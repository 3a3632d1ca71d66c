import type { CalendarWindow } from "../calendar/window.js";
import type { Logger } from "../logger.js";
import { silentLogger } from "../logger.js";
import type { Clock, FetchPort } from "../ports.js";
import { gateRules } from "./registry.js";
import { payloadValue, sameEnvironment, stagingEvidence } from "./staging.js";
import type {
  GateContext,
  GateFacts,
  GateGitHub,
  GateResult,
  GateRule,
  GateSettings,
  RuleResult,
  StagingEvidence,
  Verdict,
} from "./types.js";

/** What {@link evaluateGate} needs besides the settings. */
export interface GateDeps {
  github: GateGitHub;
  clock: Clock;
  /** For health probes. Default: the global fetch. */
  fetch?: FetchPort;
  logger?: Logger;
  /** Calendar windows (maintenance and freeze). Default none. */
  windows?: readonly CalendarWindow[];
  sleep?: (ms: number) => Promise<void>;
  /** Rules to run. Default: every registered rule. */
  rules?: ReadonlyMap<string, GateRule>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function memoFacts(github: GateGitHub, settings: GateSettings): GateFacts {
  let staging: Promise<StagingEvidence[]> | undefined;
  return {
    staging() {
      staging ??= (async () => {
        const deployments = await github.listDeployments(settings.sha);
        let effective = settings;
        if (settings.digestKey && !settings.digest) {
          // No digest given: the production deployment being gated carries it in its payload.
          const production = deployments.find((d) => sameEnvironment(d.environment, settings.environment));
          const digest = production ? payloadValue(production.payload, settings.digestKey) : undefined;
          if (digest) effective = { ...settings, digest };
        }
        const out: StagingEvidence[] = [];
        for (const env of settings.requires) out.push(await stagingEvidence(github, effective, deployments, env));
        return out;
      })();
      return staging;
    },
  };
}

/** Combines rule answers: any fail rejects, else any pending is pending, else approve. Never throws. */
export function combineVerdict(results: readonly RuleResult[]): Verdict {
  if (results.some((r) => r.status === "fail")) return "reject";
  if (results.some((r) => r.status === "pending")) return "pending";
  return "approve";
}

/**
 * Evaluates every enabled rule once and combines them (issue 11): `reject` when any rule fails,
 * `pending` while any waits (soak, running checks, inconclusive probes), else `approve`. In a dry run
 * `decision` is `approve` whatever `verdict` says. Disabled rules are reported as `skip`. Throws
 * GitHubApiError when GitHub fails and InputError for unreadable settings (a bad RRULE); a rule never
 * turns an error into a pass.
 */
export async function evaluateGate(settings: GateSettings, deps: GateDeps): Promise<GateResult> {
  const before = deps.github.calls();
  const ctx: GateContext = {
    settings,
    github: deps.github,
    fetch: deps.fetch ?? globalThis.fetch,
    clock: deps.clock,
    logger: deps.logger ?? silentLogger,
    windows: deps.windows ?? [],
    sleep: deps.sleep ?? realSleep,
    facts: memoFacts(deps.github, settings),
  };
  const results: RuleResult[] = [];
  for (const rule of (deps.rules ?? gateRules).values()) {
    if (!rule.enabled(settings)) {
      results.push({ rule: rule.id, status: "skip", summary: "not configured", evidence: [] });
      continue;
    }
    const result = await rule.evaluate(ctx);
    ctx.logger.debug(`gate ${rule.id}: ${result.status}: ${result.summary}`);
    results.push(result);
  }
  const verdict = combineVerdict(results);
  const waits = results
    .filter((r) => r.status === "pending" && r.retryAfterMs !== undefined)
    .map((r) => r.retryAfterMs!);
  return {
    verdict,
    decision: settings.dryRun ? "approve" : verdict,
    dryRun: settings.dryRun,
    sha: settings.sha,
    environment: settings.environment,
    rules: results,
    ...(verdict === "pending" && waits.length > 0 ? { retryAfterMs: Math.min(...waits) } : {}),
    calls: deps.github.calls() - before,
    evaluatedAt: deps.clock.now().toISOString(),
  };
}

/** Options of {@link waitForVerdict}. */
export interface WaitOptions {
  /** Give up (verdict stays pending) after this many ms. */
  maxWaitMs: number;
  /** Poll no faster than this. Default 15,000 ms. */
  minIntervalMs?: number;
  /** Poll no slower than this. Default 300,000 ms. */
  maxIntervalMs?: number;
  /** Called after each pending evaluation (progress). */
  onPending?: (result: GateResult, attempt: number) => void | Promise<void>;
}

/**
 * Re-evaluates while the verdict is pending, sleeping the shortest `retryAfterMs` (clamped), until the
 * verdict is final or `maxWaitMs` has passed; returns the last result (still `pending` when time ran
 * out: shells treat that as a rejection). Re-polls use conditional requests when the client has them.
 */
export async function waitForVerdict(
  settings: GateSettings,
  deps: GateDeps,
  options: WaitOptions,
): Promise<GateResult> {
  const sleep = deps.sleep ?? realSleep;
  const deadline = deps.clock.now().getTime() + options.maxWaitMs;
  const minInterval = options.minIntervalMs ?? 15_000;
  const maxInterval = options.maxIntervalMs ?? 300_000;
  for (let attempt = 1; ; attempt += 1) {
    const result = await evaluateGate(settings, deps);
    const left = deadline - deps.clock.now().getTime();
    if (result.verdict !== "pending" || left <= 0) return result;
    await options.onPending?.(result, attempt);
    const wait = Math.min(Math.max(result.retryAfterMs ?? minInterval, minInterval), maxInterval, left);
    await sleep(wait);
  }
}
