import { gitHubConfigSource } from "@upkeep/shared/config/github-source.js";
import { loadConfig } from "@upkeep/shared/config/load.js";
import type { ConfigSource, LoadedConfig } from "@upkeep/shared/config/types.js";
import { InputError, NotFoundError } from "@upkeep/shared/errors.js";
import type { GitHubClient } from "@upkeep/shared/github/client.js";
import { MAINTENANCE_DIR } from "@upkeep/shared/maintenance/files.js";
import type { FileSystemPort } from "@upkeep/shared/ports.js";
import { readJsonCache, writeJsonCache } from "./json-cache.js";

/** The repository a piece of work is about. */
export interface RepoRef {
  owner: string;
  name: string;
  /** Default branch; undefined reads it from `GET /repos/{owner}/{repo}`. */
  defaultBranch?: string;
}

/** What the bot reads from a repository's files: the loaded config and the maintenance files' texts. */
export interface RepoFiles {
  /** The commit these were read at. */
  sha: string;
  /** When they were read (ms since epoch, wall clock: it only decides when to re-read). */
  readAt: number;
  config: LoadedConfig;
  /** `.github/maintenance/*.yml` path -> text. */
  maintenance: Map<string, string>;
  /**
   * The repository's own feedback model file at this commit (`feedback.model`; `text` null when there is none),
   * read with the config so a sweep that finds no push asks for it again no more than for the config.
   * Undefined when feedback triage is off.
   */
  feedbackModel?: { path: string; text: string | null };
}

/**
 * How long files read at one commit are trusted without re-reading. A push to the repository is seen on
 * the next sweep (the branch ref changes); this bound catches changes elsewhere: an `_extends` base or
 * the organisation's `.github` fallback. Re-reads of unchanged files are conditional (free).
 */
export const FILES_TTL_MS = 60 * 60 * 1000;

function fullName(repo: RepoRef): string {
  return `${repo.owner}/${repo.name}`;
}

interface ContentEntry {
  type: string;
  path: string;
}

async function listDir(client: GitHubClient, repo: RepoRef, dir: string, ref: string): Promise<ContentEntry[]> {
  try {
    const { data } = await client.request("GET /repos/{owner}/{repo}/contents/{path}", {
      owner: repo.owner,
      repo: repo.name,
      path: dir,
      ref,
    });
    return Array.isArray(data) ? (data as ContentEntry[]) : [];
  } catch (err) {
    if (err instanceof NotFoundError) return [];
    throw err;
  }
}

/**
 * A read-only FileSystemPort over texts already read (the maintenance engine reads files through it).
 * Writes throw InputError: the bot never writes files.
 */
export function memoryFileSystem(root: string, files: ReadonlyMap<string, string>): FileSystemPort {
  const missing = (path: string) => new InputError(`${root}:${path} does not exist`);
  return {
    root,
    async readText(path) {
      const text = files.get(path);
      if (text === undefined) throw missing(path);
      return text;
    },
    async readBytes(path) {
      const text = files.get(path);
      if (text === undefined) throw missing(path);
      return new TextEncoder().encode(text);
    },
    async exists(path) {
      const p = path.replace(/\/+$/, "");
      return files.has(p) || [...files.keys()].some((f) => f.startsWith(`${p}/`));
    },
    async size(path) {
      const text = files.get(path);
      return text === undefined ? undefined : new TextEncoder().encode(text).length;
    },
    async walk(options = {}) {
      const dir = options.dir?.replace(/\/+$/, "");
      return [...files.keys()].filter((f) => !dir || f.startsWith(`${dir}/`)).sort();
    },
    async writeText(path) {
      throw new InputError(`${root}:${path}: the bot does not write files`);
    },
  };
}

/** The branch head, read conditionally (a 304 when nothing was pushed costs no rate limit). */
async function headSha(client: GitHubClient, repo: RepoRef): Promise<{ sha: string; branch: string }> {
  let branch = repo.defaultBranch;
  if (!branch) {
    const { data } = await client.rest.repos.get({ owner: repo.owner, repo: repo.name });
    branch = data.default_branch;
  }
  const { data } = await client.rest.git.getRef({ owner: repo.owner, repo: repo.name, ref: `heads/${branch}` });
  return { sha: data.object.sha, branch };
}

/**
 * Reads a repository's Upkeep files with as few counted requests as possible: one conditional read of the
 * branch ref; only when it moved (or {@link FILES_TTL_MS} passed) the config (with `_extends` and the
 * organisation fallback, non-strict so valid parts survive), `.github/maintenance/*.yml` and, with feedback
 * triage on, its model file are read again.
 * `cache` holds the previous result per repository. Throws GitHubApiError when GitHub fails after retries.
 */
export async function readRepoFiles(
  client: GitHubClient,
  repo: RepoRef,
  cache: Map<string, RepoFiles>,
  options: { force?: boolean; wallClock?: () => number } = {},
): Promise<RepoFiles> {
  const now = options.wallClock ?? Date.now;
  const key = fullName(repo).toLowerCase();
  const { sha } = await headSha(client, repo);
  const previous = cache.get(key);
  if (!options.force && previous && previous.sha === sha && now() - previous.readAt < FILES_TTL_MS) return previous;
  const source: ConfigSource = gitHubConfigSource(client, { repo: fullName(repo), ref: sha });
  const config = await loadConfig({ source, repo: fullName(repo), orgFallback: repo.owner, strict: false });
  const maintenance = new Map<string, string>();
  for (const entry of await listDir(client, repo, MAINTENANCE_DIR, sha)) {
    if (entry.type !== "file" || !/\.ya?ml$/i.test(entry.path)) continue;
    // Read like the config (same commit, same decoding); a listed file at a fixed commit is always there.
    const file = await source.read(undefined, entry.path);
    if (file) maintenance.set(entry.path, file.text);
  }
  const feedback = config.config.feedback;
  const feedbackModel = feedback?.enabled
    ? { path: feedback.model, text: (await source.read(undefined, feedback.model))?.text ?? null }
    : undefined;
  const files: RepoFiles = { sha, readAt: now(), config, maintenance, ...(feedbackModel ? { feedbackModel } : {}) };
  cache.set(key, files);
  return files;
}

/**
 * Reads a files cache written by {@link saveRepoFilesCache} (the sweep CLI keeps it beside its ETag cache, so
 * a scheduled run that finds no push reads no file). A missing or damaged file gives an empty cache.
 */
export function loadRepoFilesCache(path: string): Map<string, RepoFiles> {
  const saved = readJsonCache(path) as
    | Record<string, Omit<RepoFiles, "maintenance"> & { maintenance: [string, string][] }>
    | undefined;
  const out = new Map<string, RepoFiles>();
  try {
    for (const [key, v] of Object.entries(saved ?? {})) out.set(key, { ...v, maintenance: new Map(v.maintenance) });
  } catch {
    // A file of another shape is as good as none.
    out.clear();
  }
  return out;
}

/** Writes the files cache (atomically). Never throws: a failed save only costs reads next time. */
export function saveRepoFilesCache(path: string, cache: ReadonlyMap<string, RepoFiles>): void {
  writeJsonCache(path, Object.fromEntries([...cache].map(([k, v]) => [k, { ...v, maintenance: [...v.maintenance] }])));
}
