import type { IncomingMessage, ServerResponse } from "node:http";
import { icalFeed } from "@upkeep/shared/calendar/ical.js";
import { describeError, NotFoundError } from "@upkeep/shared/errors.js";
import type { Logger } from "@upkeep/shared/logger.js";
import { effectiveWindows } from "@upkeep/shared/maintenance/state.js";
import type { Clock } from "@upkeep/shared/ports.js";
import { UPKEEP_VERSION } from "@upkeep/shared/version.js";
import type { ClientFactory } from "./clients.js";
import { listUpkeepIssues } from "./issues.js";
import { type RepoFiles, readRepoFiles } from "./repo-files.js";
import { fileWindows } from "./windows.js";

/** A Probot server handler: answers and returns true, or returns false to let the next handler try. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

function json(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
  return true;
}

/** `GET /healthz`: 200 `{ ok: true, version }` while the process serves requests (for load balancers). */
export function healthRoute(
  extra: () => Record<string, unknown> | Promise<Record<string, unknown>> = () => ({}),
): RouteHandler {
  return async (req, res) => {
    const path = req.url?.split("?")[0];
    if (req.method !== "GET" || path !== "/healthz") return false;
    return json(res, 200, { ok: true, version: UPKEEP_VERSION, ...(await extra()) });
  };
}

/** What `/healthz/ready` reports: ready or not, and each dependency's state. */
export interface Readiness {
  ready: boolean;
  [part: string]: unknown;
}

/**
 * `GET /healthz/live` (200 while the process answers: restart it when this fails) and `GET /healthz/ready`
 * (200 when `ready()` says the instance can take work: Redis answers, the job worker runs, not shutting down;
 * else 503, so a load balancer sends deliveries elsewhere). Both bodies are JSON.
 */
export function probeRoutes(ready: () => Promise<Readiness>): RouteHandler {
  return async (req, res) => {
    const path = req.url?.split("?")[0];
    if (req.method !== "GET") return false;
    if (path === "/healthz/live") return json(res, 200, { live: true, version: UPKEEP_VERSION });
    if (path !== "/healthz/ready") return false;
    const state = await ready();
    return json(res, state.ready ? 200 : 503, state);
  };
}

/** `GET /metrics`: the registry in Prometheus' text format. */
export function metricsRoute(registry: { metrics(): Promise<string>; contentType: string }): RouteHandler {
  return async (req, res) => {
    if (req.method !== "GET" || req.url?.split("?")[0] !== "/metrics") return false;
    const body = await registry.metrics();
    res.writeHead(200, { "content-type": registry.contentType }).end(body);
    return true;
  };
}

const ICS_RE = /^\/maintenance\/([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})\.ics$/;

/**
 * `GET /maintenance/<owner>/<repo>.ics`: the repository's maintenance and freeze windows as an RFC 5545
 * calendar (file windows and those scheduled by `/maintenance`). Only public repositories where the app is
 * installed are served; anything else is 404, so the route never reveals a private repository's plans.
 */
export function icalRoute(deps: {
  clients: ClientFactory;
  clock: Clock;
  logger: Logger;
  filesCache: Map<string, RepoFiles>;
}): RouteHandler {
  const installationOf = new Map<string, number>();
  return async (req, res) => {
    const path = req.url?.split("?")[0] ?? "";
    const m = ICS_RE.exec(path);
    if (!m || (req.method !== "GET" && req.method !== "HEAD")) return false;
    const owner = m[1]!;
    const name = m[2]!;
    const fullName = `${owner}/${name}`;
    try {
      let id = installationOf.get(fullName.toLowerCase());
      if (id === undefined) {
        const app = await deps.clients.app();
        const { data } = await app.request("GET /repos/{owner}/{repo}/installation", { owner, repo: name });
        id = data.id;
        installationOf.set(fullName.toLowerCase(), id);
      }
      const client = await deps.clients.installation(id);
      const { data: repo } = await client.rest.repos.get({ owner, repo: name });
      if (repo.private) return json(res, 404, { error: `no calendar for ${fullName}` });
      const ref = { owner, name, defaultBranch: repo.default_branch };
      const files = await readRepoFiles(client, ref, deps.filesCache);
      const now = deps.clock.now();
      const { windows } = await fileWindows(fullName, files, now);
      const issues = await listUpkeepIssues(client, ref);
      const body = icalFeed(effectiveWindows(windows, issues), {
        now,
        name: `${fullName} maintenance`,
        uidDomain: `${name}.${owner}.upkeep`.toLowerCase(),
      });
      res.writeHead(200, {
        "content-type": "text/calendar; charset=utf-8",
        "content-disposition": `inline; filename="${name}.ics"`,
        "cache-control": "public, max-age=300",
      });
      res.end(req.method === "HEAD" ? undefined : body);
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return json(res, 404, { error: `no calendar for ${fullName}` });
      deps.logger.error(`calendar of ${fullName} failed: ${describeError(error)}`);
      return json(res, 502, { error: "GitHub could not be read; try again later" });
    }
  };
}
