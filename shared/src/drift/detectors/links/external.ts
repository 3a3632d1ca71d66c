import type { Clock, FetchPort } from "../../../ports.js";

/** The outcome of checking one external URL. */
export type ExternalLinkResult =
  | { status: "ok"; code: number }
  /** The server says the page is gone (404, 410): a real broken link. */
  | { status: "broken"; code: number }
  /** Could not tell (timeout, network error, 5xx, 401/403, 429 beyond the retries): retriable, never an error. */
  | { status: "unverified"; reason: string };

/** Options of {@link externalLinkChecker}. */
export interface ExternalLinkOptions {
  fetch: FetchPort;
  clock: Clock;
  /** Waits; default setTimeout (tests pass a fake that records the waits). */
  sleep?: (ms: number) => Promise<void>;
  /** Per-request timeout. Default 10,000 ms. */
  timeoutMs?: number;
  /** Least time between two requests to the same host. Default 250 ms. */
  perHostIntervalMs?: number;
  /** Retries after a 429. Default 2. */
  maxRetries?: number;
  /** A `retry-after` longer than this is not waited for (the link is reported unverified). Default 60,000 ms. */
  maxRetryAfterMs?: number;
}

/** Checks external URLs; each URL is fetched at most once per checker. */
export interface ExternalLinkChecker {
  check(url: string): Promise<ExternalLinkResult>;
  /** Requests sent so far (HEAD and GET, retries included). */
  readonly requests: number;
}

/** Parses `retry-after` (seconds or an HTTP date) into milliseconds from `now`; undefined when absent or invalid. */
export function retryAfterMs(value: string | null, now: Date): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const s = value.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const t = Date.parse(s);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now.getTime());
}

const GONE = new Set([404, 410]);

/**
 * An external link checker that is polite and not flaky: HEAD first, then GET when HEAD is not
 * answered with success (many servers refuse HEAD); one request at a time per host, spaced by
 * `perHostIntervalMs`; a 429 waits for `retry-after` (up to `maxRetryAfterMs`) and retries
 * `maxRetries` times; results cached per URL. Only 404 and 410 count as broken; everything else
 * that is not a success is "unverified" (a warning in the report). Never throws.
 */
export function externalLinkChecker(options: ExternalLinkOptions): ExternalLinkChecker {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const interval = options.perHostIntervalMs ?? 250;
  const maxRetries = options.maxRetries ?? 2;
  const maxRetryAfter = options.maxRetryAfterMs ?? 60_000;
  const cache = new Map<string, Promise<ExternalLinkResult>>();
  const hostTail = new Map<string, Promise<unknown>>();
  const hostLast = new Map<string, number>();
  let requests = 0;

  // Serialises requests per host and spaces them: the tail promise is the host's queue.
  function onHost<T>(host: string, task: () => Promise<T>): Promise<T> {
    const prev = hostTail.get(host) ?? Promise.resolve();
    const run = prev.then(async () => {
      const last = hostLast.get(host);
      const now = options.clock.now().getTime();
      if (last !== undefined && now - last < interval) await sleep(interval - (now - last));
      hostLast.set(host, options.clock.now().getTime());
      return task();
    });
    hostTail.set(
      host,
      run.catch(() => undefined),
    );
    return run;
  }

  async function send(url: string, method: "HEAD" | "GET"): Promise<Response | string> {
    requests++;
    try {
      const res = await options.fetch(url, {
        method,
        redirect: "follow",
        signal: AbortSignal.timeout(timeoutMs),
        headers: { "user-agent": "upkeep-drift-check (link checker)" },
      });
      if (method === "GET") await res.body?.cancel().catch(() => undefined);
      return res;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }

  async function attempt(url: string, host: string): Promise<ExternalLinkResult | { retryAfter: number | undefined }> {
    const head = await onHost(host, () => send(url, "HEAD"));
    if (typeof head !== "string" && head.ok) return { status: "ok", code: head.status };
    if (typeof head !== "string" && head.status === 429) {
      return { retryAfter: retryAfterMs(head.headers.get("retry-after"), options.clock.now()) };
    }
    const get = await onHost(host, () => send(url, "GET"));
    if (typeof get === "string") return { status: "unverified", reason: get };
    if (get.ok) return { status: "ok", code: get.status };
    if (get.status === 429) return { retryAfter: retryAfterMs(get.headers.get("retry-after"), options.clock.now()) };
    if (GONE.has(get.status)) return { status: "broken", code: get.status };
    return { status: "unverified", reason: `HTTP ${get.status}` };
  }

  async function check(url: string): Promise<ExternalLinkResult> {
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      return { status: "broken", code: 0 };
    }
    for (let i = 0; ; i++) {
      const r = await attempt(url, host);
      if ("status" in r) return r;
      const wait = r.retryAfter ?? 1000 * 2 ** i;
      if (i >= maxRetries) return { status: "unverified", reason: `HTTP 429 after ${i + 1} attempts` };
      if (wait > maxRetryAfter)
        return { status: "unverified", reason: `HTTP 429, retry-after ${Math.ceil(wait / 1000)} s` };
      await sleep(wait);
    }
  }

  return {
    check(url) {
      let p = cache.get(url);
      if (!p) {
        p = check(url);
        cache.set(url, p);
      }
      return p;
    },
    get requests() {
      return requests;
    },
  };
}
