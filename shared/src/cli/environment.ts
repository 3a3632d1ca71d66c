import { InputError } from "../errors.js";
import type { Clock } from "../ports.js";
import { systemClock } from "../ports.js";

/**
 * The clock of a CLI run: the system clock, or the fixed time in `UPKEEP_NOW` (ISO 8601) for
 * reproducible reports and tests. Throws InputError when UPKEEP_NOW is not a date.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv): Clock {
  const fixed = env.UPKEEP_NOW;
  if (!fixed) return systemClock;
  const t = Date.parse(fixed);
  if (Number.isNaN(t))
    throw new InputError(`UPKEEP_NOW="${fixed}" is not an ISO 8601 date`, {
      hint: "e.g. UPKEEP_NOW=2026-11-26T00:00:00Z",
    });
  return { now: () => new Date(t) };
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
