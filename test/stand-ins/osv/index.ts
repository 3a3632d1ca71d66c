// OSV API stand-in (https://google.github.io/osv.dev/api/): POST /v1/querybatch, GET /v1/vulns/{id},
// POST /v1/query, with osv.dev's answer shapes and its 1,000-query limit. Matching uses patch-check's own
// matchAdvisory, so the stand-in and the offline source agree with the engine on every range.
import { normalizePackageName } from "@upkeep/shared/patch/datasources/types.js";
import { matchAdvisory } from "@upkeep/shared/patch/match.js";
import type { OsvRecord } from "@upkeep/shared/patch/osv-schema.js";
import { ECOSYSTEMS, type Ecosystem } from "@upkeep/shared/patch/types.js";
import { loadOsvFixtures } from "../../fixtures/osv/index.js";
import { type Fault, type RecordedRequest, type Reply, type StandIn, startServer } from "../registries/http-server.js";

export type { Fault, RecordedRequest, StandIn };

export interface OsvStandInOptions {
  /** Advisories served. Default: every committed real record (test/fixtures/osv, a copy of ../shared/data/osv). */
  records?: OsvRecord[];
  /** Vulns per query per page; more gives `next_page_token`. Default: no paging. */
  pageSize?: number;
}

export interface OsvStandIn extends StandIn {
  /** Requests to one endpoint: `querybatch`, `vulns`, `query`. */
  count(endpoint: "querybatch" | "vulns" | "query"): number;
  /** Replaces a record (e.g. with a newer `modified`) or adds one. */
  upsert(record: OsvRecord): void;
}

interface Query {
  package?: { ecosystem?: string; name?: string; purl?: string };
  version?: string;
  commit?: string;
  page_token?: string;
}

const MAX_QUERIES = 1000;

function badRequest(message: string): Reply {
  return { status: 400, json: { code: 3, message } };
}

export async function startOsvStandIn(options: OsvStandInOptions = {}): Promise<OsvStandIn> {
  const byId = new Map<string, OsvRecord>();
  const byName = new Map<string, Set<string>>();
  function upsert(record: OsvRecord): void {
    byId.set(record.id, record);
    for (const a of record.affected ?? []) {
      if (!a.package) continue;
      const key = `${a.package.ecosystem}:${normalizePackageName(a.package.ecosystem, a.package.name)}`;
      const ids = byName.get(key) ?? new Set<string>();
      ids.add(record.id);
      byName.set(key, ids);
    }
  }
  for (const r of options.records ?? loadOsvFixtures()) upsert(r);

  function matches(q: Query): OsvRecord[] | Reply {
    const ecosystem = q.package?.ecosystem;
    const name = q.package?.name;
    if (!ecosystem || !name) return badRequest("package ecosystem and name are required");
    if (q.version === undefined) return badRequest("version is required");
    if (!ECOSYSTEMS.includes(ecosystem as Ecosystem)) return [];
    const pkg = { ecosystem: ecosystem as Ecosystem, name, version: q.version };
    const ids = byName.get(`${ecosystem}:${normalizePackageName(ecosystem, name)}`) ?? new Set<string>();
    return [...ids].map((id) => byId.get(id)!).filter((r) => matchAdvisory(pkg, r) !== undefined);
  }

  function page(all: OsvRecord[], token: string | undefined): { vulns: OsvRecord[]; next?: string } {
    const start = token ? Number(Buffer.from(token, "base64url").toString().replace("offset:", "")) : 0;
    const size = options.pageSize ?? Number.POSITIVE_INFINITY;
    const vulns = all.slice(start, start + size);
    const nextAt = start + size;
    return nextAt < all.length ? { vulns, next: Buffer.from(`offset:${nextAt}`).toString("base64url") } : { vulns };
  }

  const server = await startServer((req) => {
    if (req.method === "POST" && req.path === "/v1/querybatch") {
      let body: { queries?: Query[] };
      try {
        body = JSON.parse(req.body);
      } catch {
        return badRequest("Invalid JSON payload");
      }
      const queries = body.queries ?? [];
      if (queries.length > MAX_QUERIES) return badRequest("Too many queries.");
      const results = [];
      for (const q of queries) {
        const found = matches(q);
        if (!Array.isArray(found)) return found;
        const p = page(found, q.page_token);
        if (p.vulns.length === 0) {
          results.push({});
          continue;
        }
        const vulns = p.vulns.map((r) => ({ id: r.id, modified: r.modified }));
        results.push(p.next ? { vulns, next_page_token: p.next } : { vulns });
      }
      return { json: { results } };
    }
    if (req.method === "POST" && req.path === "/v1/query") {
      let q: Query;
      try {
        q = JSON.parse(req.body);
      } catch {
        return badRequest("Invalid JSON payload");
      }
      const found = matches(q);
      if (!Array.isArray(found)) return found;
      const p = page(found, q.page_token);
      if (p.vulns.length === 0) return { json: {} };
      return { json: p.next ? { vulns: p.vulns, next_page_token: p.next } : { vulns: p.vulns } };
    }
    const m = /^\/v1\/vulns\/([^/]+)$/.exec(req.path);
    if (req.method === "GET" && m) {
      const record = byId.get(decodeURIComponent(m[1]!));
      return record ? { json: record } : { status: 404, json: { code: 5, message: "Bug not found." } };
    }
    return { status: 404, json: { code: 5, message: "Not Found" } };
  });

  const endpoints = { querybatch: "/v1/querybatch", vulns: "/v1/vulns/", query: "/v1/query" } as const;
  return {
    ...server,
    upsert,
    count(endpoint) {
      const prefix = endpoints[endpoint];
      return server.requests.filter((r) => (endpoint === "vulns" ? r.path.startsWith(prefix) : r.path === prefix))
        .length;
    },
  };
}
