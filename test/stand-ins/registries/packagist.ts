// Packagist stand-in serving Composer 2 metadata (`/p2/{vendor}/{name}.json`) minified the way
// repo.packagist.org does: newest first, each entry only what changed, "__unset" for removed keys.
// Packagist cannot yank: a deleted tag is gone, so `yanked` seeds are left out.
import type { Release } from "@upkeep/shared/patch/datasources/types.js";
import { type ServerOptions, startServer } from "./http-server.js";
import type { RegistryStandIn } from "./npm.js";

function minify(versions: Record<string, unknown>[]): Record<string, unknown>[] {
  let previous: Record<string, unknown> = {};
  return versions.map((v) => {
    const diff: Record<string, unknown> = {};
    for (const [k, value] of Object.entries(v)) {
      if (JSON.stringify(previous[k]) !== JSON.stringify(value)) diff[k] = value;
    }
    for (const k of Object.keys(previous)) if (!(k in v)) diff[k] = "__unset";
    previous = v;
    return diff;
  });
}

export async function startPackagistStandIn(options: ServerOptions = {}): Promise<RegistryStandIn> {
  const packages = new Map<string, Release[]>();
  const server = await startServer((req) => {
    const m = /^\/p2\/([^/]+\/[^/]+)\.json$/.exec(req.path);
    const name = m ? decodeURIComponent(m[1]!) : "";
    const releases = packages.get(name);
    if (!releases) return { status: 404, json: { status: "error", message: "Package not found" } };
    // A deleted tag (our `yanked`) simply disappears from the metadata.
    const full = [...releases]
      .reverse()
      .filter((r) => !r.yanked)
      .map((r) => ({
        name,
        description: "a package",
        version: r.version,
        version_normalized: `${r.version.replace(/^v/, "")}.0`,
        license: ["MIT"],
        ...(r.publishedAt ? { time: r.publishedAt.replace(/\.\d+Z$/, "+00:00") } : {}),
        require: { php: ">=8.1" },
        ...(r.deprecated ? { abandoned: "other/package" } : {}),
      }));
    return { json: { packages: { [name]: minify(full) }, minified: "composer/2.0" } };
  }, options);
  return { ...server, seed: (name, releases) => packages.set(name.toLowerCase(), releases) };
}
