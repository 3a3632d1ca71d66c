/** RubyGems releases (`/api/v1/versions/{name}.json`). */
import { badShape, isObject } from "../http.js";
import type { Release, VersionSource } from "../types.js";
import { baseUrl, type RegistryOptions, registryGetJson } from "./registry-http.js";

/** The public RubyGems.org. */
export const RUBYGEMS_URL = "https://rubygems.org";

/**
 * Releases from the versions endpoint. A number published for several platforms (ruby, java,
 * x86_64-linux, ...) is one release dated by its first upload. Yanked gems are not listed by RubyGems.
 */
export function parseRubygemsVersions(doc: unknown, url: string): Release[] {
  if (!Array.isArray(doc)) badShape("RubyGems", url, "a list of versions");
  const byNumber = new Map<string, Release>();
  doc.forEach((v: unknown, i: number) => {
    if (!isObject(v) || typeof v.number !== "string") badShape("RubyGems", url, `[${i}].number`);
    const created = typeof v.created_at === "string" ? v.created_at : undefined;
    const seen = byNumber.get(v.number);
    if (!seen) {
      byNumber.set(v.number, created ? { version: v.number, publishedAt: created } : { version: v.number });
      return;
    }
    if (created && (!seen.publishedAt || Date.parse(created) < Date.parse(seen.publishedAt)))
      seen.publishedAt = created;
  });
  return [...byNumber.values()];
}

/**
 * RubyGems releases. Default https://rubygems.org (Gemfury, Artifactory, ... with `url`).
 * Throws as {@link VersionSource.releases} documents.
 */
export function rubygemsVersions(options: RegistryOptions): VersionSource {
  const registry = baseUrl(options, RUBYGEMS_URL);
  return {
    id: "rubygems",
    ecosystem: "RubyGems",
    async releases(name) {
      const url = `${registry}/api/v1/versions/${encodeURIComponent(name)}.json`;
      return parseRubygemsVersions(await registryGetJson(options, { ecosystem: "RubyGems", registry, name, url }), url);
    },
  };
}
