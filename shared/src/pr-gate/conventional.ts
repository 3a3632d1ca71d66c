import { parseCommit } from "../changelog/parse-commit.js";

/** The Conventional Commits header as drift-check reads it. */
export interface ParsedHeader {
  header: string;
  /** Undefined when the header is not `type(scope)!: subject`. */
  type: string | undefined;
  scopes: string[];
  subject: string | undefined;
  /** `!` after the type/scope, or a `BREAKING CHANGE:` / `BREAKING-CHANGE:` footer in the message. */
  breaking: boolean;
}

/** What the lint checks against (drift.conventional). */
export interface ConventionalRules {
  types: readonly string[];
  /** Empty: any scope. */
  scopes: readonly string[];
}

/** The form every message shows. */
export const EXPECTED_FORM = "type(scope)!: subject";

/**
 * Parses a message (a PR title, optionally with its body; a commit message) with
 * conventional-commits-parser and the conventionalcommits preset's options, as the changelog engine
 * does, so what passes here is what the changelog will list. Never throws.
 */
export function parseHeader(message: string): ParsedHeader {
  const entries = parseCommit({ hash: "", parents: [], committedAt: 0, message }, { splitMultiple: false });
  const e = entries[entries.length - 1];
  const header = message.split("\n")[0]?.trim() ?? "";
  if (!e?.type) return { header, type: undefined, scopes: [], subject: undefined, breaking: false };
  return {
    header,
    type: e.type,
    scopes: (e.scope ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    subject: e.subject,
    breaking: e.breaking,
  };
}

/**
 * Lints one header. Returns the problems, each a sentence that ends with the expected form
 * (`type(scope)!: subject`) and the allowed types or scopes; an empty list when it conforms.
 */
export function lintHeader(parsed: ParsedHeader, rules: ConventionalRules): string[] {
  const types = rules.types.join(", ");
  const example = `${rules.types[0] ?? "feat"}${rules.scopes[0] ? `(${rules.scopes[0]})` : ""}: describe the change`;
  const expected = `Expected \`${EXPECTED_FORM}\`, e.g. \`${example}\`; types: ${types}${rules.scopes.length ? `; scopes: ${rules.scopes.join(", ")}` : ""}.`;
  if (parsed.type === undefined) return [`"${parsed.header}" is not a Conventional Commits header. ${expected}`];
  const problems: string[] = [];
  if (!rules.types.includes(parsed.type)) {
    const lower = parsed.type.toLowerCase();
    problems.push(
      rules.types.includes(lower)
        ? `type "${parsed.type}" must be lower case ("${lower}"). ${expected}`
        : `type "${parsed.type}" is not allowed. ${expected}`,
    );
  }
  if (rules.scopes.length > 0) {
    for (const s of parsed.scopes) {
      if (!rules.scopes.includes(s)) problems.push(`scope "${s}" is not allowed. ${expected}`);
    }
  }
  if (!parsed.subject || parsed.subject.trim() === "") problems.push(`the subject is empty. ${expected}`);
  return problems;
}

/** Commits that commitlint also leaves alone: merges, reverts made by git, fixup!/squash!/amend! commits. */
export function isIgnoredCommit(message: string): boolean {
  return /^(Merge (pull request|branch|remote-tracking branch|tag)\b|Merge [0-9a-f]{7,40} into|Revert "|(fixup|squash|amend)! )/.test(
    message,
  );
}
