// What `upkeep` needs to list and parse this command; its code is in changelog.ts, imported when it runs.
import { type Command, Option } from "commander";
import { type CliCommand, lazyRun } from "../command.js";

// Commander lets a parent command take its options after a subcommand name too (`changelog next
// --prerelease rc` sets them on `changelog`), so subcommands read the parent's values as well.
let parentCommand: Command | null = null;
export function withParent(options: Record<string, unknown>): Record<string, unknown> {
  const fromParent = parentCommand?.opts() ?? {};
  const merged: Record<string, unknown> = { ...options };
  for (const [k, v] of Object.entries(fromParent)) {
    if (parentCommand?.getOptionValueSource(k) === "cli" || merged[k] === undefined) merged[k] = v;
  }
  return merged;
}

function addCommonOptions(cmd: Command): void {
  cmd
    .option("--package <name>", "monorepo package (name or path from changelog.packages); default: every package")
    .option("--repo-url <url>", "repository URL for links (default: the origin remote)")
    .option("--tag-prefix <prefix>", "release tag prefix (default: changelog.tagPrefix, `v`)")
    .addOption(
      new Option("--layout <layout>", "blank-line layout of the notes")
        .choices(["release-please", "preset"])
        .default("release-please"),
    );
}

export const changelogCommand: CliCommand = {
  name: "changelog",
  description: "release notes from Conventional Commits: unreleased notes, any range, or the whole history",
  configure(cmd) {
    cmd
      .option("--from <ref>", "start of the range (exclusive); with --to")
      .option("--to <ref>", "end of the range (inclusive)")
      .option(
        "--version <version>",
        "version for the section header (default: the next version, or the tag --to names)",
      )
      .option("--release-version <version>", "the same as --version")
      .option("--date <YYYY-MM-DD>", "date for the section header (default: today, or the date of --to)")
      .option("--prerelease <id>", "compute a pre-release version (rc → 1.3.0-rc.0, then rc.1)")
      .option("--write", "write into the changelog file instead of printing")
      .option("--from-scratch", "regenerate the sections of every release tag, and of the unreleased commits")
      .option("--file <path>", "changelog file of a single-package repository (default CHANGELOG.md)");
    addCommonOptions(cmd);
  },
  run: lazyRun(
    () => import("./changelog.js"),
    (m) => m.changelogRun,
  ),
};

export const changelogNextCommand: CliCommand = {
  name: "changelog next",
  description: "print the next version from the commits since the last release tag",
  configure(cmd) {
    cmd
      .option("--prerelease <id>", "pre-release identifier (rc → 1.3.0-rc.0, then rc.1)")
      .option("--date <YYYY-MM-DD>", "date for the notes header");
    addCommonOptions(cmd);
    parentCommand = cmd.parent;
  },
  run: lazyRun(
    () => import("./changelog.js"),
    (m) => m.changelogNextRun,
  ),
};

export const changelogCheckCommand: CliCommand = {
  name: "changelog check",
  description: "check CHANGELOG.md against the release tags and commits (exit 1 on drift)",
  configure(cmd) {
    cmd.option("--file <path>", "changelog file of a single-package repository (default CHANGELOG.md)");
    addCommonOptions(cmd);
    parentCommand = cmd.parent;
  },
  run: lazyRun(
    () => import("./changelog.js"),
    (m) => m.changelogCheckRun,
  ),
};
