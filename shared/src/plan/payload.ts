import { findMarker } from "../github/markers.js";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Merges `patch` into `base`: nested plain objects key by key, everything else (arrays included)
 * replaced; a `null` in the patch removes the key. Never mutates its arguments.
 */
export function mergePayload(base: unknown, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (isPlainObject(v)) out[k] = mergePayload(out[k], v);
    else out[k] = v;
  }
  return out;
}

/** The payload of marker `key` in `body` as an object, or undefined when the marker is absent or damaged. */
export function readPayload<T extends object = Record<string, unknown>>(
  body: string | null | undefined,
  key: string,
): T | undefined {
  const payload = findMarker(body, key)?.payload;
  return isPlainObject(payload) ? (payload as T) : undefined;
}
