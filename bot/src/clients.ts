import { createAppAuth } from "@octokit/auth-app";
import { createGitHubClient, type GitHubClient } from "@upkeep/shared/github/client.js";
import type { Logger } from "@upkeep/shared/logger.js";
import type { EtagCache } from "./etag-cache.js";

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
}

function build(
  settings: ClientSettings,
  auth: Record<string, unknown> | { token: string },
  scope: string,
): GitHubClient {
  const client = createGitHubClient({
    ...("token" in auth ? { token: auth.token as string } : { authStrategy: createAppAuth, auth }),
    baseUrl: settings.baseUrl,
    writeIntervalMs: settings.writeIntervalMs,
    retryAfterScaleMs: settings.retryAfterScaleMs,
    logger: settings.logger,
  });
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
