/**
 * Small string helpers the renderers share: cleaning finding text that came from outside (advisories,
 * lockfiles, user config), shortening it without splitting a character, and measuring UTF-8 size.
 */

// C0 controls except tab and newline, DEL, C1 controls, and the bidirectional overrides/isolates that can
// make text read differently from what it is ("trojan source"). A finding's text comes from advisories and
// repositories we do not control, so none of these may reach a terminal, a log or a rendered page.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNSAFE_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Normalises line ends to `\n` and removes control characters (ANSI escapes included), DEL, C1 controls
 * and bidi override characters. Tabs and newlines stay. Never throws.
 */
export function cleanText(s: string): string {
  return s.replace(/\r\n?/g, "\n").replace(UNSAFE_CHARS, "");
}

/** {@link cleanText}, then every run of whitespace (newlines included) becomes one space; trimmed. */
export function oneLine(s: string): string {
  return cleanText(s).replace(/\s+/g, " ").trim();
}

/**
 * Shortens `s` to at most `max` UTF-16 code units, ending with `ellipsis` (default `…`) when it was cut,
 * and never splits a surrogate pair. Returns `s` unchanged when it fits. Throws RangeError when `max` is
 * smaller than the ellipsis.
 */
export function truncateText(s: string, max: number, ellipsis = "…"): string {
  if (s.length <= max) return s;
  if (max < ellipsis.length) throw new RangeError(`cannot shorten text to ${max} characters`);
  let end = max - ellipsis.length;
  if (end > 0 && isHighSurrogate(s.charCodeAt(end - 1))) end--;
  return s.slice(0, end) + ellipsis;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Size of `s` encoded as UTF-8, in bytes (what GitHub's step-summary limit counts). */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/**
 * Cuts `s` to at most `maxBytes` bytes of UTF-8 on a character boundary (the last resort when even the
 * fixed parts of a document do not fit). Returns `s` unchanged when it fits. Never throws.
 */
export function truncateUtf8(s: string, maxBytes: number): string {
  if (utf8Length(s) <= maxBytes) return s;
  let bytes = 0;
  let end = 0;
  for (const ch of s) {
    const size = utf8Length(ch);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += ch.length;
  }
  return s.slice(0, end);
}
