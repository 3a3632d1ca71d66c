import { GitHubApiError } from "../errors.js";
import type { Logger } from "../logger.js";
import { silentLogger } from "../logger.js";
import type { GitHubClient } from "./client.js";
import { hasMarker, withMarker } from "./markers.js";

export interface StickyCommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
  /** Marker key identifying this sticky comment, e.g. `patch-check` or `drift-check/pkg-a`. */
  key: string;
}

export type StickyOutcome =
  | { action: "created" | "updated" | "unchanged"; commentId: number; url: string; duplicatesDeleted: number }
  | { action: "forbidden"; reason: string };

interface CommentLike {
  id: number;
  body?: string | null;
  html_url: string;
  created_at: string;
}

function oldestFirst(a: CommentLike, b: CommentLike): number {
  return a.created_at === b.created_at ? a.id - b.id : a.created_at < b.created_at ? -1 : 1;
}

async function listMarked(client: GitHubClient, t: StickyCommentTarget): Promise<CommentLike[]> {
  const all = (await client.paginate(client.rest.issues.listComments, {
    owner: t.owner,
    repo: t.repo,
    issue_number: t.issueNumber,
    per_page: 100,
  })) as CommentLike[];
  return all.filter((c) => hasMarker(c.body, t.key)).sort(oldestFirst);
}

/**
 * Creates or updates the one comment with this key on an issue or pull request: never a second comment.
 * When two runs race and both create one, the older comment wins and the newer ones are deleted.
 * An unchanged body costs no write. With `tolerateForbidden` (fork pull requests with a read-only token),
 * a 403 on writing returns `{ action: "forbidden" }` instead of throwing.
 * Throws GitHubApiError for any other API failure.
 */
export async function upsertStickyComment(
  client: GitHubClient,
  target: StickyCommentTarget,
  body: string,
  options: { tolerateForbidden?: boolean; logger?: Logger } = {},
): Promise<StickyOutcome> {
  const log = options.logger ?? silentLogger;
  const full = withMarker(body, target.key);
  const base = { owner: target.owner, repo: target.repo };
  try {
    let marked = await listMarked(client, target);
    let action: "created" | "updated" | "unchanged";
    let keep: CommentLike;
    if (marked.length === 0) {
      const created = await client.rest.issues.createComment({ ...base, issue_number: target.issueNumber, body: full });
      action = "created";
      // Re-read: a concurrent run may have created one too; the oldest must win everywhere.
      marked = await listMarked(client, target);
      if (marked.length === 0) marked = [created.data as CommentLike];
      keep = marked[0]!;
    } else {
      keep = marked[0]!;
      action = keep.body === full ? "unchanged" : "updated";
    }
    let duplicatesDeleted = 0;
    for (const dup of marked.slice(1)) {
      await client.rest.issues.deleteComment({ ...base, comment_id: dup.id });
      duplicatesDeleted++;
      log.info(`deleted duplicate sticky comment ${dup.html_url} (kept ${keep.html_url})`);
    }
    if (keep.body !== full) {
      await client.rest.issues.updateComment({ ...base, comment_id: keep.id, body: full });
      if (action === "unchanged") action = "updated";
    }
    return { action, commentId: keep.id, url: keep.html_url, duplicatesDeleted };
  } catch (err) {
    if (options.tolerateForbidden && err instanceof GitHubApiError && (err.status === 403 || err.status === 401)) {
      return { action: "forbidden", reason: err.message };
    }
    throw err;
  }
}
