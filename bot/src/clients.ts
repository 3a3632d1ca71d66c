import { createAppAuth } from "@octokit/auth-app";
import { createGitHubClient, type GitHubClient } from "@upkeep/shared/github/client.js";
import type { Logger } from "@upkeep/shared/logger.js";
import type { EtagCache } from "./etag-cache.js";

/** One HTTP answer from GitHub, as the metrics and the rate-limit gate see it. */
export interface ApiCall {
  /** `installation:42`, `app` or `token`. */
  scope: string;
  method: string;
  status: number;
  /** `x-ratelimit-remaining` / `x-ratelimit-reset` (epoch seconds) when GitHub sent them. */
  remaining?: number;
  reset?: number;
}

/** Makes Upkeep GitHub clients (retry, throttling, paced writes, conditional GETs) for the app and its installations. */
export interface ClientFactory {
  /** The client acting as installation `id` (one per installation, so its writes share one pace). */
  installation(id: number): Promise<GitHubClient>;
  /** The client acting as the app itself (a JWT): `/app/installations` and friends. */
  app(): Promise<GitHubClient>;
}

/** Options every Upkeep client of the bot shares. */
export interface ClientSettings {
  baseUrl: string;
  writeIntervalMs: number;
  retryAfterScaleMs: number;
  cache: EtagCache;
  logger: Logger;
  /**
   * Paces writes together with the other instances: reserves the next write turn of a scope (an installation)
   * in the shared state and resolves with the wait (SharedState.pace). Default: each process paces alone.
   */
  pace?: (key: string, intervalMs: number) => Promise<number>;
  /** Called for every HTTP answer (metrics, the rate-limit gate). Must not throw. */
  observe?: (call: ApiCall) => void;
}

function observingFetch(scope: string, observe: (call: ApiCall) => void): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const remaining = response.headers.get("x-ratelimit-remaining");
    const reset = response.headers.get("x-ratelimit-reset");
    observe({
      scope,
      method: (init?.method ?? "GET").toUpperCase(),
      status: response.status,
      ...(remaining !== null ? { remaining: Number(remaining) } : {}),
      ...(reset !== null ? { reset: Number(reset) } : {}),
    });
    return response;
  };
}

function build(
  settings: ClientSettings,
  auth: Record<string, unknown> | { token: string },
  scope: string,
): GitHubClient {
  const client = createGitHubClient({
    ...("token" in auth ? { token: auth.token as string } : { authStrategy: createAppAuth, auth }),
    baseUrl: settings.baseUrl,
    retryAfterScaleMs: settings.retryAfterScaleMs,
    // With shared pacing the turns come from the shared state (below); the local pace would only add to them.
    writeIntervalMs: settings.pace ? 0 : settings.writeIntervalMs,
    logger: settings.logger,
    ...(settings.observe ? { fetch: observingFetch(scope, settings.observe) } : {}),
  });
  const pace = settings.pace;
  if (pace && settings.writeIntervalMs > 0) {
    client.hook.before("request", async (options) => {
      const method = String(options.method ?? "GET").toUpperCase();
      if (method === "GET" || method === "HEAD" || /\/access_tokens$/.test(String(options.url))) return;
      const wait = await pace(`write:${scope}`, settings.writeIntervalMs);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    });
  }
  settings.cache.attach(client, scope);
  return client;
}

/** One client around a plain token (GITHUB_TOKEN in a workflow), with the ETag cache attached. Never throws. */
export function clientWithToken(token: string, settings: ClientSettings): GitHubClient {
  return build(settings, { token }, "token");
}

/**
 * A factory over GitHub App authentication (`@octokit/auth-app` as the clients' auth strategy, so token
 * requests use the clients' base URL — GitHub Enterprise and the stand-in included). Installation tokens
 * are cached by the strategy and renewed before they expire. Requests reject with GitHubApiError when the
 * app id or key is wrong.
 */
export function appClientFactory(app: { appId: number; privateKey: string }, settings: ClientSettings): ClientFactory {
  const clients = new Map<number, GitHubClient>();
  let appClient: GitHubClient | undefined;
  return {
    async installation(id) {
      let client = clients.get(id);
      if (!client) {
        client = build(
          settings,
          { appId: app.appId, privateKey: app.privateKey, installationId: id },
          `installation:${id}`,
        );
        clients.set(id, client);
      }
      return client;
    },
    async app() {
      appClient ??= build(settings, { appId: app.appId, privateKey: app.privateKey }, "app");
      return appClient;
    },
  };
}
