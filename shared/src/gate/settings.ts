import { parseDuration } from "../calendar/duration.js";
import { assertSchedule } from "../calendar/periods.js";
import { assertTimeZone, parseDateTime } from "../calendar/zoned-time.js";
import type { GateConfig, GateProbeConfig } from "../config/types.js";
import { InputError } from "../errors.js";
import { parseRrule } from "./freeze-windows.js";
import { FULL_SHA_RE } from "./staging.js";
import type { FreezeOverride, FreezeSettings, GateSettings, ProbeSettings } from "./types.js";

/** What a shell may set on top of `.github/upkeep.yml` (flags, action inputs, the webhook). */
export interface GateOverrides {
  sha: string;
  environment?: string;
  requires?: string[];
  /** A duration (`30m`); `0` turns the soak off. */
  soak?: string;
  checks?: "all" | "required" | "none";
  ignoreChecks?: string[];
  /** Probe URLs (each with the default matchers). */
  probes?: string[];
  digest?: string;
  runId?: number;
  override?: FreezeOverride;
  dryRun?: boolean;
  recordEvidence?: boolean;
}

/** Default probe settings (schema defaults), for a probe given only as a URL. */
export const DEFAULT_PROBE: Omit<GateProbeConfig, "url"> = {
  status: [200],
  maxLatencyMs: 2000,
  successes: 3,
  intervalMs: 1000,
  timeoutMs: 5000,
};

function probeSettings(p: GateProbeConfig): ProbeSettings {
  if (!/^https?:\/\/[^\s]+$/.test(p.url)) {
    throw new InputError(`probe "${p.url}" is not an http(s) URL`, {
      hint: "give a URL like https://staging.example.com/healthz",
    });
  }
  for (const [key, re] of [
    ["match", p.match],
    ["notMatch", p.notMatch],
  ] as const) {
    if (re === undefined) continue;
    try {
      new RegExp(re);
    } catch (error) {
      throw new InputError(`probe ${p.url}: ${key} /${re}/ is not a regular expression: ${(error as Error).message}`, {
        hint: 'escape special characters, e.g. \\"status\\":\\s*\\"ok\\"',
      });
    }
  }
  return {
    url: p.url,
    status: p.status,
    ...(p.match !== undefined ? { match: p.match } : {}),
    ...(p.notMatch !== undefined ? { notMatch: p.notMatch } : {}),
    maxLatencyMs: p.maxLatencyMs,
    successes: p.successes,
    intervalMs: p.intervalMs,
    timeoutMs: p.timeoutMs,
  };
}

function freezeSettings(f: GateConfig["freeze"][number], i: number): FreezeSettings {
  const where = `gate.freeze[${i}]`;
  const kinds = [f.cron !== undefined, f.rrule !== undefined, f.from !== undefined || f.to !== undefined].filter(
    Boolean,
  );
  if (kinds.length !== 1) {
    throw new InputError(`${where}: give exactly one of cron, rrule, or from/to`, {
      hint: 'e.g. { cron: "0 18 * * 5", duration: 62h, timezone: Europe/Berlin } or { from: 2026-12-20, to: 2027-01-03 }',
    });
  }
  const timezone = assertTimeZone(f.timezone);
  if (f.cron !== undefined || f.rrule !== undefined) {
    if (!f.duration)
      throw new InputError(`${where}: a recurring freeze needs a duration`, { hint: "add duration: 62h" });
    const durationMs = parseDuration(f.duration);
    if (f.cron !== undefined) {
      assertSchedule(f.cron, timezone);
      return { kind: "cron", title: f.title, cron: f.cron, durationMs, timezone };
    }
    if (!f.start)
      throw new InputError(`${where}: an rrule freeze needs start (its first occurrence, local time)`, {
        hint: "add start: 2026-01-02T18:00",
      });
    parseRrule(f.rrule!, f.start);
    return { kind: "rrule", title: f.title, rrule: f.rrule!, start: f.start, durationMs, timezone };
  }
  if (!f.from || !f.to)
    throw new InputError(`${where}: a date range needs both from and to`, {
      hint: "add from: 2026-12-20 and to: 2027-01-03",
    });
  if (parseDateTime(f.to, timezone) < parseDateTime(f.from, timezone)) {
    throw new InputError(`${where}: to (${f.to}) is before from (${f.from})`, { hint: "swap them" });
  }
  return { kind: "range", title: f.title, from: f.from, to: f.to, timezone };
}

/**
 * The settings of one evaluation: `gate:` from `.github/upkeep.yml` (defaults filled by the loader),
 * overridden by what the shell was given. Throws InputError naming the bad value: a SHA that is not 40
 * hexadecimal characters (GitHub compares full SHAs; a short one could match another commit), a bad
 * duration, probe, regular expression, cron/RRULE, date or time zone.
 */
export function resolveGateSettings(config: GateConfig, overrides: GateOverrides): GateSettings {
  const sha = overrides.sha.trim().toLowerCase();
  if (!FULL_SHA_RE.test(sha)) {
    throw new InputError(`"${overrides.sha}" is not a full commit SHA`, {
      hint: "pass all 40 hexadecimal characters (e.g. --sha $(git rev-parse HEAD) in a workflow: the github.sha context)",
    });
  }
  const soakText = overrides.soak ?? config.soak;
  const soakMs = soakText === undefined || /^0+[a-z]?$/.test(soakText.trim()) ? 0 : parseDuration(soakText);
  const probes = overrides.probes?.length
    ? overrides.probes.map((url) => probeSettings({ url, ...DEFAULT_PROBE }))
    : config.probes.map(probeSettings);
  const environment = (overrides.environment ?? config.environment).trim();
  if (!environment) throw new InputError("the environment is empty", { hint: "pass --environment production" });
  const requires = overrides.requires ?? config.requires;
  return {
    sha,
    environment,
    requires: [...new Set(requires.filter((r) => r.length > 0))],
    soakMs,
    checks: overrides.checks ?? config.checks.mode,
    ignoreChecks: [...config.checks.ignore, ...(overrides.ignoreChecks ?? [])],
    allowedConclusions: config.checks.allowedConclusions,
    ...(config.checks.branch ? { branch: config.checks.branch } : {}),
    ...(overrides.runId !== undefined ? { runId: overrides.runId } : {}),
    ...(config.digestKey ? { digestKey: config.digestKey } : {}),
    ...(overrides.digest ? { digest: overrides.digest } : {}),
    probes,
    freezes: config.freeze.map(freezeSettings),
    ...(config.overrideLabel ? { overrideLabel: config.overrideLabel } : {}),
    ...(overrides.override ? { override: overrides.override } : {}),
    dryRun: overrides.dryRun ?? config.dryRun,
    recordEvidence: overrides.recordEvidence ?? config.recordEvidence,
  };
}
