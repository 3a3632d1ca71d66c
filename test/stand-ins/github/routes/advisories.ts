// `GET /advisories` (GitHub's global advisory database) with cursor pagination like GitHub's.
import semver from "semver";
import type { Handler } from "../context.js";
import { HttpError, notFound } from "../context.js";
import type { GlobalAdvisorySeed } from "../state.js";

function cursorOf(a: GlobalAdvisorySeed): string {
  return Buffer.from(`cursor:v2:${a.ghsa_id}`).toString("base64");
}

// GitHub writes ranges as "< 1.2.3", ">= 1.0.0, < 1.2.3" or "= 1.0.0"; semver reads them once the commas go.
function inRange(version: string, range: string): boolean {
  const normalized = range.replace(/,/g, " ").replace(/([<>=]+)\s+/g, "$1");
  const v = semver.valid(version) ?? semver.coerce(version)?.version;
  if (!v) return false;
  try {
    return semver.satisfies(v, normalized, { loose: true, includePrerelease: true });
  } catch {
    return false;
  }
}

function affects(a: GlobalAdvisorySeed, specs: string[]): boolean {
  return specs.some((spec) => {
    // `name@version` (the package name may itself start with @, as in @scope/pkg@1.0.0).
    const at = spec.lastIndexOf("@");
    const [name, version] = at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, undefined];
    return a.vulnerabilities.some(
      (v) =>
        v.package.name.toLowerCase() === name.toLowerCase() &&
        (version === undefined || inRange(version, v.vulnerable_version_range)),
    );
  });
}

const listAdvisories: Handler = (ctx) => {
  const q = ctx.query;
  const list = (v: unknown): string[] =>
    v === undefined
      ? []
      : String(v)
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
  const affected = list(q.affects);
  if (affected.length > 1000) throw new HttpError(422, "affects may name at most 1000 packages");
  const type = String(q.type ?? "reviewed");
  const sortKey = q.sort === "updated" ? "updated_at" : "published_at";
  const sign = q.direction === "asc" ? 1 : -1;
  const matching = ctx.state.advisories
    .filter((a) => (a.type ?? "reviewed") === type)
    .filter((a) => q.ghsa_id === undefined || a.ghsa_id === q.ghsa_id)
    .filter((a) => q.cve_id === undefined || a.cve_id === q.cve_id)
    .filter((a) => q.severity === undefined || a.severity === q.severity)
    .filter((a) => q.ecosystem === undefined || a.vulnerabilities.some((v) => v.package.ecosystem === q.ecosystem))
    .filter((a) => affected.length === 0 || affects(a, affected))
    .filter((a) => q.is_withdrawn === undefined || Boolean(a.withdrawn_at) === q.is_withdrawn)
    .sort((a, b) => {
      const key = (x: GlobalAdvisorySeed) =>
        Date.parse((sortKey === "updated_at" ? x.updated_at : undefined) ?? x.published_at);
      return (key(a) - key(b) || a.ghsa_id.localeCompare(b.ghsa_id)) * sign;
    });
  const perPage = Number(q.per_page ?? 30);
  let start = 0;
  let end = matching.length;
  if (typeof q.after === "string") {
    const i = matching.findIndex((a) => cursorOf(a) === q.after);
    if (i < 0) throw new HttpError(422, "Invalid cursor");
    start = i + 1;
    end = Math.min(matching.length, start + perPage);
  } else if (typeof q.before === "string") {
    const i = matching.findIndex((a) => cursorOf(a) === q.before);
    if (i < 0) throw new HttpError(422, "Invalid cursor");
    end = i;
    start = Math.max(0, end - perPage);
  } else {
    end = Math.min(matching.length, perPage);
  }
  const page = matching.slice(start, end);
  const links: string[] = [];
  const linkTo = (param: "after" | "before", cursor: string, rel: string) => {
    const next = new URLSearchParams(ctx.rawQuery);
    next.delete("after");
    next.delete("before");
    next.delete("page");
    next.set(param, cursor);
    links.push(`<${ctx.base}/advisories?${next.toString()}>; rel="${rel}"`);
  };
  const first = page[0];
  const last = page[page.length - 1];
  if (first && start > 0) linkTo("before", cursorOf(first), "prev");
  if (last && end < matching.length) linkTo("after", cursorOf(last), "next");
  return {
    status: 200,
    body: page.map((a) => ctx.ser.advisory(a)),
    headers: (links.length > 0 ? { link: links.join(", ") } : {}) as Record<string, string>,
  };
};

const getAdvisory: Handler = (ctx) => {
  const advisory = ctx.state.advisories.find((a) => a.ghsa_id === ctx.params.ghsa_id);
  if (!advisory) throw notFound();
  return { status: 200, body: ctx.ser.advisory(advisory) };
};

/** Global advisory routes by `METHOD /template`. */
export const advisoryRoutes: Record<string, Handler> = {
  "GET /advisories": listAdvisories,
  "GET /advisories/{ghsa_id}": getAdvisory,
};
