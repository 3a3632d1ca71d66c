/**
 * Reading an issue's text the way a triager does: template headings and short form answers, code blocks,
 * stack traces and error messages are separate signals from the prose. Pure functions, no I/O.
 */

/** One `### Heading` (or `**Heading**` line) of an issue body with the text under it. */
export interface Section {
  /** Lower-cased, punctuation collapsed to single spaces. */
  heading: string;
  /** The text under the heading up to the next one, trimmed. */
  text: string;
}

const HEADING_RE = /^(?:#{1,6}[ \t]+(.+?)[ \t#]*|\*\*([^*\n]{2,80})\*\*:?[ \t]*)$/;

/** Lower case, every run of characters other than letters and digits collapsed to one space. */
export function normaliseHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** HTML comments (template instructions) removed; they are the same in every issue of a template. */
export function stripComments(body: string): string {
  return body.replace(/<!--[\s\S]*?(?:-->|$)/g, " ");
}

/** The sections of a Markdown body, in order (text before the first heading is left out). */
export function sections(body: string): Section[] {
  const out: Section[] = [];
  let current: { heading: string; lines: string[] } | undefined;
  let fence = false;
  for (const line of body.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const m = fence ? null : HEADING_RE.exec(line.trim());
    if (m) {
      if (current) out.push({ heading: current.heading, text: current.lines.join("\n").trim() });
      current = { heading: normaliseHeading(m[1] ?? m[2] ?? ""), lines: [] };
    } else if (current) {
      current.lines.push(line);
    }
  }
  if (current) out.push({ heading: current.heading, text: current.lines.join("\n").trim() });
  return out.filter((s) => s.heading !== "");
}

/** What a template heading asks for, by the words maintainers use across templates. */
export type HeadingSignal =
  | "repro"
  | "expected"
  | "actual"
  | "error"
  | "environment"
  | "version"
  | "feature"
  | "alternatives"
  | "motivation"
  | "question"
  | "docs";

const SIGNALS: readonly [HeadingSignal, RegExp][] = [
  ["repro", /\b(steps? to reproduce|repro(duction)? steps|reproduc|minimal (code|example)|how to reproduce)/],
  ["expected", /\bexpected (behaviou?r|result|outcome)/],
  ["actual", /\b(actual|current|observed) (behaviou?r|result|outcome)|what happened|describe the bug|bug description/],
  ["error", /\b(error|stack ?trace|traceback|logs?|crash|exception|output)\b/],
  ["environment", /\b(os|platform|environment|system information|browser|device|hardware)\b/],
  ["version", /\bversions?\b/],
  [
    "feature",
    /feature request|is your feature|describe the (solution|feature)|proposed (solution|feature|api)|feature you d like|the feature/,
  ],
  ["alternatives", /alternatives?/],
  ["motivation", /\b(motivation|use case|problem (does|would) this solve|related to a problem)/],
  ["question", /\b(question|how (do|can|to)|help|support)\b/],
  ["docs", /\b(documentation|docs|doc page|url of the)\b/],
];

/** The signals a heading carries (a heading may carry several, e.g. "Expected vs actual behavior"). */
export function headingSignals(heading: string): HeadingSignal[] {
  return SIGNALS.filter(([, re]) => re.test(heading)).map(([s]) => s);
}

const FENCE_RE = /(```|~~~)[^\n]*\n([\s\S]*?)(?:\1|$)/g;

/** Body with fenced code blocks replaced by a placeholder, and the blocks' contents. */
export function splitCode(body: string): { prose: string; code: string[] } {
  const code: string[] = [];
  const prose = body.replace(FENCE_RE, (_m, _f: string, inner: string) => {
    code.push(inner);
    return " \u2063code\u2063 ";
  });
  return { prose, code };
}

const FRAME_RES: readonly RegExp[] = [
  /^\s*at [\w$.<>[\]/ -]+ ?\(?[^()\s]*:\d+(?::\d+)?\)?\s*$/, // JavaScript, Java
  /^\s*File "[^"]+", line \d+/, // Python
  /^\s*#\d+\s+(?:0x[0-9a-f]+ in )?\S+/i, // gdb, C++ backtraces
  /^\s*\S+\.(?:cpp|cc|c|h|hpp|rs|go|py|js|ts|java|kt|swift|m):\d+/, // file:line
];

/** Whether a line looks like a stack frame of some language. */
export function isStackFrame(line: string): boolean {
  return FRAME_RES.some((re) => re.test(line));
}

const ERROR_LINE_RE =
  /\b(?:[A-Z][A-Za-z]*(?:Error|Exception)|Traceback|panicked at|Segmentation fault|SIGSEGV|SIGABRT|assertion failed|Uncaught|FATAL|core dumped)\b/;

/**
 * Error messages of a text: lines naming an exception type, `Error:`-style lines, panics. Numbers,
 * hexadecimal addresses and quoted values are kept, so near-identical messages still match as text.
 */
export function errorLines(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.length < 8 || line.length > 400) continue;
    if (ERROR_LINE_RE.test(line) || /^(?:error|fatal|E\d{4})\b[:\s]/i.test(line)) out.push(line);
  }
  return out;
}

/** Stack frames of a text, reduced to the function and file names (line numbers change between versions). */
export function stackFrames(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!isStackFrame(line)) continue;
    const names = line.match(/[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/g) ?? [];
    const kept = names.filter((n) => !/^(?:at|in|File|line|0x[0-9a-f]+)$/i.test(n));
    if (kept.length > 0) out.push(kept.join(" "));
  }
  return out;
}

const WORD_RE = /[\p{L}_][\p{L}\p{N}_']*|\p{N}+(?:\.\p{N}+)*/gu;

/** Lower-cased word tokens; identifiers are also split at camelCase and snake_case joints. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD_RE)) {
    const w = m[0];
    const lower = w.toLowerCase().replace(/'s?$/, "");
    if (lower.length === 0 || lower.length > 40) continue;
    out.push(lower);
    if (w.length > 4 && /[a-z][A-Z]|_/.test(w)) {
      for (const part of w.split(/_|(?<=[a-z])(?=[A-Z])/)) {
        const p = part.toLowerCase();
        if (p.length > 1 && p !== lower) out.push(p);
      }
    }
  }
  return out;
}

/** A title prefix like `[Bug]`, `[DevTools Bug]:`, `Feature request:`, normalised; undefined when none. */
export function titleTag(title: string): string | undefined {
  const m = /^\s*(?:\[([^\]]{1,40})\]|([A-Za-z][\w -]{1,30}):)/.exec(title);
  const tag = m?.[1] ?? m?.[2];
  return tag ? normaliseHeading(tag) : undefined;
}
