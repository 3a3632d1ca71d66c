import { oneLine } from "./text-utils.js";

// `&`, `<`, `>` become entities so finding text can never open an HTML tag or comment (no `<script>`, no
// fake `<!-- upkeep:... -->` marker); Markdown punctuation is backslash-escaped so text cannot turn into
// links, images, emphasis or code; `|` is escaped so it cannot end a table cell; `@` gets a zero-width space
// so an advisory that names `@someone` does not notify them from a PR comment.
const SPECIAL = /[&<>\\`*_[\]~|@]/g;
const REPLACEMENT: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  "@": "@&#8203;",
};

/**
 * Makes untrusted text safe as inline Markdown, including inside a table cell: one line (newlines and runs
 * of whitespace become one space, control characters are removed), HTML-significant characters as
 * entities, Markdown punctuation and `|` backslash-escaped, `@mentions` defused. Never throws.
 */
export function escapeMarkdown(s: string): string {
  return oneLine(s).replace(SPECIAL, (ch) => REPLACEMENT[ch] ?? `\\${ch}`);
}

/**
 * Returns `uri` as a safe Markdown link target when it is an absolute `http:` or `https:` URL (anything
 * else, such as `javascript:`, gives undefined), normalised and with the characters that could end the
 * link or a table cell percent-encoded. Never throws.
 */
export function safeLinkTarget(uri: string | undefined): string | undefined {
  if (uri === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(uri.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  return url.href.replace(/[()|<>\s]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** `[text](uri)` when the URI is safe (see {@link safeLinkTarget}), else just the escaped text. */
export function markdownLink(text: string, uri: string | undefined): string {
  const target = safeLinkTarget(uri);
  const label = escapeMarkdown(text);
  return target ? `[${label}](${target})` : label;
}

/**
 * Like {@link escapeMarkdown}, but `` `code` `` spans in the text stay code spans (advisories and Upkeep's
 * own messages write commands that way) instead of showing as literal backticks. Inside a span only `|`
 * is escaped (GitHub reads `\|` as `|` in a table cell, even in code); a backtick with no partner is
 * escaped as before. Never throws.
 */
export function escapeMarkdownKeepingCode(s: string): string {
  const text = oneLine(s);
  let out = "";
  let last = 0;
  for (const m of text.matchAll(/`([^`]+)`/g)) {
    out += escapeInline(text.slice(last, m.index));
    out += `\`${m[1]!.replace(/\|/g, "\\|")}\``;
    last = m.index + m[0].length;
  }
  return out + escapeInline(text.slice(last));
}

function escapeInline(s: string): string {
  return s.replace(SPECIAL, (ch) => REPLACEMENT[ch] ?? `\\${ch}`);
}
