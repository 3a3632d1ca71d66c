/**
 * The staging gate's model (issue 11): rules are plugins that look at one commit and answer pass, fail or
 * pending with evidence; the engine combines them into a verdict. Every shell (action, CLI, App) calls
 * the same engine, so the same inputs give the same verdict.
 */
import type { CalendarWindow } from "../calendar/window.js";
import type { Logger } from "../logger.js";
import type {
  CheckRunInfo,
  Clock,
  CommitStatusInfo,
  DeploymentInfo,
  DeploymentStatusInfo,
  FetchPort,
  FreezeOverride,
  GateGitHub,
} from "../ports.js";

// The GitHub port of the gate lives with every other port (shared/src/ports.ts); re-exported for the rules.
export type { CheckRunInfo, CommitStatusInfo, DeploymentInfo, DeploymentStatusInfo, FreezeOverride, GateGitHub };

/** What one rule concluded. `skip` means the rule is not configured (it never blocks). */
export type RuleStatus = "pass" | "fail" | "pending" | "skip";

/** The gate's answer: approve the production deployment, reject it, or not yet known. */
export type Verdict = "approve" | "reject" | "pending";

/** One fact a rule relied on, with a link a reviewer can follow. */
export interface Evidence {
  text: string;
  url?: string;
}

/** A rule's answer. */
export interface RuleResult {
  /** The rule's id (`same-artifact`, `soak`, ...). */
  rule: string;
  status: RuleStatus;
  /** One line a reviewer reads first (`staging: deployment 42 succeeded 2026-12-02T10:00:00Z`). */
  summary: string;
  evidence: Evidence[];
  /** When pending: milliseconds after which asking again can change the answer. */
  retryAfterMs?: number;
}

/** An HTTP health probe of staging. */
export interface ProbeSettings {
  url: string;
  /** Accepted HTTP status codes. Default `[200]`. */
  status: number[];
  /** A regular expression the body must match. */
  match?: string;
  /** A regular expression the body must not match (an error body with status 200). */
  notMatch?: string;
  /** A probe slower than this fails. Default 2,000 ms. */
  maxLatencyMs: number;
  /** Consecutive successes needed. Default 3. */
  successes: number;
  /** Pause between probes. Default 1,000 ms. */
  intervalMs: number;
  /** A probe that has not answered after this is inconclusive (never a pass). Default 5,000 ms. */
  timeoutMs: number;
}

/** One freeze: a recurring window (cron or RRULE) or a date range, read in an IANA zone. */
export type FreezeSettings =
  | { kind: "cron"; title: string; cron: string; durationMs: number; timezone: string }
  | { kind: "rrule"; title: string; rrule: string; start: string; durationMs: number; timezone: string }
  | { kind: "range"; title: string; from: string; to: string; timezone: string };

/** Everything one evaluation needs, resolved from config, flags or the webhook. */
export interface GateSettings {
  /** The exact 40-character commit SHA about to go to production. */
  sha: string;
  /** The protected environment (production). */
  environment: string;
  /** Environments the same commit must have succeeded in first. Default `["staging"]`. */
  requires: string[];
  /** Minutes of soak, in milliseconds; 0 turns the rule off. */
  soakMs: number;
  /** `all` check runs and statuses, only the `required` ones, or `none`. Default `all`. */
  checks: "all" | "required" | "none";
  /** Check names and status contexts never waited for. */
  ignoreChecks: string[];
  /** Conclusions that count as green. Default success, neutral, skipped. */
  allowedConclusions: string[];
  /** Branch whose protection/rulesets define `required` checks. Default: the default branch. */
  branch?: string;
  /** The workflow run being gated (its own jobs are not waited for). */
  runId?: number;
  /** Deployment payload key (dot path) holding the artifact digest; when set it must match `digest`. */
  digestKey?: string;
  /** The digest the production deployment carries. */
  digest?: string;
  probes: ProbeSettings[];
  freezes: FreezeSettings[];
  /** Label on the commit's pull request that overrides a freeze. */
  overrideLabel?: string;
  override?: FreezeOverride;
  /** Approve whatever the rules say, but report the real verdict. */
  dryRun: boolean;
  /** Record soak evidence on the staging deployment. Default true. */
  recordEvidence: boolean;
}

/** What a rule receives. `facts` memoises GitHub reads shared between rules within one evaluation. */
export interface GateContext {
  settings: GateSettings;
  github: GateGitHub;
  /** Reaches staging for health probes. */
  fetch: FetchPort;
  clock: Clock;
  logger: Logger;
  /** Maintenance and freeze windows from the calendar (`.github/maintenance/*.yml`, announced windows). */
  windows: readonly CalendarWindow[];
  /** Pauses (health probe intervals); tests pass a fast one. */
  sleep(ms: number): Promise<void>;
  facts: GateFacts;
}

/** The staging evidence of one required environment, computed once per evaluation. */
export interface StagingEvidence {
  environment: string;
  status: "pass" | "fail" | "pending";
  reason: string;
  deployment?: DeploymentInfo;
  statuses: DeploymentStatusInfo[];
  /** The first success of the deployment's current run of successes (the soak start). */
  firstSuccessAt?: Date;
  /** A soak start the gate recorded earlier (used when GitHub dropped the statuses). */
  recordedAt?: Date;
}

/** Lazily loaded, memoised facts rules share. */
export interface GateFacts {
  staging(): Promise<StagingEvidence[]>;
}

/** A rule plugin (design §3): add a folder under rules/, register it in registry.ts. */
export interface GateRule {
  /** Stable id, the folder name. */
  id: string;
  /** A short human name for tables. */
  title: string;
  /** Whether the settings turn this rule on; an off rule is reported as `skip`. */
  enabled(settings: GateSettings): boolean;
  /** Evaluates the rule. Throws only for errors the user must fix (bad settings) or GitHub failures. */
  evaluate(ctx: GateContext): Promise<RuleResult>;
}

/** The gate's answer with every rule. */
export interface GateResult {
  /** What the rules say. */
  verdict: Verdict;
  /** What the shell does: the verdict, or `approve` in a dry run. */
  decision: Verdict;
  dryRun: boolean;
  sha: string;
  environment: string;
  rules: RuleResult[];
  /** When pending: the soonest a new evaluation can change the answer (ms). */
  retryAfterMs?: number;
  /** REST calls this evaluation sent. */
  calls: number;
  evaluatedAt: string;
}
