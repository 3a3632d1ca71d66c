import {
  fromInput,
  type InputReader,
  oneOf,
  parseBoolean,
  type ReportInputs,
  reportInputs,
  requiredInput,
  splitList,
  workingDirectoryInput,
} from "@upkeep/action-kit/inputs.js";
import type { PatchConfig } from "@upkeep/shared/config/types.js";
import { InputError } from "@upkeep/shared/errors.js";
import { type CommentMode, pullRequestOf, shouldComment } from "@upkeep/shared/github/event.js";
import { type PatchOverrides, parseDeadlines, parseRegistryPairs, parseSources } from "@upkeep/shared/patch/setup.js";

export type { CommentMode, InputReader };
export { parseBoolean, shouldComment, splitList };

export type PrMode = "auto" | "true" | "false";

/** Every input of actions/patch-check, parsed and checked. Unset optional inputs stay undefined. */
export interface PatchCheckInputs extends ReportInputs {
  /** Everything that goes on top of `.github/upkeep.yml` (the same overrides the CLI builds from flags). */
  overrides: PatchOverrides;
  config: string;
  prMode: PrMode;
  baseRef: string | undefined;
  /** Private registry tokens by registry id. */
  registryTokens: Record<string, string>;
  /** `""` for the workspace itself. */
  workingDirectory: string;
}

const FAIL_ON: readonly PatchConfig["failOn"][] = ["critical", "high", "medium", "low", "none"];

function wholeDays(name: string, value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new InputError(`input ${name} is "${value}", not a whole number of days`, { hint: "e.g. 3, or 0 for none" });
  }
  return Number(value);
}

/**
 * Secret values inside a `registry-tokens` input, to be masked before anything parses (and might quote) it:
 * the whole value, every pair, and every token after `=`.
 */
export function registryTokenSecrets(text: string): string[] {
  const out = new Set<string>();
  if (text.trim()) out.add(text.trim());
  for (const pair of text.split(/[\s,]+/).filter(Boolean)) {
    out.add(pair);
    const i = pair.indexOf("=");
    if (i >= 0 && pair.length > i + 1) out.add(pair.slice(i + 1));
  }
  return [...out];
}

/**
 * Parses every input of the action. Empty optional inputs leave the configuration in charge.
 * `eol: true` keeps the config's setting (on by default); only `false` turns the check off.
 * Throws InputError naming the input and the accepted values for anything it cannot read.
 */
export function readInputs(read: InputReader): PatchCheckInputs {
  const get = (name: string) => read(name).trim();
  const overrides: PatchOverrides = {};
  const paths = splitList(read("paths"));
  if (paths.length) overrides.paths = paths;
  const exclude = splitList(read("exclude"));
  if (exclude.length) overrides.exclude = exclude;
  if (get("sources")) overrides.sources = fromInput("sources", () => parseSources(get("sources")));
  if (get("osv-url")) {
    const url = get("osv-url");
    if (!/^https?:\/\/[^\s]+$/.test(url)) {
      throw new InputError(`input osv-url is "${url}", not an http(s) URL`, { hint: "e.g. https://api.osv.dev" });
    }
    overrides.osvUrl = url;
  }
  if (get("osv-dir")) overrides.osvDir = get("osv-dir");
  if (get("fail-on")) overrides.failOn = oneOf("fail-on", get("fail-on"), FAIL_ON);
  if (get("deadlines")) overrides.deadlines = fromInput("deadlines", () => parseDeadlines(read("deadlines")));
  if (get("outdated")) overrides.outdated = parseBoolean("outdated", get("outdated"));
  if (get("cooldown-days")) overrides.cooldownDays = wholeDays("cooldown-days", get("cooldown-days"));
  if (get("registries")) {
    overrides.registries = fromInput("registries", () => parseRegistryPairs(read("registries"), "registry"));
  }
  const eol = parseBoolean("eol", requiredInput(read, "eol", "true or false"));
  if (!eol) overrides.eol = false;

  const baseRef = get("base-ref");
  return {
    overrides,
    config: requiredInput(read, "config", "a path such as .github/upkeep.yml"),
    prMode: oneOf("pr-mode", requiredInput(read, "pr-mode", "auto, true or false"), ["auto", "true", "false"] as const),
    baseRef: baseRef || undefined,
    ...reportInputs(read),
    registryTokens: get("registry-tokens")
      ? fromInput("registry-tokens", () => parseRegistryPairs(read("registry-tokens"), "registry"))
      : {},
    workingDirectory: workingDirectoryInput(read("working-directory")),
  };
}

/**
 * The ref PR mode compares with, or undefined when PR mode is off. `auto` is on for pull request events
 * (base-ref, else the pull request's base sha); `true` needs one of them. Throws InputError when PR mode
 * is forced on with nothing to compare with.
 */
export function prBase(mode: PrMode, baseRef: string | undefined, event: EventInfo): string | undefined {
  if (mode === "false") return undefined;
  const base = baseRef ?? event.pullRequest?.baseSha;
  if (mode === "auto") return event.pullRequest ? base : undefined;
  if (!base) {
    throw new InputError(`pr-mode is true but the ${event.name} event has no pull request base`, {
      hint: "set base-ref (e.g. origin/main or a sha), or use pr-mode: auto",
    });
  }
  return base;
}

/** The triggering event, as far as PR mode and the comment care. */
export interface EventInfo {
  name: string;
  pullRequest?: { number: number; baseSha: string | undefined };
}

/** Reads the pull request (number, base sha) out of a `pull_request`/`pull_request_target` payload. */
export function eventInfo(name: string, payload: unknown): EventInfo {
  const pr = pullRequestOf(name, payload);
  return pr ? { name, pullRequest: { number: pr.number, baseSha: pr.baseSha } } : { name };
}
