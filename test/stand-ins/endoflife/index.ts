// A stand-in for endoflife.date's API v1 on 127.0.0.1: GET /api/v1/products/<product> answers a
// ProductResponse (schema_version, last_modified, result with releases[] of name, isEol, eolFrom, …) in
// the shape of https://endoflife.date/docs/api/v1/, built from the few release cycles a test gives.
import { type StandIn, startServer } from "../registries/http-server.js";

/** One release cycle as a test states it: `eol` a date, or a boolean when endoflife.date has no date. */
export interface CycleSeed {
  cycle: string;
  releaseDate: string;
  eol: string | boolean;
  latest?: string;
}

/** A ProductResponse of API v1 for `product` with `cycles` (newest first), judged end of life at `today`. */
export function productResponse(product: string, cycles: readonly CycleSeed[], today = "2026-12-02"): unknown {
  return {
    schema_version: "1.2.0",
    generated_at: `${today}T00:00:00+00:00`,
    last_modified: `${today}T00:00:00+00:00`,
    result: {
      name: product,
      label: product,
      aliases: [],
      category: "lang",
      tags: ["lang"],
      versionCommand: null,
      identifiers: [],
      labels: { eoas: null, discontinued: null, eol: "Security Support", eoes: null },
      links: { icon: null, html: `https://endoflife.date/${product}`, releasePolicy: null },
      releases: cycles.map((c) => {
        const isEol = typeof c.eol === "boolean" ? c.eol : c.eol <= today;
        return {
          name: c.cycle,
          codename: null,
          label: c.cycle,
          releaseDate: c.releaseDate,
          isLts: false,
          ltsFrom: null,
          isEol,
          eolFrom: typeof c.eol === "string" ? c.eol : null,
          isMaintained: !isEol,
          latest: c.latest ? { name: c.latest, date: c.releaseDate, link: null } : null,
          custom: null,
        };
      }),
    },
  };
}

/** Serves `products` (name → cycles) as endoflife.date's API v1; any other path is a 404 as on the site. */
export function startEndOfLifeStandIn(products: Record<string, readonly CycleSeed[]>): Promise<StandIn> {
  return startServer((req) => {
    const m = /^\/api\/v1\/products\/([a-z0-9.-]+)\/?$/.exec(req.path);
    const cycles = m ? products[m[1]!] : undefined;
    if (req.method !== "GET" || !m || !cycles) return { status: 404, text: "Not Found" };
    return { json: productResponse(m[1]!, cycles) };
  });
}
