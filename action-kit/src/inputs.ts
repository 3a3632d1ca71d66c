/**
 * Parsing of GitHub Action inputs shared by the action shells (`actions/<name>/src/inputs.ts`). Pure: the
 * shells pass a reader (`core.getInput`), so no @actions import here.
 */
import { InputError } from "@upkeep/shared/errors.js";
import type { CommentMode } from "@upkeep/shared/github/event.js";

/** Reads one action input by its action.yml name; `""` when the step does not set it. */
export type InputReader = (name: string) => string;

/** Splits a list input: one item per line or comma-separated, blanks dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * A trimmed input that must not be empty. The runner always passes inputs that have a default in
 * action.yml; an empty one means the step was not started through `uses:` (or a `with:` value emptied
 * it), and guessing would hide that. Throws InputError naming the input, with `fallbackHint` as the hint.
 */
export function requiredInput(read: InputReader, name: string, fallbackHint: string): string {
  const value = read(name).trim();
  if (!value) {
    throw new InputError(`input ${name} is empty`, {
      hint: `set ${name} (${fallbackHint}) or leave it out of \`with:\` to use the default`,
    });
  }
  return value;
}

/** `value` lower-cased when it is one of `allowed`; throws InputError listing them otherwise. */
export function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  const v = value.toLowerCase();
  if (!(allowed as readonly string[]).includes(v)) {
    throw new InputError(`input ${name} is "${value}"`, { hint: `use one of: ${allowed.join(", ")}` });
  }
  return v as T;
}

/** Reads `true`/`false` (YAML 1.2 core schema spellings, as @actions/core does); throws InputError otherwise. */
export function parseBoolean(name: string, value: string): boolean {
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  throw new InputError(`input ${name} is "${value}", not a boolean`, { hint: "use true or false" });
}

/**
 * Runs a shared parser on an input's value, prefixing its InputError with the input's name (the shared
 * parsers name the bad value but not where it came from; a user reading a failed step needs both).
 * Other errors pass through.
 */
export function fromInput<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    throw new InputError(`input ${name}: ${err.message}`, { ...(err.hint ? { hint: err.hint } : {}), cause: err });
  }
}

/** A `working-directory` input as a relative folder without `./` or trailing `/`; `""` for the workspace. */
export function workingDirectoryInput(value: string): string {
  return value
    .trim()
    .replace(/^\.(\/|$)/, "")
    .replace(/\/+$/, "");
}

/** The inputs of every action that reports on a pull request and into files. */
export interface ReportInputs {
  comment: CommentMode;
  /** undefined: do not write one. */
  sarifFile: string | undefined;
  jsonFile: string | undefined;
  token: string | undefined;
}

/**
 * Reads `comment` (required: auto, true or false), `sarif-file`, `json-file` and `token` (trimmed; empty
 * means undefined). Throws InputError for a `comment` it cannot use.
 */
export function reportInputs(read: InputReader): ReportInputs {
  const get = (name: string) => read(name).trim();
  return {
    comment: oneOf("comment", requiredInput(read, "comment", "auto, true or false"), [
      "auto",
      "true",
      "false",
    ] as const),
    sarifFile: get("sarif-file") || undefined,
    jsonFile: get("json-file") || undefined,
    token: get("token") || undefined,
  };
}
