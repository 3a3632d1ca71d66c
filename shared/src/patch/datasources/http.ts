/**
 * The one HTTP path every datasource takes: a timeout per attempt, retries with exponential backoff on
 * 5xx/429/timeouts/network errors (honouring `retry-after`), and ExternalServiceError with a hint at the end.
 */
import { ExternalServiceError } from "../../errors.js";
import { type Logger, silentLogger } from "../../logger.js";
import type { FetchPort } from "../../ports.js";

/** How a datasource talks HTTP. Every field but `fetch` has a default. */
export interface HttpOptions {
  /** The fetch to use (the global fetch in shells, one aimed at a stand-in in tests). */
  fetch: FetchPort;
  /** Time allowed for one attempt, body included. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt on 5xx, 429, timeouts and connection errors. Default 3. */
  retries?: number;
  /** Wait before the first retry; doubles each time. Default 500 ms. */
  backoffMs?: number;
  /** The longest `retry-after` that is waited for; a longer one fails at once. Default 60 000 ms. */
  maxRetryAfterMs?: number;
  /** Progress and retry notes. Default: silent. */
  logger?: Logger;
}

/** One request. */
export interface HttpRequest {
  /** Who is asked, for messages: `osv`, `npm registry https://registry.npmjs.org`. */
  service: string;
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** Statuses returned to the caller instead of thrown (e.g. 404 for an unknown package). */
  passStatuses?: readonly number[];
  /** What to do when the service says 401/403. Default: "check the token". */
  authHint?: string;
  /** Called before every attempt (retries included), for request counters. */
  onAttempt?: () => void;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `retry-after` in milliseconds (seconds or an HTTP date), or undefined when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

function errorCode(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === "TimeoutError" || err.name === "AbortError") return "timeout";
    const cause = (err as { cause?: unknown }).cause;
    if (cause && typeof cause === "object" && "code" in cause) return String((cause as { code: unknown }).code);
    return err.message;
  }
  return String(err);
}

/**
 * Performs `req` with retries. Returns the response for 2xx and for `passStatuses`.
 * Throws ExternalServiceError (carrying the status) for any other status after retries, for
 * timeouts and for connection errors; its hint says what to try next.
 */
export async function httpRequest(req: HttpRequest, options: HttpOptions): Promise<HttpResponse> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 500;
  const maxRetryAfter = options.maxRetryAfterMs ?? 60_000;
  const logger = options.logger ?? silentLogger;
  const method = req.method ?? "GET";
  const what = `${method} ${req.url}`;

  for (let attempt = 0; ; attempt++) {
    const last = attempt >= retries;
    const wait = backoffMs * 2 ** attempt;
    req.onAttempt?.();
    let res: Response;
    let text: string;
    try {
      res = await options.fetch(req.url, {
        method,
        headers: req.headers,
        body: req.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await readBody(res);
    } catch (err) {
      const code = errorCode(err);
      const reason = code === "timeout" ? `no answer within ${timeoutMs / 1000} s` : `could not connect (${code})`;
      if (last) {
        throw new ExternalServiceError(req.service, `${what}: ${reason} after ${attempt + 1} attempt(s)`, {
          cause: err,
          hint: `${
            code === "timeout"
              ? "the service is slow or unreachable; retry later or raise the timeout"
              : "check the URL and that this machine can reach it (proxy, firewall)"
          }${
            req.service === "osv"
              ? "; without network access scan offline: download https://osv-vulnerabilities.storage.googleapis.com/all.zip (or one ecosystem's <Ecosystem>/all.zip) where you can, then run with --osv-dir <that file> (action input osv-dir)"
              : ""
          }`,
        });
      }
      logger.debug(`${req.service}: ${what}: ${reason}; retrying in ${wait} ms`);
      await sleep(wait);
      continue;
    }

    if (res.ok || req.passStatuses?.includes(res.status)) return { status: res.status, headers: res.headers, text };

    const status = res.status;
    if (status === 401 || status === 403) {
      // 403 with retry-after (or 429) is rate limiting, not a credentials problem.
      if (!(status === 403 && res.headers.get("retry-after"))) {
        throw new ExternalServiceError(req.service, `${what} answered ${status} (not authorised)`, {
          status,
          hint: req.authHint ?? "check the token for this service",
        });
      }
    }
    const retriable = RETRY_STATUSES.has(status) || status === 403;
    if (!retriable) {
      throw new ExternalServiceError(req.service, `${what} answered ${status}: ${text.slice(0, 200)}`, {
        status,
        hint: "this looks like a bug in the request or an incompatible server; check the configured URL",
      });
    }
    const after = retryAfterMs(res.headers.get("retry-after"));
    if (last || (after !== undefined && after > maxRetryAfter)) {
      const later = after !== undefined ? `; it asks to retry after ${Math.ceil(after / 1000)} s` : "";
      throw new ExternalServiceError(
        req.service,
        `${what} answered ${status} after ${attempt + 1} attempt(s)${later}`,
        {
          status,
          hint: "the service is failing or rate-limiting; retry later, or use a mirror or an offline database",
        },
      );
    }
    const delay = after ?? wait;
    logger.debug(`${req.service}: ${what} answered ${status}; retrying in ${delay} ms`);
    await sleep(delay);
  }
}

const utf8 = new TextDecoder();

/**
 * The body as text: the chunks are collected and decoded once. `Response.text()` decodes through a
 * stream and copies each chunk again, which cost about half the CPU of reading multi-megabyte npm
 * packuments. Decodes as UTF-8 (a leading BOM is dropped, as `text()` does); throws what the stream throws.
 */
export async function readBody(res: Response): Promise<string> {
  if (res.body === null) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  if (chunks.length === 1) return utf8.decode(chunks[0]);
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return utf8.decode(all);
}

/**
 * Parses a JSON body. Throws ExternalServiceError saying what came back instead (HTML error pages,
 * truncated answers) so the user can tell a proxy page from an outage.
 */
export function parseJsonBody(service: string, url: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const start = text.slice(0, 80).replace(/\s+/g, " ");
    throw new ExternalServiceError(service, `${url} answered with a body that is not JSON: "${start}"`, {
      cause: err,
      hint: "a proxy or captive portal may be answering instead of the service; check the configured URL",
    });
  }
}

/** Throws ExternalServiceError naming `url` and what was expected; for answers of the wrong shape. */
export function badShape(service: string, url: string, expected: string): never {
  throw new ExternalServiceError(service, `${url} answered JSON of an unexpected shape: expected ${expected}`, {
    hint: "the configured URL may point at a different kind of server",
  });
}

/** Runs `fn` over `items` with at most `limit` running at once; results keep the input order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return out;
}

/** A plain object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Runs functions with at most `n` in flight; the rest wait in call order. */
export type Limiter = <T>(fn: () => Promise<T>) => Promise<T>;

/** A {@link Limiter} allowing `n` (at least 1) concurrent calls. */
export function createLimiter(n: number): Limiter {
  const max = Math.max(1, n);
  let active = 0;
  const queue: (() => void)[] = [];
  return async (fn) => {
    if (active >= max) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}
