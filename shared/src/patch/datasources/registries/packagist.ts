/** Packagist releases from Composer 2 metadata (`/p2/{vendor}/{name}.json`). */
import { badShape, isObject } from "../http.js";
import type { Release, VersionSource } from "../types.js";
import { baseUrl, type RegistryOptions, registryGetJson } from "./registry-http.js";

/** The public Packagist metadata host. */
export const PACKAGIST_URL = "https://repo.packagist.org";

/**
 * Expands Composer's "composer/2.0" minified version list: the first entry is complete, each later entry
 * holds only the keys that differ from the one before, and the string `"__unset"` removes a key.
 * (The format's reference implementation is PHP-only: composer/metadata-minifier.)
 */
export function expandComposerMinified(entries: readonly unknown[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let state: Record<string, unknown> = {};
  for (const entry of entries) {
    if (!isObject(entry)) continue;
    state = { ...state };
    for (const [key, value] of Object.entries(entry)) {
      if (value === "__unset") delete state[key];
      else state[key] = value;
    }
    out.push(state);
  }
  return out;
}

/** Releases from a p2 document for `name` (expanding it when `minified` says so). */
export function parsePackagistP2(doc: unknown, name: string, url: string): Release[] {
  if (!isObject(doc) || !isObject(doc.packages)) badShape("Packagist", url, "an object with `packages`");
  const key = Object.keys(doc.packages).find((k) => k.toLowerCase() === name.toLowerCase());
  const raw = key === undefined ? undefined : doc.packages[key];
  if (!Array.isArray(raw)) badShape("Packagist", url, `packages["${name}"] to be a list of versions`);
  const entries = doc.minified === "composer/2.0" ? expandComposerMinified(raw) : raw.filter(isObject);
  return entries.flatMap((e) => {
    if (typeof e.version !== "string") return [];
    const release: Release = { version: e.version };
    if (typeof e.time === "string") release.publishedAt = e.time;
    if (e.abandoned !== undefined && e.abandoned !== false) release.deprecated = true;
    return [release];
  });
}

/**
 * Packagist releases (tagged versions; dev branches live in a separate `~dev` file and are never
 * "outdated" targets). Default https://repo.packagist.org; private Packagist or Satis with `url`.
 * Throws as {@link VersionSource.releases} documents.
 */
export function packagistVersions(options: RegistryOptions): VersionSource {
  const registry = baseUrl(options, PACKAGIST_URL);
  return {
    id: "packagist",
    ecosystem: "Packagist",
    async releases(name) {
      const lower = name.toLowerCase();
      const url = `${registry}/p2/${lower.split("/").map(encodeURIComponent).join("/")}.json`;
      return parsePackagistP2(
        await registryGetJson(options, { ecosystem: "Packagist", registry, name, url }),
        lower,
        url,
      );
    },
  };
}
