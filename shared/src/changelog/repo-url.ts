import { InputError } from "../errors.js";
import type { RepoLinks } from "./types.js";

/**
 * Link base from a remote or repository URL: `https://host/owner/repo(.git)`, `git@host:owner/repo.git`,
 * `ssh://git@host[:port]/owner/repo.git`, `git://…`; GitHub Enterprise hosts kept as they are (links
 * use https). Nested owners (`group/sub/repo`) keep every part but the last as the owner. Returns
 * undefined for a URL that names no owner and repository (a local path).
 */
export function parseRepoUrl(url: string): RepoLinks | undefined {
  const trimmed = url.trim();
  let host: string;
  let path: string;
  const scp = /^(?:[\w.-]+@)?([\w.-]+):(?!\/\/)(.+)$/.exec(trimmed);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    let u: URL;
    try {
      u = new URL(trimmed);
    } catch {
      return undefined;
    }
    if (u.protocol === "file:") return undefined;
    host = u.hostname;
    path = u.pathname;
    if (u.protocol === "http:" || u.protocol === "https:") host = u.host;
  } else if (scp) {
    host = scp[1] ?? "";
    path = scp[2] ?? "";
  } else {
    return undefined;
  }
  const parts = path
    .replace(/^\/+|\/+$/g, "")
    .replace(/\.git$/, "")
    .split("/")
    .filter(Boolean);
  if (parts.length < 2 || !host) return undefined;
  const repository = parts.pop() as string;
  const scheme = /^http:\/\//i.test(trimmed) ? "http" : "https";
  return { host: `${scheme}://${host}`, owner: parts.join("/"), repository };
}

/**
 * Links for `--repo-url`: like {@link parseRepoUrl}, but throws InputError naming the flag when the
 * URL cannot be used.
 */
export function repoLinksFromFlag(url: string): RepoLinks {
  const links = parseRepoUrl(url);
  if (!links) {
    throw new InputError(`--repo-url ${url} is not a repository URL`, {
      hint: "give it as https://github.com/OWNER/REPO (or your GitHub Enterprise host)",
    });
  }
  return links;
}
