import { join } from "node:path";
import { gitHubConfigSource } from "@upkeep/shared/config/github-source.js";
import { describeError } from "@upkeep/shared/errors.js";
import { builtinModel } from "@upkeep/shared/feedback/default-model.js";
import { DuplicateIndex, indexIssue } from "@upkeep/shared/feedback/duplicates.js";
import { type FeedbackModel, parseModel } from "@upkeep/shared/feedback/model.js";
import type { GitHubClient } from "@upkeep/shared/github/client.js";
import type { Logger } from "@upkeep/shared/logger.js";
import type { RestIssue } from "@upkeep/shared/plan/rest-issue.js";
import { readJsonCache, writeJsonCache } from "../../json-cache.js";
import type { RepoRef } from "../../repo-files.js";

/**
 * What the feedback feature keeps per repository for the life of the process (and, with a cache folder,
 * across restarts): the duplicate index, kept up to date incrementally, and the model read at a commit.
 */
export class FeedbackStore {
  private readonly indexes = new Map<string, DuplicateIndex>();
  private readonly models = new Map<string, { sha: string; path: string; model: FeedbackModel }>();

  /** `cacheDir`: where index files are kept; undefined keeps them in memory only. */
  constructor(private readonly cacheDir?: string) {}

  private file(key: string): string | undefined {
    return this.cacheDir
      ? join(this.cacheDir, `feedback-index-${key.replace(/[^a-z0-9._-]+/gi, "_")}.json`)
      : undefined;
  }

  /**
   * The repository's duplicate index, brought up to date: only issues updated since the last update are
   * listed (one conditional, paginated request; nothing new is a 304), pull requests left out. `skip` is left
   * out of the index for now (the new issue itself: it is added after it was compared).
   * Throws GitHubApiError when listing fails.
   */
  async index(client: GitHubClient, repo: RepoRef, logger: Logger): Promise<DuplicateIndex> {
    const key = `${repo.owner}/${repo.name}`.toLowerCase();
    let index = this.indexes.get(key);
    if (!index) {
      const file = this.file(key);
      index = file ? DuplicateIndex.fromJSON(readJsonCache(file)) : new DuplicateIndex();
      this.indexes.set(key, index);
    }
    const items = (await client.paginate(client.rest.issues.listForRepo, {
      owner: repo.owner,
      repo: repo.name,
      state: "all",
      sort: "updated",
      direction: "asc",
      per_page: 100,
      ...(index.updatedAt ? { since: index.updatedAt } : {}),
    })) as (RestIssue & { updated_at: string })[];
    let changed = 0;
    for (const i of items) {
      if (index.updatedAt === null || i.updated_at > index.updatedAt) index.updatedAt = i.updated_at;
      if (i.pull_request) continue;
      index.add(
        indexIssue({
          number: i.number,
          title: i.title,
          body: i.body ?? "",
          state: i.state === "closed" ? "closed" : "open",
        }),
      );
      changed++;
    }
    if (changed > 0) {
      logger.debug(`${key}: duplicate index: ${changed} issue(s) added or updated, ${index.size} in all`);
      const file = this.file(key);
      if (file) writeJsonCache(file, index.toJSON());
    }
    return index;
  }

  /**
   * The model at `path` of the repository at commit `sha` (read once per commit), or the built-in rules when
   * the file does not exist. A damaged model file is logged and the built-in rules are used: a bad file must
   * not stop triage. Throws GitHubApiError when reading fails for another reason.
   */
  async model(client: GitHubClient, repo: RepoRef, sha: string, path: string, logger: Logger): Promise<FeedbackModel> {
    const key = `${repo.owner}/${repo.name}`.toLowerCase();
    const cached = this.models.get(key);
    if (cached && cached.sha === sha && cached.path === path) return cached.model;
    const source = gitHubConfigSource(client, { repo: `${repo.owner}/${repo.name}`, ref: sha });
    const file = await source.read(undefined, path);
    let model = builtinModel();
    if (file) {
      try {
        model = parseModel(file.text, file.file);
      } catch (error) {
        logger.warning(`${key}: ${describeError(error)} — using the built-in rules`);
      }
    }
    this.models.set(key, { sha, path, model });
    return model;
  }
}
