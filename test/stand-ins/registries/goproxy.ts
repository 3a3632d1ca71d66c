// Go module proxy stand-in: `/{module}/@v/list` and `/{module}/@v/{version}.info`, with the protocol's
// case encoding (`!a` for `A`) required in paths.
import type { Release } from "@upkeep/shared/patch/datasources/types.js";
import { type ServerOptions, startServer } from "./http-server.js";
import type { RegistryStandIn } from "./npm.js";

function decodeCase(path: string): string | undefined {
  if (/[A-Z]/.test(path)) return undefined; // the protocol never sends uppercase
  return path.replace(/!([a-z])/g, (_m, c: string) => c.toUpperCase());
}

export async function startGoProxyStandIn(options: ServerOptions = {}): Promise<RegistryStandIn> {
  const modules = new Map<string, Release[]>();
  const notFound = (what: string) => ({ status: 404, text: `not found: ${what}` });
  const server = await startServer((req) => {
    const m = /^\/(.+)\/@v\/(list|.+\.info)$/.exec(req.path);
    if (!m) return notFound(req.path);
    const module = decodeCase(decodeURIComponent(m[1]!));
    const releases = module ? modules.get(module) : undefined;
    if (!module || !releases) return notFound(`module ${m[1]}`);
    if (m[2] === "list") return { text: releases.map((r) => `${r.version}\n`).join("") };
    const version = decodeCase(decodeURIComponent(m[2]!.slice(0, -".info".length)));
    const release = releases.find((r) => r.version === version);
    if (!release) return notFound(`${module}@${version}`);
    return { json: { Version: release.version, Time: release.publishedAt ?? "2019-01-01T00:00:00Z" } };
  }, options);
  return { ...server, seed: (name, releases) => modules.set(name, releases) };
}
