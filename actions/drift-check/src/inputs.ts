import {
  type InputReader,
  oneOf,
  parseBoolean,
  type ReportInputs,
  reportInputs,
  requiredInput,
  splitList,
  workingDirectoryInput,
} from "@upkeep/action-kit/inputs.js";
import { InputError } from "@upkeep/shared/errors.js";
import type { EventInfo } from "@upkeep/shared/github/event.js";

export type { InputReader };

/** What the action checks: `auto` picks by event (see {@link checksFor}). */
export type Mode = "auto" | "pr" | "docs" | "changelog";

/** Every input of actions/drift-check, parsed and checked. Unset optional inputs stay undefined. */
export interface DriftCheckInputs extends ReportInputs {
  mode: Mode;
  config: string;
  /** Detector ids to run; undefined: every enabled one (the config decides). */
  detectors: string[] | undefined;
  fix: boolean;
  externalLinks: boolean;
  /** undefined: `changelog.tagPrefix` from the config. */
  tagPrefix: string | undefined;
  /** A monorepo package (name or path from `changelog.packages`); undefined: the repository, or every package. */
  package: string | undefined;
  /** `""` for the workspace itself. */
  workingDirectory: string;
}

const MODES: readonly Mode[] = ["auto", "pr", "docs", "changelog"];

/**
 * Parses every input of the action, with the same meaning as the flags of `upkeep drift-check` and
 * `upkeep changelog`. Throws InputError naming the input and the accepted values for anything it cannot read.
 */
export function readInputs(read: InputReader): DriftCheckInputs {
  const get = (name: string) => read(name).trim();
  const detectors = splitList(read("detectors"));
  // A tag prefix may legitimately be empty only through the config; an input left empty means "use the config".
  const tagPrefix = get("tag-prefix");
  const pkg = get("package");
  return {
    mode: oneOf("mode", requiredInput(read, "mode", "auto, pr, docs or changelog"), MODES),
    config: requiredInput(read, "config", "a path such as .github/upkeep.yml"),
    detectors: detectors.length > 0 ? detectors : undefined,
    fix: parseBoolean("fix", requiredInput(read, "fix", "true or false")),
    externalLinks: parseBoolean("external-links", requiredInput(read, "external-links", "true or false")),
    ...reportInputs(read),
    tagPrefix: tagPrefix || undefined,
    package: pkg || undefined,
    workingDirectory: workingDirectoryInput(read("working-directory")),
  };
}

/** The checks one run makes. */
export interface Checks {
  /** The pull-request gate (changelog entry, title lint, release preview). */
  pr: boolean;
  /** The docs drift detectors. */
  docs: boolean;
  /** Keep only docs findings in files the pull request changes (auto mode on a pull request). */
  docsChangedOnly: boolean;
  /** CHANGELOG.md against the release tags and commits. */
  changelog: boolean;
}

/**
 * The checks a mode makes on an event: `auto` runs the gate plus the docs check on the changed files for
 * a pull request and the whole docs check otherwise; `pr`, `docs` and `changelog` run only that check.
 * Throws InputError for `pr` on an event without a pull request.
 */
export function checksFor(mode: Mode, event: EventInfo): Checks {
  const none: Checks = { pr: false, docs: false, docsChangedOnly: false, changelog: false };
  switch (mode) {
    case "auto":
      return event.pullRequest ? { ...none, pr: true, docs: true, docsChangedOnly: true } : { ...none, docs: true };
    case "pr":
      if (!event.pullRequest) {
        throw new InputError(`mode is pr but the ${event.name} event has no pull request`, {
          hint: "run it on pull_request (or pull_request_target) events, or use mode: auto",
        });
      }
      return { ...none, pr: true };
    case "docs":
      return { ...none, docs: true };
    case "changelog":
      return { ...none, changelog: true };
  }
}
