import type { OsvRecord } from "./osv-schema.js";

/** GHSA first (GitHub's advisory pages and Dependabot use it), then CVE, then the rest (GO, RUSTSEC, PYSEC ...). */
function rank(id: string): number {
  if (id.startsWith("GHSA-")) return 0;
  if (id.startsWith("CVE-")) return 1;
  return 2;
}

function preferred(a: string, b: string): number {
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Every id a group is known by: its records' ids and their aliases, in preference order. Never throws. */
export function groupIds(group: readonly OsvRecord[]): string[] {
  const ids = new Set<string>();
  for (const r of group) {
    ids.add(r.id);
    for (const a of r.aliases ?? []) ids.add(a);
  }
  return [...ids].sort(preferred);
}

/**
 * The id a group is reported under: among all its ids (record ids and aliases) a GHSA id, else a CVE id,
 * else any; ties broken by string order. Choosing among aliases too keeps the id (and so the finding's
 * fingerprint) the same whether the OSV API or the GitHub Advisory Database supplied the record.
 * Throws TypeError on an empty group.
 */
export function primaryId(group: readonly OsvRecord[]): string {
  const first = groupIds(group)[0];
  if (first === undefined) throw new TypeError("primaryId: empty advisory group");
  return first;
}

/**
 * Groups records that describe one vulnerability: two records are in one group when one's id or
 * aliases share an id with the other's, transitively (GHSA-x ↔ CVE-y ↔ GO-z). `related` is not followed:
 * the OSV schema defines it as "similar but different", neither an alias nor transitive. Records with the
 * same id (the same advisory from two sources) are kept once, the later `modified` winning.
 * Groups come sorted by primaryId, records inside a group by id. Never throws.
 */
export function groupAliases(records: readonly OsvRecord[]): OsvRecord[][] {
  const byId = new Map<string, OsvRecord>();
  for (const r of records) {
    const seen = byId.get(r.id);
    if (!seen || seen.modified < r.modified) byId.set(r.id, r);
  }

  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };

  for (const r of byId.values()) {
    union(r.id, r.id);
    for (const alias of r.aliases ?? []) union(r.id, alias);
  }

  const groups = new Map<string, OsvRecord[]>();
  for (const r of byId.values()) {
    const root = find(r.id);
    const group = groups.get(root) ?? [];
    group.push(r);
    groups.set(root, group);
  }
  return [...groups.values()]
    .map((g) => g.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    .sort((a, b) => preferred(primaryId(a), primaryId(b)));
}
