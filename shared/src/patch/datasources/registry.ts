/** Every vulnerability source by id (design §3): shells build the ones the user selected from here. */
import { InputError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import type { CachePort, FetchPort, FileSystemPort } from "../../ports.js";
import type { OsvRecord } from "../osv-schema.js";
import type { PackageRef } from "../types.js";
import { createGitHubAdvisorySource, type GitHubRequestClient } from "./github/github-source.js";
import type { HttpOptions } from "./http.js";
import { createOsvSource } from "./osv/osv-source.js";
import { createOsvOfflineSource } from "./osv-offline/offline-source.js";
import type { VulnerabilitySource } from "./types.js";

/** What the sources may need; each takes only its part. */
export interface VulnerabilitySourceContext extends Partial<Omit<HttpOptions, "fetch">> {
  fetch?: FetchPort;
  logger?: Logger;
  /** OSV API base URL (default https://api.osv.dev). */
  osvUrl?: string;
  /** Advisory cache for the OSV API source. */
  cache?: CachePort<OsvRecord>;
  /** File access and the offline database path, for `osv-offline`. */
  fs?: FileSystemPort;
  osvDir?: string;
  /** An Octokit (or anything with `request`), for `github`. */
  githubClient?: GitHubRequestClient;
  /** Filter of `osv-offline` and `github` results. Default `matchAdvisory`; `false` returns candidates by name. */
  match?: ((pkg: PackageRef, record: OsvRecord) => unknown) | false;
}

type Factory = (ctx: VulnerabilitySourceContext) => VulnerabilitySource;

function need<T>(value: T | undefined, id: string, what: string, hint: string): T {
  if (value === undefined) throw new InputError(`advisory source "${id}" needs ${what}`, { hint });
  return value;
}

/** Source id -> factory. Each factory throws InputError when the context lacks what it needs. */
export const vulnerabilitySources: ReadonlyMap<VulnerabilitySource["id"], Factory> = new Map<
  VulnerabilitySource["id"],
  Factory
>([
  [
    "osv",
    (ctx) =>
      createOsvSource({
        ...ctx,
        fetch: need(ctx.fetch, "osv", "a fetch function", "this is a bug in the shell that builds the source"),
        ...(ctx.osvUrl === undefined ? {} : { url: ctx.osvUrl }),
      }),
  ],
  [
    "osv-offline",
    (ctx) =>
      createOsvOfflineSource({
        fs: need(ctx.fs, "osv-offline", "file access", "this is a bug in the shell that builds the source"),
        path: need(
          ctx.osvDir,
          "osv-offline",
          "a database path",
          "pass --osv-dir DIR (a folder of OSV JSON files or an all.zip)",
        ),
        ...(ctx.logger === undefined ? {} : { logger: ctx.logger }),
        ...(ctx.match === undefined ? {} : { match: ctx.match }),
      }),
  ],
  [
    "github",
    (ctx) =>
      createGitHubAdvisorySource({
        client: need(ctx.githubClient, "github", "a GitHub client", "give a token (input `token` or GITHUB_TOKEN)"),
        ...(ctx.logger === undefined ? {} : { logger: ctx.logger }),
        ...(ctx.match === undefined ? {} : { match: ctx.match }),
      }),
  ],
]);
