/** PyPI releases from the JSON API (`/pypi/{name}/json`). */
import { badShape, isObject } from "../http.js";
import { normalizePypiName, type Release, type VersionSource } from "../types.js";
import { baseUrl, type RegistryOptions, registryGetJson } from "./registry-http.js";

/** The public PyPI. */
export const PYPI_URL = "https://pypi.org";

/**
 * Releases from a PyPI JSON document. A release's time is its earliest file upload; it is yanked when
 * every file is. Versions without files are skipped: there is nothing to install.
 */
export function parsePypiProject(doc: unknown, url: string): Release[] {
  if (!isObject(doc) || !isObject(doc.releases)) badShape("PyPI", url, "a project document with `releases`");
  const out: Release[] = [];
  for (const [version, files] of Object.entries(doc.releases)) {
    if (!Array.isArray(files) || files.length === 0) continue;
    const times = files
      .map((f: unknown) => (isObject(f) && typeof f.upload_time_iso_8601 === "string" ? f.upload_time_iso_8601 : ""))
      .filter((t) => t !== "")
      .sort();
    const release: Release = { version };
    if (times[0]) release.publishedAt = times[0];
    if (files.every((f: unknown) => isObject(f) && f.yanked === true)) release.yanked = true;
    out.push(release);
  }
  return out;
}

/**
 * PyPI releases. Default https://pypi.org (any index serving the JSON API: devpi, Artifactory, a mirror).
 * Names are sent PEP 503-normalised. Throws as {@link VersionSource.releases} documents.
 */
export function pypiVersions(options: RegistryOptions): VersionSource {
  const registry = baseUrl(options, PYPI_URL);
  return {
    id: "pypi",
    ecosystem: "PyPI",
    async releases(name) {
      const url = `${registry}/pypi/${encodeURIComponent(normalizePypiName(name))}/json`;
      return parsePypiProject(await registryGetJson(options, { ecosystem: "PyPI", registry, name, url }), url);
    },
  };
}
