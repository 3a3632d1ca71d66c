/** Go module proxy releases (`/{module}/@v/list` and `/{module}/@v/{version}.info`). */
import { badShape, isObject, mapConcurrent, parseJsonBody } from "../http.js";
import type { Release, VersionSource } from "../types.js";
import { baseUrl, type RegistryOptions, registryGet } from "./registry-http.js";

/** The public Go module proxy. */
export const GOPROXY_URL = "https://proxy.golang.org";

/**
 * The GOPROXY protocol's case encoding: each uppercase letter becomes `!` and its lowercase, so module
 * paths stay unambiguous on case-insensitive file systems (`github.com/Azure/x` -> `github.com/!azure/x`).
 */
export function goProxyEscape(path: string): string {
  return path.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

/**
 * Go module releases. Default https://proxy.golang.org (set `url` for GOPROXY mirrors such as Athens).
 * Lists tagged versions, then reads each `.info` for its time (`concurrency` at a time). Throws as
 * {@link VersionSource.releases} documents.
 */
export function goProxyVersions(options: RegistryOptions): VersionSource {
  const registry = baseUrl(options, GOPROXY_URL);
  const service = `Go registry ${registry}`;
  return {
    id: "goproxy",
    ecosystem: "Go",
    async releases(name) {
      const module = `${registry}/${goProxyEscape(name)}/@v`;
      const list = await registryGet(options, {
        ecosystem: "Go",
        registry,
        name,
        url: `${module}/list`,
        accept: "text/plain",
      });
      const versions = [
        ...new Set(
          list
            .split("\n")
            .map((l) => l.trim())
            .filter((l) => l !== ""),
        ),
      ];
      return mapConcurrent(versions, versions.length, async (version) => {
        const url = `${module}/${goProxyEscape(version)}.info`;
        const info = parseJsonBody(service, url, await registryGet(options, { ecosystem: "Go", registry, name, url }));
        if (!isObject(info)) badShape(service, url, "an object with Version and Time");
        const release: Release = { version };
        if (typeof info.Time === "string") release.publishedAt = info.Time;
        return release;
      });
    },
  };
}
