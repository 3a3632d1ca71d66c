import type { PatchConfig, PatchDeadlines, PatchSource, RegistryUrls } from "../config/types.js";
import { InputError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { FetchPort, FileSystemPort } from "../ports.js";
import type { PatchCheckOptions } from "./check/index.js";
import { createGitHubAdvisorySource, type GitHubRequestClient } from "./datasources/github/github-source.js";
import { fileSystemCache } from "./datasources/osv/cache.js";
import { createOsvSource } from "./datasources/osv/osv-source.js";
import { createOsvOfflineSource } from "./datasources/osv-offline/offline-source.js";
import { versionSources } from "./datasources/registries/registry.js";
import type { VersionSource, VulnerabilitySource } from "./datasources/types.js";
import type { PatchPolicy } from "./policy.js";
import type { Ecosystem } from "./types.js";

/** What a shell may set on top of `.github/upkeep.yml` (CLI flags, action inputs); unset keys keep the config. */
export interface PatchOverrides {
  paths?: string[];
  exclude?: string[];
  sources?: PatchSource[];
  osvUrl?: string;
  osvDir?: string;
  failOn?: PatchConfig["failOn"];
  deadlines?: Partial<PatchDeadlines>;
  outdated?: boolean;
  cooldownDays?: number;
  registries?: RegistryUrls;
  /** PR mode: the base ref to compare with. */
  base?: string;
  /** No registry lookups at all: fix dates fall back to the advisory date, no outdated check. */
  offline?: boolean;
  eol?: boolean;
}

/** The outside world the datasources need, supplied by the shell. */
export interface PatchEnvironment {
  fetch: FetchPort;
  /** Reads `osvDir` (unless `osvFs` is given) and the advisory cache. */
  fs: FileSystemPort;
  /**
   * Reads `osvDir` when it lies outside the scanned project (`--osv-dir ~/osv/all.zip`): the shell roots
   * it at the database's folder and passes the file name as `osvDir`. Default `fs`.
   */
  osvFs?: FileSystemPort;
  /** For the `github` source; called only when that source is selected. */
  githubClient?: () => GitHubRequestClient;
  /** Tokens for private registries, by registry id (`npm`, `pypi`, ...). Never logged. */
  registryTokens?: Partial<Record<string, string>>;
  /** Folder (relative to `fs`) for the OSV advisory cache; none when undefined. */
  cacheDir?: string;
  logger: Logger;
}

const SOURCES: readonly PatchSource[] = ["osv", "osv-offline", "github"];
const DEADLINE_KEYS = ["critical", "high", "medium", "low", "unknown"] as const;

/**
 * Reads `critical=7,high=30` (commas, spaces or newlines between pairs; `off` or `0` disables one).
 * Throws InputError naming the bad pair.
 */
export function parseDeadlines(text: string): Partial<PatchDeadlines> {
  const out: Partial<PatchDeadlines> = {};
  for (const pair of text.split(/[\s,]+/).filter(Boolean)) {
    const m = /^([a-z]+)=(\d+|off)$/i.exec(pair);
    const key = m?.[1]?.toLowerCase();
    if (!m || !key || !(DEADLINE_KEYS as readonly string[]).includes(key)) {
      throw new InputError(`deadline "${pair}" is not SEVERITY=DAYS`, {
        hint: `write e.g. critical=7,high=30 (severities: ${DEADLINE_KEYS.join(", ")}; DAYS a whole number or off)`,
      });
    }
    out[key as keyof PatchDeadlines] = m[2] === "off" || m[2] === "0" ? null : Number(m[2]);
  }
  return out;
}

/** Reads a list of sources (`osv,github`); throws InputError for an unknown one. */
export function parseSources(text: string): PatchSource[] {
  const list = text.split(/[\s,]+/).filter(Boolean);
  for (const s of list) {
    if (!(SOURCES as readonly string[]).includes(s)) {
      throw new InputError(`unknown advisory source "${s}"`, { hint: `use one or more of: ${SOURCES.join(", ")}` });
    }
  }
  return [...new Set(list)] as PatchSource[];
}

/** Reads `id=value` pairs (registry URLs or tokens); throws InputError naming a bad pair or an unknown id. */
export function parseRegistryPairs(text: string, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(/[\s,]+/).filter(Boolean)) {
    const i = pair.indexOf("=");
    const id = i > 0 ? pair.slice(0, i) : "";
    if (!versionSources.has(id)) {
      throw new InputError(`${what} "${i > 0 ? id : pair}" does not name a registry`, {
        hint: `write ID=VALUE with ID one of: ${[...versionSources.keys()].join(", ")}`,
      });
    }
    out[id] = pair.slice(i + 1);
  }
  return out;
}

/** The effective policy: config first, overrides on top. */
export function policyFrom(config: PatchConfig, overrides: PatchOverrides = {}): PatchPolicy {
  return {
    failOn: overrides.failOn ?? config.failOn,
    unknownSeverity: config.unknownSeverity,
    deadlines: { ...config.deadlines, ...overrides.deadlines },
    failScopes: config.scopes.fail,
    noFix: config.noFix,
    exceptions: config.exceptions,
    deny: config.deny,
  };
}

/**
 * Turns `.github/upkeep.yml`'s `patch` section plus shell overrides into engine options with live
 * datasources. Throws InputError when a selected source lacks what it needs (osv-offline without a
 * folder, github without a client).
 */
export function resolvePatchCheck(
  config: PatchConfig,
  overrides: PatchOverrides,
  env: PatchEnvironment,
): PatchCheckOptions {
  const osvDir = overrides.osvDir ?? config.osvDir;
  let sourceIds = overrides.sources ?? config.sources;
  // Naming an offline database without choosing sources means: use it (and nothing online).
  if (overrides.osvDir && !overrides.sources) sourceIds = ["osv-offline"];
  const http = { fetch: env.fetch, logger: env.logger };
  const sourceFor = (id: PatchSource): VulnerabilitySource => {
    switch (id) {
      case "osv":
        return createOsvSource({
          ...http,
          url: overrides.osvUrl ?? config.osvUrl ?? "https://api.osv.dev",
          ...(env.cacheDir ? { cache: fileSystemCache(env.fs, env.cacheDir) } : {}),
        });
      case "osv-offline":
        if (!osvDir) {
          throw new InputError("the osv-offline source needs a folder or all.zip", {
            hint: "set patch.osvDir in .github/upkeep.yml, --osv-dir, or the osv-dir input",
          });
        }
        return createOsvOfflineSource({ fs: env.osvFs ?? env.fs, path: osvDir, logger: env.logger });
      case "github":
        if (!env.githubClient) {
          throw new InputError("the github advisory source needs a GitHub token", {
            hint: "set GITHUB_TOKEN (or the token input)",
          });
        }
        return createGitHubAdvisorySource({ client: env.githubClient(), logger: env.logger });
    }
  };
  const sources = sourceIds.map(sourceFor);

  const registries: Partial<Record<Ecosystem, VersionSource>> = {};
  if (!overrides.offline) {
    const urls: RegistryUrls = { ...config.outdated.registries, ...overrides.registries };
    for (const [id, entry] of versionSources) {
      const url = urls[id as keyof RegistryUrls];
      const token = env.registryTokens?.[id];
      registries[entry.ecosystem] = entry.create({ ...http, ...(url ? { url } : {}), ...(token ? { token } : {}) });
    }
  }
  const outdatedEnabled = !overrides.offline && (overrides.outdated ?? config.outdated.enabled);
  return {
    paths: overrides.paths?.length ? overrides.paths : config.paths,
    exclude: [...config.exclude, ...(overrides.exclude ?? [])],
    ...(config.ignorePaths ? { ignorePaths: config.ignorePaths } : {}),
    policy: policyFrom(config, overrides),
    sources,
    registries,
    outdated: { enabled: outdatedEnabled, cooldownDays: overrides.cooldownDays ?? config.outdated.cooldownDays },
    eol: { ...config.eol, enabled: overrides.eol ?? config.eol.enabled },
    ...(overrides.base ? { pullRequest: { base: overrides.base } } : {}),
  };
}
