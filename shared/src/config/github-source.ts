import type { ConfigSource } from "./types.js";

/** The one Octokit method this source needs (an Upkeep GitHubClient or Probot's `context.octokit`). */
export interface ContentsRequester {
  request(route: string, params: Record<string, unknown>): Promise<{ data: unknown }>;
}

function status(err: unknown): number | undefined {
  return typeof err === "object" && err !== null && "status" in err
    ? Number((err as { status: unknown }).status)
    : undefined;
}

/**
 * A ConfigSource over the GitHub contents API (`GET /repos/{owner}/{repo}/contents/{path}`).
 * `repo` (`owner/name`) is the current repository, used when read() is called without one.
 * A missing file, repository or a path that is a folder reads as undefined (404 also means "not
 * visible to this token"); other request errors are thrown as they come (GitHubApiError when the
 * client is Upkeep's own). Messages name files `owner/repo:path`.
 */
export function gitHubConfigSource(client: ContentsRequester, options: { repo: string; ref?: string }): ConfigSource {
  return {
    async read(repo, path) {
      const fullName = repo ?? options.repo;
      const [owner, name] = fullName.split("/");
      let data: unknown;
      try {
        ({ data } = await client.request("GET /repos/{owner}/{repo}/contents/{path}", {
          owner,
          repo: name,
          path,
          ...(repo === undefined && options.ref ? { ref: options.ref } : {}),
        }));
      } catch (err) {
        if (status(err) === 404) return undefined;
        throw err;
      }
      const file = data as { type?: string; content?: string; encoding?: string };
      if (file.type !== "file" || typeof file.content !== "string") return undefined;
      const text = Buffer.from(file.content, file.encoding === "base64" ? "base64" : "utf8").toString("utf8");
      return { text, file: `${fullName}:${path}` };
    },
  };
}
