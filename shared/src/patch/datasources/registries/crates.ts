/** crates.io releases (`/api/v1/crates/{name}/versions`). */
import { badShape, isObject } from "../http.js";
import type { Release, VersionSource } from "../types.js";
import { baseUrl, type RegistryOptions, registryGetJson } from "./registry-http.js";

/** The public crates.io. */
export const CRATES_URL = "https://crates.io";

/** Releases from one page of the versions endpoint, and the query string of the next page if any. */
export function parseCratesVersions(doc: unknown, url: string): { releases: Release[]; nextPage?: string } {
  if (!isObject(doc) || !Array.isArray(doc.versions)) badShape("crates.io", url, "an object with `versions`");
  const releases = doc.versions.map((v: unknown, i: number) => {
    if (!isObject(v) || typeof v.num !== "string") badShape("crates.io", url, `versions[${i}].num`);
    const release: Release = { version: v.num };
    if (typeof v.created_at === "string") release.publishedAt = v.created_at;
    if (v.yanked === true) release.yanked = true;
    return release;
  });
  const next = isObject(doc.meta) && typeof doc.meta.next_page === "string" ? doc.meta.next_page : undefined;
  return next ? { releases, nextPage: next } : { releases };
}

/**
 * crates.io releases. Default https://crates.io. crates.io refuses requests without a User-Agent that
 * names the tool, so one is always sent (option `userAgent`). Follows `meta.next_page` when the server
 * pages. Throws as {@link VersionSource.releases} documents.
 */
export function cratesVersions(options: RegistryOptions): VersionSource {
  const registry = baseUrl(options, CRATES_URL);
  return {
    id: "crates",
    ecosystem: "crates.io",
    async releases(name) {
      const first = `${registry}/api/v1/crates/${encodeURIComponent(name)}/versions`;
      const out: Release[] = [];
      let url: string | undefined = first;
      for (let page = 0; url && page < 1000; page++) {
        const doc = await registryGetJson(options, { ecosystem: "crates.io", registry, name, url });
        const parsed = parseCratesVersions(doc, url);
        out.push(...parsed.releases);
        url = parsed.nextPage ? `${first}${parsed.nextPage.startsWith("?") ? "" : "?"}${parsed.nextPage}` : undefined;
      }
      return out;
    },
  };
}
