/** npm registry releases from the full packument (the abbreviated one has no publish times). */
import { badShape, isObject } from "../http.js";
import type { Release, VersionSource } from "../types.js";
import { baseUrl, type RegistryOptions, registryGetJson } from "./registry-http.js";

/** The public npm registry. */
export const NPM_REGISTRY_URL = "https://registry.npmjs.org";

/** `@scope/name` -> `@scope%2fname`, the form every npm registry accepts in a path. */
export function npmPackagePath(name: string): string {
  return name.startsWith("@") ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
}

/**
 * Releases from an npm packument: each key of `versions`, its `time` entry, and `deprecated`.
 * Unpublished versions (left only in `time`) are not releases.
 */
export function parseNpmPackument(doc: unknown, url: string): Release[] {
  if (!isObject(doc) || !isObject(doc.versions)) badShape("npm", url, "a packument with `versions`");
  const time = isObject(doc.time) ? doc.time : {};
  const versions = doc.versions;
  const releases: Release[] = [];
  // for-in over the parsed JSON instead of Object.entries: packuments reach thousands of versions and
  // megabytes, and the [key, value] pairs were measurable garbage on every registry answer.
  for (const version in versions) {
    const release: Release = { version };
    const published = time[version];
    if (typeof published === "string") release.publishedAt = published;
    const meta = versions[version];
    if (isObject(meta)) {
      if (typeof meta.deprecated === "string" && meta.deprecated !== "") release.deprecated = true;
      const deps = dependencyRanges(meta);
      if (deps !== undefined) release.dependencies = deps;
    }
    releases.push(release);
  }
  return releases;
}

/** `optionalDependencies` then `dependencies` (a later entry wins, as npm installs it); undefined when none. */
function dependencyRanges(meta: Record<string, unknown>): Record<string, string> | undefined {
  let deps: Record<string, string> | undefined;
  for (const field of DEPENDENCY_FIELDS) {
    const table = meta[field];
    if (!isObject(table)) continue;
    for (const dep in table) {
      const range = table[dep];
      if (typeof range !== "string") continue;
      deps ??= {};
      deps[dep] = range;
    }
  }
  return deps;
}

const DEPENDENCY_FIELDS = ["optionalDependencies", "dependencies"] as const;

/**
 * npm releases. Default registry https://registry.npmjs.org (set `url` for a private registry or mirror,
 * `token` for one that needs auth). Throws as {@link VersionSource.releases} documents.
 */
export function npmVersions(options: RegistryOptions): VersionSource {
  const registry = baseUrl(options, NPM_REGISTRY_URL);
  return {
    id: "npm",
    ecosystem: "npm",
    async releases(name) {
      const url = `${registry}/${npmPackagePath(name)}`;
      // `application/json` asks for the full document: the abbreviated install format drops `time`.
      const doc = await registryGetJson(options, { ecosystem: "npm", registry, name, url, accept: "application/json" });
      return parseNpmPackument(doc, url);
    },
  };
}
