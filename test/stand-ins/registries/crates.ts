// crates.io stand-in (`/api/v1/crates/{name}/versions`). Like crates.io it refuses requests without a
// User-Agent naming the client (403), and pages with `meta.next_page` when `pageSize` is set.
import type { Release } from "@upkeep/shared/patch/datasources/types.js";
import { type ServerOptions, startServer } from "./http-server.js";
import type { RegistryStandIn } from "./npm.js";

export async function startCratesStandIn(
  options: ServerOptions & { pageSize?: number } = {},
): Promise<RegistryStandIn> {
  const packages = new Map<string, Release[]>();
  const server = await startServer((req) => {
    const ua = String(req.headers["user-agent"] ?? "");
    if (ua === "" || ua === "node" || ua === "undici") {
      return { status: 403, text: "We require that all requests include a `User-Agent` header." };
    }
    const m = /^\/api\/v1\/crates\/([^/]+)\/versions$/.exec(req.path);
    const releases = m ? packages.get(decodeURIComponent(m[1]!)) : undefined;
    if (!releases) return { status: 404, json: { errors: [{ detail: "crate not found" }] } };
    const newestFirst = [...releases].reverse();
    const rows = newestFirst.map((r, i) => ({
      id: 1000 + i,
      num: r.version,
      created_at: r.publishedAt ?? null,
      yanked: r.yanked === true,
    }));
    const size = options.pageSize;
    if (!size) return { json: { versions: rows, meta: { total: rows.length, next_page: null } } };
    const seek = Number(req.query.get("seek") ?? 0);
    const page = rows.slice(seek, seek + size);
    const next = seek + size < rows.length ? `?per_page=${size}&seek=${seek + size}` : null;
    return { json: { versions: page, meta: { total: rows.length, next_page: next } } };
  }, options);
  return { ...server, seed: (name, releases) => packages.set(name, releases) };
}
