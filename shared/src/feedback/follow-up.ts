/**
 * What a bug report lacks, read from its issue-form sections or, without a form, from the text itself:
 * a version, steps to reproduce, logs. Pure functions.
 */
import { errorLines, headingSignals, sections, splitCode, stackFrames, stripComments } from "./text.js";

/** The pieces of information a bug report can be asked for. */
export type InfoItem = "version" | "steps" | "logs";

const EMPTY_ANSWER = /^(?:_?no response_?|n\/?a|none|-|\.{3}|tbd|todo)?$/i;

function answered(text: string): boolean {
  return !EMPTY_ANSWER.test(stripComments(text).trim());
}

/**
 * The items of `required` that `body` does not provide. A form section for an item counts only when it
 * was filled in (`_No response_` is empty); without such a section the text is searched: a version number
 * (`1.2`, `v3.0.1`), a numbered list or "steps" for steps, a code block, error line or stack trace for logs.
 */
export function missingInfo(body: string, required: readonly InfoItem[]): InfoItem[] {
  const clean = stripComments(body ?? "");
  const secs = sections(clean);
  const bySignal = (signal: string) => secs.filter((s) => headingSignals(s.heading).includes(signal as never));
  const { prose, code } = splitCode(clean);
  const found: Record<InfoItem, boolean> = {
    version: false,
    steps: false,
    logs: false,
  };
  const versionSecs = bySignal("version");
  found.version =
    versionSecs.some((s) => answered(s.text)) ||
    (versionSecs.length === 0 && /\bv?\d+\.\d+(?:\.\d+)?(?:[-+.][\w.]+)?\b/.test(prose));
  const stepSecs = bySignal("repro");
  found.steps =
    stepSecs.some((s) => answered(s.text)) ||
    (stepSecs.length === 0 && (/^\s*(?:1[.)]|[-*] )\s*\S/m.test(prose) || /\bsteps?\b|\breproduc/i.test(prose)));
  const logSecs = bySignal("error");
  const all = `${prose}\n${code.join("\n")}`;
  found.logs =
    logSecs.some((s) => answered(s.text)) ||
    code.length > 0 ||
    errorLines(all).length > 0 ||
    stackFrames(all).length > 0;
  return required.filter((item) => !found[item]);
}

const ASK: Record<InfoItem, string> = {
  version: "the version you use (and your OS or browser, if it matters)",
  steps: "the steps to reproduce the problem, starting from a fresh install if you can",
  logs: "the error message or log output (in a code block)",
};

/** The visible text of the one "please add" comment. */
export function renderInfoRequest(author: string, missing: readonly InfoItem[], label: string): string {
  return [
    `Thanks for the report, @${author}! To look into it we need a little more:`,
    "",
    ...missing.map((m) => `- ${ASK[m]}`),
    "",
    `Please edit the issue or reply here; the \`${label}\` label goes away when you do.`,
  ].join("\n");
}
