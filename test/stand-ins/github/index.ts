// The GitHub stand-in (design §6): a stateful HTTP server on 127.0.0.1 that answers the REST and GraphQL calls
// Upkeep makes, validated in both directions against GitHub's published OpenAPI description.
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Auth, BodyReply, Handler, Reply, RouteContext } from "./context.js";
import { HttpError, notFound } from "./context.js";
import { handleGraphql } from "./graphql.js";
import {
  describeErrors,
  matchesTemplate,
  matchRoute,
  type Operation,
  type OperationParameter,
  validatorFor,
} from "./openapi.js";
import { routes } from "./routes/index.js";
import { Serializer } from "./serialize.js";
import { type RepoRecord, StandInState } from "./state.js";

export type { Auth, RouteContext } from "./context.js";
export type * from "./state.js";
export { StandInState } from "./state.js";

/** One request as the stand-in saw it. `counted` is true when it consumed rate limit (a 304 never does). */
export interface StandInRequest {
  method: string;
  /** The path without query, e.g. `/repos/o/r/issues`. */
  path: string;
  /** The raw query string without `?` (empty when none). */
  query: string;
  status: number;
  counted: boolean;
  /** The parsed JSON request body, when one was sent. */
  body?: unknown;
  /** `Date.now()` when the request arrived. */
  at: number;
}

/**
 * An injected failure. `status` 403 answers GitHub's secondary rate limit message, 429 "too many requests",
 * any 5xx a server error; `retryAfter` (seconds) sets `retry-after`; `delayMs` delays the answer (alone: a slow
 * but normal answer); `times` is how many matching requests are hit (default 1; `Infinity` for all);
 * `body` replaces the JSON body. Faulted requests are logged and do not consume rate limit.
 */
export interface FaultSpec {
  status?: number;
  retryAfter?: number;
  delayMs?: number;
  times?: number;
  body?: unknown;
}

/** A running stand-in. */
export interface GitHubStandIn {
  /** REST root, e.g. `http://127.0.0.1:PORT` (use as `GITHUB_API_URL`/`baseUrl`); GraphQL at `${url}/graphql`. */
  url: string;
  /** All state: seed with its helpers before requests, assert on its records after. */
  state: StandInState;
  /** Every request in arrival order, including faults, rejections and 304s. */
  requests: StandInRequest[];
  /**
   * OpenAPI violations: requests real GitHub would reject (also answered 422/404) and responses of the stand-in
   * that do not match GitHub's schema. Tests assert this stays empty (see `assertNoViolations`).
   */
  violations: string[];
  /** Makes the next request(s) to `method pathPattern` fail as `spec` says. Patterns use `{param}` segments. */
  fault(method: string, pathPattern: string, spec: FaultSpec): void;
  /** Empties `requests` (not `violations`). */
  resetLog(): void;
  /** Throws an Error listing the violations, if any; then empties the list. */
  assertNoViolations(): void;
  /** For tests that send bad requests on purpose: returns the violations so far and empties the list. */
  takeViolations(): string[];
  /** Stops the server; resolves when every connection is closed. */
  close(): Promise<void>;
}

/** Options of {@link startGitHubStandIn}. */
export interface StandInOptions {
  /** Port to listen on; default 0 (any free port). */
  port?: number;
  /** Validate requests and responses against the OpenAPI description; default true. */
  validate?: boolean;
  /** Core and GraphQL requests per hour for each token; default 5000. */
  rateLimit?: number;
  /** Search requests per minute for each token; default 30 like GitHub. */
  searchRateLimit?: number;
  /** Seeded state to serve; default a fresh, empty one. */
  state?: StandInState;
}

interface Bucket {
  limit: number;
  used: number;
  reset: number;
}

interface Fault {
  method: string;
  pattern: string;
  spec: FaultSpec;
  left: number;
}

const DOCS = "https://docs.github.com/rest";

const SECONDARY_MESSAGE =
  "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID";

// GitHub answers these anonymously (public data); everything else needs a token.
function anonymousAllowed(method: string, template: string): boolean {
  if (method !== "GET") return false;
  if (template.startsWith("/app") || template.startsWith("/installation")) return false;
  return !template.includes("/collaborators/") && !template.endsWith("/installation");
}

function appRoute(template: string): boolean {
  return template === "/app" || template.startsWith("/app/") || template === "/repos/{owner}/{repo}/installation";
}

function looksLikeJwt(token: string): boolean {
  return /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/.test(token);
}

function coerce(value: string, schema: Record<string, unknown>): unknown {
  const type = schema.type;
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  if (type === "array") return value.split(",");
  return value;
}

function etagOf(text: string): string {
  return `W/"${createHash("sha256").update(text).digest("hex").slice(0, 40)}"`;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, "");
  return header.split(",").some((t) => t.trim() === "*" || t.trim().replace(/^W\//, "") === bare);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Starts a stand-in on 127.0.0.1. Resolves once it listens. Rejects when the port is taken.
 * Compiled validators are cached per process, so only the first start in a worker pays for compiling.
 */
export async function startGitHubStandIn(options: StandInOptions = {}): Promise<GitHubStandIn> {
  const state = options.state ?? new StandInState();
  const validate = options.validate ?? true;
  const coreLimit = options.rateLimit ?? 5000;
  const searchLimit = options.searchRateLimit ?? 30;
  const requests: StandInRequest[] = [];
  const violations: string[] = [];
  const faults: Fault[] = [];
  const buckets = new Map<string, Bucket>();
  let base = "";
  let ser: Serializer;

  function bucketFor(identity: string, resource: string): Bucket {
    const key = `${identity}\u0000${resource}`;
    const now = Math.floor(Date.now() / 1000);
    let bucket = buckets.get(key);
    if (!bucket || bucket.reset <= now) {
      const limit =
        resource === "search" ? searchLimit : identity === "anonymous" ? Math.min(60, coreLimit) : coreLimit;
      bucket = { limit, used: 0, reset: now + (resource === "search" ? 60 : 3600) };
      buckets.set(key, bucket);
    }
    return bucket;
  }

  function rateHeaders(bucket: Bucket, resource: string): Record<string, string> {
    return {
      "x-ratelimit-limit": String(bucket.limit),
      "x-ratelimit-remaining": String(Math.max(0, bucket.limit - bucket.used)),
      "x-ratelimit-used": String(bucket.used),
      "x-ratelimit-reset": String(bucket.reset),
      "x-ratelimit-resource": resource,
    };
  }

  function authenticate(header: string | undefined, template: string): Auth {
    if (!header) return { kind: "anonymous", login: "" };
    const m = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new HttpError(401, "Bad credentials");
    const token = m[1]!;
    if (looksLikeJwt(token)) {
      let payload: { iss?: unknown; exp?: unknown };
      try {
        payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"));
      } catch {
        throw new HttpError(401, "A JSON web token could not be decoded");
      }
      if (typeof payload.exp === "number" && payload.exp * 1000 < Date.now()) {
        throw new HttpError(
          401,
          "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
        );
      }
      if (!appRoute(template)) throw new HttpError(403, "Resource not accessible by integration");
      return { kind: "app", login: `${state.app.slug}[bot]`, token };
    }
    if (appRoute(template) && template !== "/repos/{owner}/{repo}/installation") {
      throw new HttpError(401, "A JSON web token could not be decoded");
    }
    const record = state.tokens.get(token);
    if (record?.revoked) throw new HttpError(401, "Bad credentials");
    if (record?.expiresAt && Date.parse(record.expiresAt) < Date.now()) throw new HttpError(401, "Bad credentials");
    if (record?.kind === "installation") {
      return {
        kind: "installation",
        login: record.login,
        token,
        ...(record.installationId !== undefined ? { installationId: record.installationId } : {}),
        repositories: new Set((record.repositories ?? []).map((n) => n.toLowerCase())),
      };
    }
    return { kind: "user", login: record?.login ?? state.defaultLogin, token };
  }

  function visibleRepo(auth: Auth, owner: string, name: string): RepoRecord {
    const repo = state.findRepo(`${owner}/${name}`);
    if (!repo) throw notFound();
    if (auth.repositories && !auth.repositories.has(`${repo.owner}/${repo.name}`.toLowerCase())) throw notFound();
    if (repo.private && auth.kind === "anonymous") throw notFound();
    return repo;
  }

  function validateRequest(
    operation: Operation,
    params: Record<string, string>,
    rawQuery: URLSearchParams,
    body: unknown,
    hasBody: boolean,
  ): { query: Record<string, unknown>; problems: string[]; notFound: boolean } {
    const query: Record<string, unknown> = {};
    const problems: string[] = [];
    let pathProblem = false;
    for (const p of operation.parameters as OperationParameter[]) {
      if (p.in !== "path" && p.in !== "query") continue;
      const raw = p.in === "path" ? params[p.name] : (rawQuery.get(p.name) ?? undefined);
      if (raw === undefined) {
        if (p.required) problems.push(`${p.in} parameter ${p.name} is required`);
        continue;
      }
      const value = coerce(raw, p.schema);
      if (p.in === "query") query[p.name] = value;
      if (!validate) continue;
      const check = validatorFor(`param:${operation.key}:${p.name}`, p.schema);
      if (!check(value)) {
        if (p.in === "path") pathProblem = true;
        problems.push(...describeErrors(check.errors, `${p.in} parameter ${p.name}`));
      }
    }
    if (validate && operation.requestBody) {
      if (!hasBody && operation.requestBody.required) {
        problems.push("body is required");
      } else if (hasBody) {
        const check = validatorFor(`body:${operation.key}`, operation.requestBody.schema);
        if (!check(body)) problems.push(...describeErrors(check.errors, "body"));
      }
    }
    return { query, problems, notFound: pathProblem };
  }

  function checkResponse(operation: Operation, status: number, body: unknown): void {
    if (!validate || status === 304) return;
    const key = String(status);
    if (status >= 400) {
      const schemaName = status === 422 ? "validation-error" : "basic-error";
      const check = validatorFor(`error:${schemaName}`, { $ref: `#/components/schemas/${schemaName}` });
      if (!check(body)) {
        violations.push(`${operation.key} response ${status}: ${describeErrors(check.errors, "body").join("; ")}`);
      }
      return;
    }
    if (!(key in operation.responses)) {
      violations.push(`${operation.key} response ${status} is not a status GitHub documents for this operation`);
      return;
    }
    const schema = operation.responses[key];
    if (!schema) return;
    const check = validatorFor(`response:${operation.key}:${key}`, schema);
    if (!check(body)) {
      violations.push(`${operation.key} response ${status}: ${describeErrors(check.errors, "body").join("; ")}`);
    }
  }

  function paginate(reply: Extract<Reply, { list: unknown[] }>, query: Record<string, unknown>, url: URL) {
    const perPage = Math.min(100, Math.max(1, Number(query.per_page ?? 30) || 30));
    const page = Math.max(1, Number(query.page ?? 1) || 1);
    const total = reply.list.length;
    const last = Math.max(1, Math.ceil(total / perPage));
    const slice = reply.list.slice((page - 1) * perPage, page * perPage);
    const link = (n: number, rel: string) => {
      const next = new URL(url.href);
      next.searchParams.set("page", String(n));
      return `<${base}${next.pathname}${next.search}>; rel="${rel}"`;
    };
    const parts: string[] = [];
    if (page > 1) parts.push(link(Math.min(page - 1, last), "prev"));
    if (page < last) parts.push(link(page + 1, "next"), link(last, "last"));
    if (page > 1) parts.push(link(1, "first"));
    const headers: Record<string, string> = { ...reply.headers };
    if (parts.length > 0) headers.link = parts.join(", ");
    return { status: 200, body: reply.wrap ? reply.wrap(slice, total) : slice, headers } satisfies BodyReply;
  }

  function takeFault(method: string, pathname: string, template: string | undefined): FaultSpec | undefined {
    for (const fault of faults) {
      if (fault.left <= 0) continue;
      if (fault.method !== "*" && fault.method !== method) continue;
      if (fault.pattern !== template && !matchesTemplate(fault.pattern, pathname)) continue;
      fault.left -= 1;
      return fault.spec;
    }
    return undefined;
  }

  function faultReply(spec: FaultSpec): BodyReply {
    const status = spec.status ?? 500;
    const headers: Record<string, string> = {};
    if (spec.retryAfter !== undefined) headers["retry-after"] = String(spec.retryAfter);
    const requestId = randomUUID().toUpperCase();
    const message =
      status === 403
        ? `${SECONDARY_MESSAGE} ${requestId}.`
        : status === 429
          ? "Too many requests"
          : status === 502
            ? "Server Error"
            : status === 503
              ? "Service Unavailable"
              : "Server Error";
    const docs =
      status === 403 || status === 429
        ? "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
        : DOCS;
    return { status, headers, body: spec.body ?? { message, documentation_url: docs, status: String(status) } };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    // GitHub Enterprise clients (the bot with GHE_HOST) prefix REST with /api/v3 and GraphQL with /api/graphql.
    const pathname = url.pathname
      .replace(/^\/api\/v3(?=\/)/, "")
      .replace(/^\/api\/graphql$/, "/graphql")
      // The repository root's listing is `/contents` (octokit drops the empty path) as well as `/contents/`.
      .replace(/^(\/repos\/[^/]+\/[^/]+\/contents)$/, "$1/");
    const text = await readBody(req);
    let body: unknown;
    let badJson = false;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        badJson = true;
      }
    }
    const entry: StandInRequest = {
      method,
      path: pathname,
      query: url.search.replace(/^\?/, ""),
      status: 0,
      counted: false,
      ...(body !== undefined ? { body } : {}),
      at,
    };
    requests.push(entry);
    const headers: Record<string, string> = {
      "content-type": "application/json; charset=utf-8",
      "x-github-request-id": randomUUID().toUpperCase(),
      "x-github-api-version-selected": "2022-11-28",
      "x-github-media-type": "github.v3; format=json",
    };
    const send = (status: number, payload: unknown, extra: Record<string, string> = {}, raw?: Buffer) => {
      entry.status = status;
      const out = status === 304 || status === 204 ? "" : raw ? raw : JSON.stringify(payload);
      const all = { ...headers, ...extra };
      if (raw) all["content-type"] = "application/vnd.github.raw; charset=utf-8";
      if (status === 304 || status === 204) delete all["content-type"];
      res.writeHead(status, all);
      res.end(out);
    };
    const sendError = (err: HttpError, operation?: Operation, extra: Record<string, string> = {}) => {
      const payload = {
        message: err.message,
        ...(err.errors ? { errors: err.errors } : {}),
        documentation_url: DOCS,
        status: String(err.status),
      };
      if (operation) checkResponse(operation, err.status, payload);
      send(err.status, payload, { ...extra, ...err.headers });
    };

    const isGraphql = pathname === "/graphql" && method === "POST";
    const match = isGraphql ? undefined : matchRoute(method, pathname);
    const template = isGraphql ? "/graphql" : match?.operation.template;

    const fault = takeFault(method, pathname, template);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault && (fault.status !== undefined || fault.body !== undefined)) {
      const reply = faultReply(fault);
      send(reply.status, reply.body, reply.headers);
      return;
    }

    if (!isGraphql && !match) {
      violations.push(`${method} ${pathname}: no such route in GitHub's REST API served by the stand-in`);
      sendError(notFound());
      return;
    }
    if (badJson) {
      sendError(new HttpError(400, "Problems parsing JSON"), match?.operation);
      return;
    }

    let auth: Auth;
    try {
      auth = authenticate(req.headers.authorization, template ?? "");
    } catch (err) {
      sendError(err as HttpError, match?.operation);
      return;
    }
    if (auth.kind === "anonymous" && (isGraphql || !anonymousAllowed(method, template ?? ""))) {
      sendError(new HttpError(401, "Requires authentication"), match?.operation);
      return;
    }

    const resource = isGraphql ? "graphql" : template === "/search/issues" ? "search" : "core";
    const identity = auth.token ?? "anonymous";
    const bucket = bucketFor(identity, resource);
    const counts = template !== "/rate_limit";
    if (counts && bucket.used >= bucket.limit) {
      const who =
        auth.kind === "anonymous"
          ? "127.0.0.1. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)"
          : auth.kind === "installation"
            ? `installation ID ${auth.installationId}.`
            : `user ID ${state.user(auth.login).id}.`;
      sendError(
        new HttpError(
          403,
          `API rate limit exceeded for ${who} If you reach out to GitHub Support for help, please include the request ID ${headers["x-github-request-id"]}.`,
        ),
        match?.operation,
        rateHeaders(bucket, resource),
      );
      return;
    }

    if (isGraphql) {
      bucket.used += 1;
      entry.counted = true;
      const { result, violations: found } = await handleGraphql(state, ser, auth, body);
      violations.push(...found);
      send(200, result, rateHeaders(bucket, resource));
      return;
    }

    const { operation, params } = match!;
    const checked = validateRequest(operation, params, url.searchParams, body ?? {}, body !== undefined);
    if (checked.problems.length > 0) {
      violations.push(`${operation.key} request: ${checked.problems.join("; ")}`);
      if (counts) bucket.used += 1;
      entry.counted = counts;
      if (checked.notFound) sendError(notFound(), operation, rateHeaders(bucket, resource));
      else {
        sendError(
          new HttpError(422, `Invalid request.\n\n${checked.problems.join("\n")}`),
          operation,
          rateHeaders(bucket, resource),
        );
      }
      return;
    }

    const ctx: RouteContext = {
      state,
      ser,
      base,
      method,
      pathname,
      params,
      query: checked.query,
      rawQuery: url.searchParams,
      headers: req.headers,
      body: body ?? {},
      auth,
      repo: () => visibleRepo(auth, params.owner ?? "", params.repo ?? ""),
    };
    const handler: Handler | undefined = routes[operation.key];
    let reply: BodyReply;
    try {
      if (!handler) {
        violations.push(`${operation.key}: described by GitHub but not implemented by the stand-in`);
        throw notFound();
      }
      const raw = await handler(ctx);
      reply = "list" in raw ? paginate(raw, checked.query, url) : raw;
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      if (counts) bucket.used += 1;
      entry.counted = counts;
      sendError(err, operation, rateHeaders(bucket, resource));
      return;
    }

    const extra = { ...reply.headers };
    if (method === "GET" && reply.status === 200) {
      const etag = etagOf(reply.raw ? reply.raw.toString("base64") : JSON.stringify(reply.body));
      extra.etag = etag;
      if (etagMatches(req.headers["if-none-match"] as string | undefined, etag)) {
        send(304, undefined, { ...extra, ...rateHeaders(bucket, resource) });
        return;
      }
    }
    if (counts) bucket.used += 1;
    entry.counted = counts;
    if (!reply.raw) checkResponse(operation, reply.status, reply.body);
    send(reply.status, reply.body, { ...extra, ...rateHeaders(bucket, resource) }, reply.raw);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      violations.push(`stand-in crashed on ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ message: "Server Error", documentation_url: DOCS, status: "500" }));
    });
  });
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ser = new Serializer(state, base);
  state.rateLimitSnapshot = (token) => {
    const identity = token ?? "anonymous";
    const snap = (resource: string) => {
      const b = bucketFor(identity, resource);
      return { limit: b.limit, used: b.used, remaining: Math.max(0, b.limit - b.used), reset: b.reset };
    };
    return { core: snap("core"), search: snap("search"), graphql: snap("graphql") };
  };

  return {
    url: base,
    state,
    requests,
    violations,
    fault(method, pathPattern, spec) {
      faults.push({ method: method.toUpperCase(), pattern: pathPattern, spec, left: spec.times ?? 1 });
    },
    resetLog() {
      requests.length = 0;
    },
    assertNoViolations() {
      if (violations.length === 0) return;
      const list = violations.splice(0).join("\n  - ");
      throw new Error(`GitHub stand-in saw requests/responses GitHub's OpenAPI description rejects:\n  - ${list}`);
    },
    takeViolations() {
      return violations.splice(0);
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
