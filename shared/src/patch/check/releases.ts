/** Registry release lookups shared by fix dates, upgrade advice and outdated findings, each asked once. */
import type { Release } from "../datasources/types.js";
import type { Ecosystem } from "../types.js";
import type { PatchCheckOptions } from "./types.js";

/** Releases of one package, or undefined when no registry is configured for its ecosystem or the lookup failed. */
export type ReleasesOf = (eco: Ecosystem, name: string) => Promise<Release[] | undefined>;

/**
 * A memoised release lookup over the configured registries. A failed lookup never throws: it yields
 * undefined and is listed in `failures` (`<ecosystem> <name>: <message>`) for a note in the report.
 */
export function registryReleases(registries: PatchCheckOptions["registries"]): {
  releasesOf: ReleasesOf;
  failures: ReadonlySet<string>;
} {
  const cache = new Map<string, Promise<Release[] | undefined>>();
  const failures = new Set<string>();
  const releasesOf: ReleasesOf = (eco, name) => {
    const source = registries?.[eco];
    if (!source) return Promise.resolve(undefined);
    const key = `${eco}:${name}`;
    let p = cache.get(key);
    if (!p) {
      p = source.releases(name).catch((err: unknown) => {
        failures.add(`${eco} ${name}: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      });
      cache.set(key, p);
    }
    return p;
  };
  return { releasesOf, failures };
}
