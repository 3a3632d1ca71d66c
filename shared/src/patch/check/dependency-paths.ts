/** How a package is reached from a direct dependency (shown in findings and used for upgrade advice). */
import type { ParsedLockfile } from "../types.js";

/**
 * Dependency paths (direct first, each entry `name@version`) for every entry of one lockfile, by
 * breadth-first search from the direct ones. Entries no direct dependency reaches have no path.
 */
export function dependencyPaths(lock: ParsedLockfile): Map<string, string[]> {
  const byId = new Map(lock.packages.map((p) => [p.id, p]));
  const parent = new Map<string, string | null>();
  const queue: string[] = [];
  for (const p of lock.packages) {
    if (p.direct) {
      parent.set(p.id, null);
      queue.push(p.id);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const child of byId.get(id)?.dependencies ?? []) {
      if (!parent.has(child) && byId.has(child)) {
        parent.set(child, id);
        queue.push(child);
      }
    }
  }
  const out = new Map<string, string[]>();
  for (const p of lock.packages) {
    if (!parent.has(p.id)) continue;
    const chain: string[] = [];
    for (let cur: string | null | undefined = p.id; cur; cur = parent.get(cur)) {
      const q = byId.get(cur)!;
      chain.unshift(`${q.name}@${q.version}`);
    }
    out.set(p.id, chain);
  }
  return out;
}
