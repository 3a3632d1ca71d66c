// RubyGems stand-in (`/api/v1/versions/{name}.json`): newest first, a `ruby` and a later `java` platform
// row for every version (as native gems have), yanked versions left out as rubygems.org does.
import type { Release } from "@upkeep/shared/patch/datasources/types.js";
import { type ServerOptions, startServer } from "./http-server.js";
import type { RegistryStandIn } from "./npm.js";

export async function startRubygemsStandIn(options: ServerOptions = {}): Promise<RegistryStandIn> {
  const gems = new Map<string, Release[]>();
  const server = await startServer((req) => {
    const m = /^\/api\/v1\/versions\/([^/]+)\.json$/.exec(req.path);
    const releases = m ? gems.get(decodeURIComponent(m[1]!)) : undefined;
    if (!releases) return { status: 404, text: "This rubygem could not be found." };
    const rows = [...releases]
      .reverse()
      .filter((r) => !r.yanked)
      .flatMap((r) => {
        const at = r.publishedAt ?? "2019-01-01T00:00:00.000Z";
        const later = new Date(Date.parse(at) + 3_600_000).toISOString();
        const row = (platform: string, created: string) => ({
          number: r.version,
          platform,
          created_at: created,
          prerelease: /[a-z]/i.test(r.version),
          summary: "a gem",
        });
        return [row("java", later), row("ruby", at)];
      });
    return { json: rows };
  }, options);
  return { ...server, seed: (name, releases) => gems.set(name, releases) };
}
