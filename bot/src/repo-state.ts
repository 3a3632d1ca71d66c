import type { SharedState } from "@upkeep/shared/ports.js";
import type { RepoFiles } from "./repo-files.js";

/** The per-repository memory of the bot: files read at a commit and when the repository was last swept. */
export interface RepoMaps {
  filesCache: Map<string, RepoFiles>;
  lastSwept: Map<string, number>;
}

type StoredFiles = Omit<RepoFiles, "maintenance"> & { maintenance: [string, string][] };

/** How long the shared copies live without being written again: an uninstalled repository's are dropped. */
const TTL_MS = 24 * 3600_000;

/**
 * Before a repository's work on a multi-instance bot: takes the newer of this instance's and the shared files
 * and last-swept time of `key` (`owner/name`, lower case), so whichever instance runs the next sweep knows what
 * the last one read. A no-op on the memory backend (the maps are the state). Throws when Redis fails.
 */
export async function loadRepoState(state: SharedState, key: string, maps: RepoMaps): Promise<void> {
  if (state.backend === "memory") return;
  const [files, swept] = await Promise.all([
    state.store("files").get<StoredFiles>(key),
    state.store("last-swept").get<number>(key),
  ]);
  const local = maps.filesCache.get(key);
  if (files && (!local || files.readAt > local.readAt))
    maps.filesCache.set(key, { ...files, maintenance: new Map(files.maintenance) });
  // The shared time alone decides: after Redis lost its data (a restart without persistence) every repository
  // is swept again, so whatever happened meanwhile is caught up (cheaply: ETags make unchanged reads free).
  if (typeof swept === "number") maps.lastSwept.set(key, swept);
  else maps.lastSwept.delete(key);
}

/** After a repository's work: writes this instance's files and last-swept time of `key` to the shared state. */
export async function saveRepoState(state: SharedState, key: string, maps: RepoMaps): Promise<void> {
  if (state.backend === "memory") return;
  const files = maps.filesCache.get(key);
  const swept = maps.lastSwept.get(key);
  await Promise.all([
    files
      ? state.store("files").set(key, { ...files, maintenance: [...files.maintenance] }, { ttlMs: TTL_MS })
      : undefined,
    swept !== undefined ? state.store("last-swept").set(key, swept, { ttlMs: TTL_MS }) : undefined,
  ]);
}
