// What every shell (CLI, action, bot) reads from its environment the same way: the clock of the run and
// private registry tokens. Pure over the `env` object it is given; the shells pass `process.env`.
import { InputError } from "./errors.js";
import type { Clock } from "./ports.js";
import { systemClock } from "./ports.js";

/** How a clock fixed by `UPKEEP_NOW` behaves: `fixed` stays at that instant, `advancing` starts there. */
export type FixedClockMode = "fixed" | "advancing";

/**
 * The clock of a run: the system clock, or one set by `UPKEEP_NOW` (ISO 8601) for reproducible reports and
 * tests. Mode `fixed` (default; the CLI and the actions) always answers that instant; `advancing` (the bot's
 * long-running server) starts at it and moves in real time, so a test can put a server anywhere in the
 * calendar. Throws InputError when UPKEEP_NOW is not a date.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv, mode: FixedClockMode = "fixed"): Clock {
  const fixed = env.UPKEEP_NOW;
  if (!fixed) return systemClock;
  const t = Date.parse(fixed);
  if (Number.isNaN(t))
    throw new InputError(`UPKEEP_NOW="${fixed}" is not an ISO 8601 date`, {
      hint: "e.g. UPKEEP_NOW=2026-11-26T00:00:00Z",
    });
  if (mode === "fixed") return { now: () => new Date(t) };
  const startedAt = Date.now();
  return { now: () => new Date(t + (Date.now() - startedAt)) };
}

/** Private registry tokens from `UPKEEP_REGISTRY_TOKEN_<ID>` (NPM, PYPI, CRATES, GOPROXY, PACKAGIST, RUBYGEMS). */
export function registryTokensFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    const m = /^UPKEEP_REGISTRY_TOKEN_([A-Z]+)$/.exec(k);
    if (m && v) out[m[1]!.toLowerCase()] = v;
  }
  return out;
}
