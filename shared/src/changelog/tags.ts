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
