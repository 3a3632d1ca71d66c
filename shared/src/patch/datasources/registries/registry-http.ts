/** What every registry source shares: base URL, credentials, User-Agent, and a GET that knows 404. */
import type { Ecosystem } from "../../types.js";
import { createLimiter, type HttpOptions, httpRequest, type Limiter, parseJsonBody } from "../http.js";
import { UnknownPackageError } from "../types.js";

/** Options of every registry source. */
export interface RegistryOptions extends HttpOptions {
  /** Base URL of the registry or mirror; each source documents its default. */
  url?: string;
  /** Sent as `Authorization: Bearer <token>` (private registries). Never logged. */
  token?: string;
  /** A full `Authorization` header value instead of `token` (e.g. `Basic ...`). */
  authorization?: string;
  /** Sent as `User-Agent`. Default `upkeep-patch-check (+https://github.com/upkeep)`; crates.io requires one. */
  userAgent?: string;
  /** Requests in flight at once per source (callers may ask for hundreds of packages at once). Default 16. */
  concurrency?: number;
}

const limiters = new WeakMap<RegistryOptions, Limiter>();

// One limiter per options object: every source built from the same options shares the budget.
function limiterFor(options: RegistryOptions): Limiter {
  let limit = limiters.get(options);
  if (!limit) {
    limit = createLimiter(options.concurrency ?? 16);
    limiters.set(options, limit);
  }
  return limit;
}

/** The User-Agent sent when none is configured. */
export const DEFAULT_USER_AGENT = "upkeep-patch-check (+https://github.com/upkeep)";

/** Base URL without a trailing slash. */
export function baseUrl(options: RegistryOptions, fallback: string): string {
  return (options.url ?? fallback).replace(/\/+$/, "");
}

/**
 * GETs `url` from a registry. Returns the body text, or throws UnknownPackageError on 404/410,
 * ExternalServiceError (hint: set a token) on 401/403, ExternalServiceError on failures after retries.
 */
export async function registryGet(
  options: RegistryOptions,
  target: { ecosystem: Ecosystem; registry: string; name: string; url: string; accept?: string },
): Promise<string> {
  const headers: Record<string, string> = {
    accept: target.accept ?? "application/json",
    "user-agent": options.userAgent ?? DEFAULT_USER_AGENT,
  };
  const auth = options.authorization ?? (options.token ? `Bearer ${options.token}` : undefined);
  if (auth) headers.authorization = auth;
  const res = await limiterFor(options)(() =>
    httpRequest(
      {
        service: `${target.ecosystem} registry ${target.registry}`,
        url: target.url,
        headers,
        passStatuses: [404, 410],
        authHint: auth
          ? `the token was refused by ${target.registry}; check that it is valid and may read ${target.name}`
          : `${target.registry} needs credentials: set a token for this registry`,
      },
      options,
    ),
  );
  if (res.status === 404 || res.status === 410)
    throw new UnknownPackageError(target.ecosystem, target.name, target.registry);
  return res.text;
}

/** GETs and parses JSON (see {@link registryGet}); garbage throws ExternalServiceError. */
export async function registryGetJson(
  options: RegistryOptions,
  target: { ecosystem: Ecosystem; registry: string; name: string; url: string; accept?: string },
): Promise<unknown> {
  const text = await registryGet(options, target);
  return parseJsonBody(`${target.ecosystem} registry ${target.registry}`, target.url, text);
}
