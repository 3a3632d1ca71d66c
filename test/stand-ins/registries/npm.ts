// npm registry stand-in: full packuments (with `time`) for `Accept: application/json`, the abbreviated
// install document (no `time`) for `application/vnd.npm.install-v1+json`, as registry.npmjs.org does.
import type { Release } from "@upkeep/shared/patch/datasources/types.js";
import { type ServerOptions, type StandIn, startServer } from "./http-server.js";

export interface RegistryStandIn extends StandIn {
  /** Publishes `releases` of `name` (replacing earlier ones). */
  seed(name: string, releases: Release[]): void;
}

export async function startNpmStandIn(options: ServerOptions = {}): Promise<RegistryStandIn> {
  const packages = new Map<string, Release[]>();
  const server = await startServer((req) => {
    const name = decodeURIComponent(req.path.slice(1));
    const releases = packages.get(name);
    if (req.method !== "GET" || !releases) return { status: 404, json: { error: "Not found" } };
    // Unpublished (here: yanked) versions disappear from `versions` but stay in `time`.
    const live = releases.filter((r) => !r.yanked);
    const versions = Object.fromEntries(
      live.map((r) => [r.version, { name, version: r.version, ...(r.deprecated ? { deprecated: "do not use" } : {}) }]),
    );
    const latest = live.at(-1)?.version;
    const distTags = latest ? { latest } : {};
    if (String(req.headers.accept).includes("application/vnd.npm.install-v1+json")) {
      return { json: { name, modified: "2024-01-01T00:00:00.000Z", "dist-tags": distTags, versions } };
    }
    const time: Record<string, string> = { created: "2015-01-01T00:00:00.000Z", modified: "2024-01-01T00:00:00.000Z" };
    for (const r of releases) if (r.publishedAt) time[r.version] = r.publishedAt;
    return { json: { _id: name, name, "dist-tags": distTags, versions, time } };
  }, options);
  return { ...server, seed: (name, releases) => packages.set(name, releases) };
}
