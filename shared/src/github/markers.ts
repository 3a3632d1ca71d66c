/**
 * Hidden markers (design §4): an HTML comment in an issue or comment body that carries a stable key and a
 * small payload, so Upkeep finds its own issues and comments again after humans edit the visible text.
 *
 *   <!-- upkeep:audit/security/2026-Q4 eyJ2IjoxfQ -->
 *
 * The key allows `[A-Za-z0-9._:/@-]`; the payload is base64url JSON, whose alphabet cannot contain `-->`,
 * so no value can end the comment early.
 */

const KEY_RE = /^[A-Za-z0-9._:/@-]{1,200}$/;
const MARKER_RE = /<!-- upkeep:([A-Za-z0-9._:/@-]{1,200})(?: ([A-Za-z0-9_-]*))? -->/g;

export interface Marker {
  key: string;
  payload: unknown;
}

function encodePayload(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
}

function decodePayload(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

/** Builds the marker comment. Throws RangeError when the key has characters outside `[A-Za-z0-9._:/@-]`. */
export function formatMarker(key: string, payload?: unknown): string {
  if (!KEY_RE.test(key)) throw new RangeError(`marker key ${JSON.stringify(key)} must match ${KEY_RE.source}`);
  return payload === undefined ? `<!-- upkeep:${key} -->` : `<!-- upkeep:${key} ${encodePayload(payload)} -->`;
}

/** Every marker in a body, in order. A damaged payload reads as undefined; the key still counts. */
export function findMarkers(body: string | null | undefined): Marker[] {
  if (!body) return [];
  const out: Marker[] = [];
  for (const m of body.matchAll(MARKER_RE)) out.push({ key: m[1]!, payload: decodePayload(m[2]) });
  return out;
}

/** The marker with this key in the body, or undefined. */
export function findMarker(body: string | null | undefined, key: string): Marker | undefined {
  return findMarkers(body).find((m) => m.key === key);
}

/** Whether the body carries a marker with this key. */
export function hasMarker(body: string | null | undefined, key: string): boolean {
  return findMarker(body, key) !== undefined;
}

/**
 * Returns `body` carrying exactly one marker for `key` with `payload`: an existing one is replaced in place
 * (keeping the human's text around it), otherwise the marker is appended on its own line.
 */
export function withMarker(body: string, key: string, payload?: unknown): string {
  const marker = formatMarker(key, payload);
  let replaced = false;
  const out = body.replace(MARKER_RE, (whole, k: string) => {
    if (k !== key) return whole;
    if (replaced) return "";
    replaced = true;
    return marker;
  });
  if (replaced) return out;
  return body.endsWith("\n") || body === "" ? `${body}${marker}` : `${body}\n\n${marker}`;
}
