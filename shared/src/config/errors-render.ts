import { type ConfigProblem, formatLocation } from "../errors.js";

/** Title of the configuration-problems issue. */
export function configErrorsTitle(count: number): string {
  return `Upkeep configuration: ${count} problem${count === 1 ? "" : "s"} to fix`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/**
 * The issue body: one table row per problem with `file:line:col`, the key and what was expected, and
 * what the bot does meanwhile. Never throws.
 */
export function renderConfigErrors(problems: readonly ConfigProblem[]): string {
  const rows = problems.map(
    (p) => `| \`${cell(formatLocation(p))}\` | ${p.key ? `\`${cell(p.key)}\`` : ""} | ${cell(p.message)} |`,
  );
  return [
    "Upkeep found problems in this repository's configuration. Until they are fixed, the bot keeps working",
    "with the valid parts: each invalid setting falls back to its default, and a window file that cannot be",
    "read is left out.",
    "",
    "| Where | Key | Problem |",
    "| --- | --- | --- |",
    ...rows,
    "",
    "Fix the files and push: this issue is updated on the next sweep and closes itself once every problem is",
    "gone. `upkeep config validate .github/upkeep.yml` checks the config locally; docs/bot.md describes",
    "`.github/maintenance/*.yml`.",
  ].join("\n");
}

/** The comment posted when the issue closes because every problem was fixed. */
export function renderConfigFixed(): string {
  return "Every configuration problem is fixed: closing. Upkeep reopens this issue if a new one appears.";
}
