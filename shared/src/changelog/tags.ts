import semver from "semver";
import type { ReleaseTag } from "./types.js";

/** Which tags are releases of what: the repository (`tagPrefix`) or one monorepo package. */
export interface TagScheme {
  /** Tag prefix for a single-package repository (`v` → `v1.2.3`). Ignored when `format` is set. */
  prefix: string;
  /** Package tag format with `{name}` and `{version}` (`{name}@{version}`, `{name}-v{version}`). */
  format?: string;
  /** Package name put into `{name}`. */
  packageName?: string;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Returns a function giving the version a tag name stands for under `scheme` (strict semver, so
 * `v1.2` or `v1.2.3.4` are not releases), or undefined for a tag that is not one of its releases.
 * Throws Error when a package format lacks `{version}`.
 */
export function tagMatcher(scheme: TagScheme): (tag: string) => string | undefined {
  let re: RegExp;
  if (scheme.format) {
    if (!scheme.format.includes("{version}")) throw new Error(`tag format ${scheme.format} has no {version}`);
    const pattern = escapeRegExp(scheme.format)
      .replace(escapeRegExp("{name}"), escapeRegExp(scheme.packageName ?? ""))
      .replace(escapeRegExp("{version}"), "(.+)");
    re = new RegExp(`^${pattern}$`);
  } else {
    re = new RegExp(`^${escapeRegExp(scheme.prefix)}(.+)$`);
  }
  return (tag) => {
    const m = re.exec(tag);
    const v = m?.[1];
    return v !== undefined && semver.valid(v) === v ? v : undefined;
  };
}

/** The tag name for `version` under `scheme` (`v1.3.0`, `pkg@1.3.0`). */
export function tagName(scheme: TagScheme, version: string): string {
  if (scheme.format) return scheme.format.replace("{name}", scheme.packageName ?? "").replace("{version}", version);
  return `${scheme.prefix}${version}`;
}

/**
 * The release tags of `scheme` among `tags` (name → commit) whose commit is in `reachable`, sorted by
 * ascending semver (ties by name).
 */
export function releaseTags(
  tags: ReadonlyMap<string, string>,
  scheme: TagScheme,
  reachable: { has(hash: string): boolean },
): ReleaseTag[] {
  const match = tagMatcher(scheme);
  const out: ReleaseTag[] = [];
  for (const [name, commit] of tags) {
    const version = match(name);
    if (version === undefined || !reachable.has(commit)) continue;
    out.push({
      name,
      commit,
      version,
      ...(scheme.packageName && scheme.format ? { packageName: scheme.packageName } : {}),
    });
  }
  return out.sort((a, b) => semver.compare(a.version, b.version) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A shape release tags of a repository share, with how many tags have it (`v{version}` × 84). */
export interface TagPattern {
  pattern: string;
  count: number;
  /** The newest tag of the shape (by version). */
  example: string;
}

const VERSION_IN_TAG = /^(.*?)(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/;

/**
 * The shapes of the version tags among `tags` (`v{version}`, `{version}`, `@scope/pkg@{version}`), most
 * common first. Tags without a `major.minor.patch` version are left out.
 */
export function tagPatterns(tags: Iterable<string>): TagPattern[] {
  const byPattern = new Map<string, { count: number; example: string; version: string }>();
  for (const tag of tags) {
    const m = VERSION_IN_TAG.exec(tag);
    const version = m?.[2];
    if (!m || !version || semver.valid(version) !== version) continue;
    const pattern = `${m[1]}{version}`;
    const seen = byPattern.get(pattern);
    if (!seen) byPattern.set(pattern, { count: 1, example: tag, version });
    else {
      seen.count++;
      if (semver.gt(version, seen.version)) {
        seen.example = tag;
        seen.version = version;
      }
    }
  }
  return [...byPattern.entries()]
    .map(([pattern, v]) => ({ pattern, count: v.count, example: v.example }))
    .sort((a, b) => b.count - a.count || a.pattern.localeCompare(b.pattern));
}

/**
 * The repository-level tag prefix to use: `configured` when some tag has it, else the prefix (`v` or
 * none) that most version tags of the repository have. `detected` is true when it differs from
 * `configured`; `prefix` is undefined when no repository-level version tag exists at all (only package
 * tags such as `pkg@1.2.3`, or none).
 */
export function detectTagPrefix(
  tags: Iterable<string>,
  configured: string,
): { prefix: string | undefined; detected: boolean; patterns: TagPattern[] } {
  const patterns = tagPatterns(tags);
  if (patterns.some((p) => p.pattern === `${configured}{version}`))
    return { prefix: configured, detected: false, patterns };
  const plain = patterns.find((p) => p.pattern === "{version}" || p.pattern === "v{version}");
  if (!plain) return { prefix: undefined, detected: false, patterns };
  return { prefix: plain.pattern.slice(0, -"{version}".length), detected: true, patterns };
}
