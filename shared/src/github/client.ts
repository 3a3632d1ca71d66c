import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import Bottleneck from "bottleneck";
import type { Logger } from "../logger.js";
import { silentLogger } from "../logger.js";
import type { FetchPort } from "../ports.js";
import { UPKEEP_VERSION } from "../version.js";
import { translateRequestError } from "./errors.js";

const UpkeepOctokitBase = Octokit.plugin(retry, throttling);

/** The Octokit type every Upkeep shell uses: REST methods + paginate + retry + throttling. */
export type GitHubClient = InstanceType<typeof UpkeepOctokitBase>;

export interface GitHubClientOptions {
  /** A token (PAT, GITHUB_TOKEN, installation token). Omit for anonymous requests. */
  token?: string;
  /** Any Octokit auth strategy instead of a token (the bot passes Probot's). */
  authStrategy?: unknown;
  auth?: unknown;
  /** REST root. Default `https://api.github.com`; GHES `https://HOST/api/v3`; tests: the stand-in's URL. */
  baseUrl?: string;
  logger?: Logger;
  /** Retries of 5xx and network errors (not 4xx). Default 3. */
  retries?: number;
  /**
   * Retries after a primary or secondary rate limit (honouring `retry-after` / `x-ratelimit-reset`).
   * Default 2: a third limit in a row gives up with GitHubApiError.
   */
  rateLimitRetries?: number;
  /**
   * Minimum milliseconds between content-creating requests (POST/PATCH/PUT/DELETE, issues and comments
   * included). Default 1000, i.e. at most 60 a minute, under GitHub's secondary limit of about 80.
   */
  writeIntervalMs?: number;
  /** Milliseconds per second of `retry-after` (tests shrink it). Default 1000. */
  retryAfterScaleMs?: number;
  /** Per-request timeout in milliseconds. Default 30,000. */
  timeoutMs?: number;
  fetch?: FetchPort;
  userAgent?: string;
}

/**
 * The one Octokit factory (design §2): REST + paginate + retry + throttling, a configurable base URL
 * for GHES and the stand-in, request errors translated into GitHubApiError / NotFoundError.
 * Never throws itself; requests made with the client throw the translated errors.
 */
export function createGitHubClient(options: GitHubClientOptions = {}): GitHubClient {
  const log = options.logger ?? silentLogger;
  const scale = options.retryAfterScaleMs ?? 1000;
  const rateLimitRetries = options.rateLimitRetries ?? 2;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const baseFetch: FetchPort = options.fetch ?? globalThis.fetch;
  const fetchWithTimeout: FetchPort = (input, init) => {
    const signal = init?.signal ?? AbortSignal.timeout(timeoutMs);
    return baseFetch(input, { ...init, signal });
  };
  const onLimit =
    (kind: string) =>
    (retryAfter: number, opts: { method?: string; url?: string }, _o: unknown, retryCount: number) => {
      const what = `${opts.method ?? "GET"} ${opts.url ?? ""}`;
      if (retryCount < rateLimitRetries) {
        log.warning(`GitHub ${kind} rate limit on ${what}: retrying after ${retryAfter} s`);
        return true;
      }
      log.error(`GitHub ${kind} rate limit on ${what}: giving up after ${retryCount + 1} attempts`);
      return false;
    };
  const client = new UpkeepOctokitBase({
    ...(options.token ? { auth: options.token } : {}),
    ...(options.authStrategy ? { authStrategy: options.authStrategy, auth: options.auth } : {}),
    baseUrl: (options.baseUrl ?? "https://api.github.com").replace(/\/+$/, ""),
    userAgent: options.userAgent ?? `upkeep/${UPKEEP_VERSION}`,
    request: { fetch: fetchWithTimeout },
    log: {
      debug: (m: string) => log.debug(m),
      info: (m: string) => log.debug(m),
      warn: (m: string) => log.warning(m),
      error: (m: string) => log.error(m),
    },
    retry: { retries: options.retries ?? 3, retryAfterBaseValue: scale },
    throttle: {
      onRateLimit: onLimit("primary"),
      onSecondaryRateLimit: onLimit("secondary"),
      retryAfterBaseValue: scale,
      // Octokit paces plain writes at 1 s and writes that notify (issues, comments) at 3 s; one interval
      // for both keeps content creation under GitHub's ~80 a minute and lets tests run without waiting.
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeIntervalMs ?? 1000 }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeIntervalMs ?? 1000 }),
    },
  } as ConstructorParameters<typeof UpkeepOctokitBase>[0]);
  client.hook.error("request", (error, requestOptions) => {
    throw translateRequestError(error, requestOptions);
  });
  return client;
}
