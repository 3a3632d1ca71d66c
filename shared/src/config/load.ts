import { ConfigError, type ConfigProblem } from "../errors.js";
import { DEFAULT_CONFIG_PATH } from "./default-path.js";
import { finalizeConfig } from "./finalize.js";
import { deepMerge } from "./merge.js";
import type { ParsedConfigFile } from "./parse.js";
import type { ConfigSource, LoadedConfig } from "./types.js";

export { DEFAULT_CONFIG_PATH };

/** How many `_extends` hops a chain may have. */
export const MAX_EXTENDS_DEPTH = 5;

/** A parsed `_extends` value. `owner` is undefined for `repo` / `repo:path` (same owner). */
export interface ExtendsRef {
  owner: string | undefined;
  repo: string;
  path: string | undefined;
}

// Same shape as Probot's config `_extends`: [owner/]repo[:path.yml].
const EXTENDS_RE =
  /^(?:([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})\/)?([-_.A-Za-z0-9]+)(?::([-_./A-Za-z0-9]+\.ya?ml))?$/;

/** Parses `owner/repo`, `owner/repo:path.yml`, `repo` or `repo:path.yml`; undefined when malformed. */
export function parseExtends(value: string): ExtendsRef | undefined {
  const m = EXTENDS_RE.exec(value.trim());
  if (!m?.[2]) return undefined;
  return { owner: m[1], repo: m[2], path: m[3] };
}

interface Target {
  /** `owner/name`, or undefined for the current repository. */
  repo: string | undefined;
  path: string;
}

function ownerOf(repo: string | undefined): string | undefined {
  return repo?.split("/")[0];
}

function label(target: Target): string {
  return target.repo ? `${target.repo}:${target.path}` : target.path;
}

/**
 * Loads `.github/upkeep.yml` (or `path`) through `source`, follows `_extends` chains (at most
 * {@link MAX_EXTENDS_DEPTH} hops; objects merge, lists are replaced, the extending file wins), falls
 * back to `<orgFallback>/.github`'s `.github/upkeep.yml` when the repository has no file, validates
 * every file against shared/upkeep.schema.json and fills in the schema's defaults. No file at all is
 * not an error: the defaults apply (zero config).
 *
 * `repo` (`owner/name`) is the current repository; it resolves `_extends: repo` without an owner and
 * recognises a chain that comes back to it. Defaults: path `.github/upkeep.yml`, strict true.
 *
 * Throws ConfigError listing every problem (file, line, column, key) when `strict` is true and any
 * file is invalid or an `_extends` cannot be followed (missing base, cycle, too deep). With strict
 * false it never throws for configuration problems: it returns the valid parts (invalid subtrees
 * dropped, defaults in their place) and the problems. Errors thrown by `source` pass through.
 */
export async function loadConfig(options: {
  source: ConfigSource;
  path?: string;
  repo?: string;
  orgFallback?: string;
  strict?: boolean;
}): Promise<LoadedConfig> {
  const { source, repo: currentRepo, orgFallback } = options;
  const strict = options.strict ?? true;
  const problems: ConfigProblem[] = [];
  const chain: ParsedConfigFile[] = [];

  let target: Target = { repo: undefined, path: options.path ?? DEFAULT_CONFIG_PATH };
  let found = await source.read(target.repo, target.path);
  if (!found && orgFallback) {
    target = { repo: `${orgFallback}/.github`, path: DEFAULT_CONFIG_PATH };
    found = await source.read(target.repo, target.path);
  }
  const seen: string[] = [];
  const identity = (t: Target) => `${(t.repo ?? currentRepo ?? "").toLowerCase()}:${t.path}`;

  // The YAML parser and the schema's validator are loaded only when there is a file to parse.
  const parseConfigFile = found ? (await import("./parse.js")).parseConfigFile : undefined;
  while (found && parseConfigFile) {
    seen.push(identity(target));
    const parsed = parseConfigFile(found.text, found.file);
    chain.push(parsed);
    problems.push(...parsed.problems);
    const ext = parsed.extends;
    if (!ext) break;

    const at = { file: parsed.file, line: ext.position.line, column: ext.position.column, key: "_extends" };
    const ref = parseExtends(ext.value);
    const owner = ref?.owner ?? ownerOf(target.repo ?? currentRepo);
    if (!ref || !owner) {
      problems.push({
        ...at,
        message: `cannot tell which repository "${ext.value}" is in; write it as owner/repo or owner/repo:path/to/file.yml`,
      });
      break;
    }
    const fullName = `${owner}/${ref.repo}`;
    const next: Target = {
      repo: currentRepo && fullName.toLowerCase() === currentRepo.toLowerCase() ? undefined : fullName,
      path: ref.path ?? DEFAULT_CONFIG_PATH,
    };
    if (seen.includes(identity(next))) {
      const names = [...chain.map((c) => c.file), label(next)];
      problems.push({ ...at, message: `_extends cycle: ${names.join(" -> ")}` });
      break;
    }
    if (chain.length > MAX_EXTENDS_DEPTH) {
      problems.push({
        ...at,
        message: `_extends chain is deeper than ${MAX_EXTENDS_DEPTH} files: ${chain.map((c) => c.file).join(" -> ")}`,
      });
      break;
    }
    target = next;
    found = await source.read(target.repo, target.path);
    if (!found) {
      problems.push({
        ...at,
        message: `base configuration ${label(next)} does not exist or cannot be read`,
      });
    }
  }

  if (strict && problems.length > 0) {
    throw new ConfigError(problems, {
      hint: "fix the keys listed above (run `upkeep config validate` to check; docs/config.md lists every key)",
    });
  }
  let merged: Record<string, unknown> = {};
  for (const file of [...chain].reverse()) merged = deepMerge(merged, file.data);
  return { config: finalizeConfig(merged), files: chain.map((c) => c.file).reverse(), problems };
}
