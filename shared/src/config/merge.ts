function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Merges `local` over `base` for `_extends`: objects merge key by key, everything else (lists included)
 * is replaced by the local value, and a key the local file sets wins, even when it sets `null`.
 * Never mutates its arguments.
 */
export function deepMerge(base: Record<string, unknown>, local: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(local)) {
    const under = out[key];
    out[key] = isPlainObject(under) && isPlainObject(value) ? deepMerge(under, value) : value;
  }
  return out;
}
