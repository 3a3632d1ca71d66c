// PyPI JSON API stand-in (`/pypi/{name}/json`): one wheel and one sdist per release, yanked per file.
import type { Release } from "@upkeep/shared/patch/datasources/types.js";
import { type ServerOptions, startServer } from "./http-server.js";
import type { RegistryStandIn } from "./npm.js";

const normalise = (n: string) => n.toLowerCase().replace(/[-_.]+/g, "-");

export async function startPypiStandIn(options: ServerOptions = {}): Promise<RegistryStandIn> {
  const packages = new Map<string, { name: string; releases: Release[] }>();
  const server = await startServer((req) => {
    const m = /^\/pypi\/([^/]+)\/json$/.exec(req.path);
    const entry = m ? packages.get(normalise(decodeURIComponent(m[1]!))) : undefined;
    if (!entry) return { status: 404, json: { message: "Not Found" } };
    const releases = Object.fromEntries(
      entry.releases.map((r) => {
        const file = (filename: string, offsetMs: number) => ({
          filename,
          upload_time_iso_8601: r.publishedAt
            ? new Date(Date.parse(r.publishedAt) + offsetMs).toISOString().replace(/\.(\d{3})Z$/, ".$1456Z")
            : null,
          yanked: r.yanked === true,
          yanked_reason: r.yanked ? "broken" : null,
        });
        return [
          r.version,
          [file(`${entry.name}-${r.version}.tar.gz`, 60_000), file(`${entry.name}-${r.version}-py3-none-any.whl`, 0)],
        ];
      }),
    );
    return { json: { info: { name: entry.name, version: entry.releases.at(-1)?.version }, releases, urls: [] } };
  }, options);
  return { ...server, seed: (name, releases) => packages.set(normalise(name), { name, releases }) };
}
