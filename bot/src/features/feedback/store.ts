import { join } from "node:path";
import { gitHubConfigSource } from "@upkeep/shared/config/github-source.js";
import type { FeedbackConfig } from "@upkeep/shared/config/types.js";
import { describeError } from "@upkeep/shared/errors.js";
import { builtinModel } from "@upkeep/shared/feedback/default-model.js";
import { DuplicateIndex, type IndexedIssue, indexIssue } from "@upkeep/shared/feedback/duplicates.js";
import { listLabelledIssues } from "@upkeep/shared/feedback/github.js";
import { type FeedbackModel, modelFromJson, modelToJson, parseModel } from "@upkeep/shared/feedback/model.js";
import { type LabelledIssue, trainModel } from "@upkeep/shared/feedback/train.js";
import type { GitHubClient } from "@upkeep/shared/github/client.js";
import type { Logger } from "@upkeep/shared/logger.js";
import type { RestIssue } from "@upkeep/shared/plan/rest-issue.js";
import type { KeyValueStore, SharedState } from "@upkeep/shared/ports.js";
import { readJsonCache, writeJsonCache } from "../../json-cache.js";
import type { RepoRef } from "../../repo-files.js";

/**
 * A repository's duplicate index in the shared state (`feedback:duplicates`): one entry per issue under
 * `owner/name#number`, and under `owner/name` the manifest: the issues' revisions and the newest update listed.
 * An instance loads only the entries whose revision is newer than its own copy's.
 */
interface SharedManifest {
  version: 1;
  updatedAt: string | null;
  rev: number;
  /** Issue number → the revision that last wrote its entry. */
  issues: Record<string, number>;
}

/** A local copy of a shared index: the index and the revision of every entry it holds. */
interface LocalCopy {
  index: DuplicateIndex;
  revs: Map<number, number>;
}

/** A trained model in the shared state (`feedback:models`), with when it was trained and last attempted. */
interface SharedModel {
  at?: number;
  attempted?: number;
  model?: unknown;
}

type ListedIssue = RestIssue & { updated_at: string };

/** Every issue and pull request of the repository updated at or after `since` (all of them when null), oldest first. */
async function issuesUpdatedSince(client: GitHubClient, repo: RepoRef, since: string | null): Promise<ListedIssue[]> {
  return (await client.paginate(client.rest.issues.listForRepo, {
    owner: repo.owner,
    repo: repo.name,
    state: "all",
    sort: "updated",
    direction: "asc",
    per_page: 100,
    ...(since ? { since } : {}),
  })) as ListedIssue[];
}

/** The duplicate index's entry of a listed issue. */
function indexedEntry(i: ListedIssue): IndexedIssue {
  return indexIssue({
    number: i.number,
    title: i.title,
    body: i.body ?? "",
    state: i.state === "closed" ? "closed" : "open",
    ...(i.created_at ? { createdAt: i.created_at } : {}),
  });
}

/**
 * What the feedback feature keeps per repository: the duplicate index, kept up to date incrementally, and the
 * model read at a commit or trained by the bot. On one instance they live in process memory (and, with a cache
 * folder, in files across restarts); with `shared` (several instances on Redis) the index and the trained
 * models live in the shared state, so every instance sees the same ones.
 */
export class FeedbackStore {
  private readonly copies = new Map<string, LocalCopy>();
  private readonly indexes = new Map<string, DuplicateIndex>();
  /** The repository's model file per commit; `model` undefined when there is none. */
  private readonly models = new Map<string, { sha: string; path: string; model: FeedbackModel | undefined }>();
  /** Models the bot trained itself (repositories without a model file), with when. */
  private readonly trained = new Map<string, { at: number; model: FeedbackModel }>();
  /** When training was last tried per repository (also when there were too few labelled issues). */
  private readonly attempted = new Map<string, number>();

  /**
   * `cacheDir`: where index and model files are kept; undefined keeps them in memory only. `retrain`: whether
   * the sweep retrains models (the long-running server does; a one-shot sweep from a workflow does not, since
   * it would start from nothing on every run).
   */
  constructor(
    private readonly cacheDir?: string,
    readonly options: { retrain?: boolean; shared?: SharedState } = {},
  ) {
    this.duplicates = options.shared?.store("feedback:duplicates");
    this.sharedModels = options.shared?.store("feedback:models");
  }

  private readonly duplicates: KeyValueStore | undefined;
  private readonly sharedModels: KeyValueStore | undefined;

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
    if (this.duplicates) return this.sharedIndex(this.duplicates, client, repo, logger);
    const key = `${repo.owner}/${repo.name}`.toLowerCase();
    let index = this.indexes.get(key);
    if (!index) {
      const file = this.file(key);
      index = file ? DuplicateIndex.fromJSON(readJsonCache(file)) : new DuplicateIndex();
      this.indexes.set(key, index);
    }
    const items = await issuesUpdatedSince(client, repo, index.updatedAt);
    let changed = 0;
    for (const i of items) {
      if (index.updatedAt === null || i.updated_at > index.updatedAt) index.updatedAt = i.updated_at;
      if (i.pull_request) continue;
      index.add(indexedEntry(i));
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
   * {@link index} on the shared state: the local copy catches up with the entries other instances wrote, then
   * the issues updated on GitHub since the shared manifest's newest update are indexed and written back (their
   * entries first, the manifest last, so a reader never sees a revision without its entry). Callers run under
   * the repository's lock, so two instances never write one manifest at once. Throws GitHubApiError when
   * listing fails, or what the shared state throws when it is unreachable.
   */
  private async sharedIndex(
    store: KeyValueStore,
    client: GitHubClient,
    repo: RepoRef,
    logger: Logger,
  ): Promise<DuplicateIndex> {
    const key = `${repo.owner}/${repo.name}`.toLowerCase();
    let copy = this.copies.get(key);
    if (!copy) {
      copy = { index: new DuplicateIndex(), revs: new Map() };
      this.copies.set(key, copy);
    }
    const manifest = (await store.get<SharedManifest>(key)) ?? { version: 1, updatedAt: null, rev: 0, issues: {} };
    let loaded = 0;
    for (const [n, rev] of Object.entries(manifest.issues)) {
      const number = Number(n);
      if ((copy.revs.get(number) ?? -1) >= rev) continue;
      const entry = await store.get<IndexedIssue>(`${key}#${number}`);
      if (entry) {
        copy.index.add(entry);
        loaded++;
      }
      copy.revs.set(number, rev);
    }
    copy.index.updatedAt = manifest.updatedAt;
    const items = await issuesUpdatedSince(client, repo, manifest.updatedAt);
    const rev = manifest.rev + 1;
    const since = manifest.updatedAt;
    let changed = 0;
    for (const i of items) {
      if (manifest.updatedAt === null || i.updated_at > manifest.updatedAt) manifest.updatedAt = i.updated_at;
      // `since` is inclusive (and a 304 gives the last listing again): what is indexed already is skipped.
      if (i.pull_request || (since !== null && i.updated_at <= since && String(i.number) in manifest.issues)) continue;
      const entry = indexedEntry(i);
      await store.set(`${key}#${i.number}`, entry);
      copy.index.add(entry);
      copy.revs.set(i.number, rev);
      manifest.issues[String(i.number)] = rev;
      changed++;
    }
    copy.index.updatedAt = manifest.updatedAt;
    if (changed > 0 || manifest.updatedAt !== since) await store.set(key, { ...manifest, rev });
    if (changed > 0 || loaded > 0)
      logger.debug(
        `${key}: shared duplicate index: ${loaded} issue(s) from other instances, ${changed} added or updated, ${copy.index.size} in all`,
      );
    return copy.index;
  }

  /**
   * The model triage uses: the repository's model file at commit `sha` (read once per commit), else the one
   * the bot trained from the repository's labelled issues, else the built-in rules. A damaged model file is
   * logged and skipped: a bad file must not stop triage. Throws GitHubApiError when reading fails otherwise.
   */
  async model(client: GitHubClient, repo: RepoRef, sha: string, path: string, logger: Logger): Promise<FeedbackModel> {
    const key = `${repo.owner}/${repo.name}`.toLowerCase();
    const own = await this.modelFile(client, repo, sha, path, logger);
    if (own) return own;
    if (this.sharedModels) await this.loadShared(this.sharedModels, key);
    return this.trainedModel(key) ?? builtinModel();
  }

  /**
   * The repository's own model file at `sha` (read once per commit), or undefined when it has none or it is
   * damaged (logged). Throws GitHubApiError when reading fails for another reason.
   */
  async modelFile(
    client: GitHubClient,
    repo: RepoRef,
    sha: string,
    path: string,
    logger: Logger,
  ): Promise<FeedbackModel | undefined> {
    const key = `${repo.owner}/${repo.name}`.toLowerCase();
    const cached = this.models.get(key);
    if (cached && cached.sha === sha && cached.path === path) return cached.model;
    const source = gitHubConfigSource(client, { repo: `${repo.owner}/${repo.name}`, ref: sha });
    const file = await source.read(undefined, path);
    let model: FeedbackModel | undefined;
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

  /** The model the bot trained for `owner/name`, if any (memory or cache folder). */
  trainedFor(fullName: string): FeedbackModel | undefined {
    return this.trainedModel(fullName.toLowerCase());
  }

  /** Takes the shared trained model of `key` when it is newer than this instance's; the record read. */
  private async loadShared(store: KeyValueStore, key: string): Promise<SharedModel> {
    const saved = (await store.get<SharedModel>(key)) ?? {};
    const mine = this.trained.get(key);
    if (saved.model && typeof saved.at === "number" && (!mine || saved.at > mine.at)) {
      try {
        this.trained.set(key, { at: saved.at, model: modelFromJson(saved.model, `shared state ${key}`) });
      } catch {
        // A damaged record is retrained over; the built-in rules stay meanwhile.
      }
    }
    if (typeof saved.attempted === "number")
      this.attempted.set(key, Math.max(saved.attempted, this.attempted.get(key) ?? Number.NEGATIVE_INFINITY));
    return saved;
  }

  private trainedModel(key: string): FeedbackModel | undefined {
    const mine = this.trained.get(key);
    if (mine) return mine.model;
    const file = this.file(key)?.replace("feedback-index-", "feedback-model-");
    const saved = file ? (readJsonCache(file) as { at?: number; model?: unknown } | undefined) : undefined;
    if (!saved?.model || typeof saved.at !== "number") return undefined;
    try {
      const model = modelFromJson(saved.model, file);
      this.trained.set(key, { at: saved.at, model });
      return model;
    } catch {
      return undefined;
    }
  }

  /**
   * Retrains the repository's model from its labelled issues (every issue, open and closed, carrying exactly
   * one of the configured kind labels) when the last training is older than `everyMs` and the repository
   * keeps no model file of its own. Needs at least `minPerKind` issues of at least two kinds; otherwise the
   * built-in rules stay. Returns whether a model was trained. Throws GitHubApiError when listing fails.
   */
  async retrain(
    client: GitHubClient,
    repo: RepoRef,
    config: FeedbackConfig,
    now: number,
    logger: Logger,
    options: { everyMs?: number; minPerKind?: number } = {},
  ): Promise<boolean> {
    const key = `${repo.owner}/${repo.name}`.toLowerCase();
    const shared = this.sharedModels ? await this.loadShared(this.sharedModels, key) : undefined;
    if (!this.trained.has(key)) this.trainedModel(key);
    const last = Math.max(
      this.trained.get(key)?.at ?? Number.NEGATIVE_INFINITY,
      this.attempted.get(key) ?? Number.NEGATIVE_INFINITY,
    );
    if (now - last < (options.everyMs ?? 7 * 86_400_000)) return false;
    this.attempted.set(key, now);
    if (this.sharedModels) await this.sharedModels.set(key, { ...shared, attempted: now });
    const labelled = await listLabelledIssues(client, repo, config.labels);
    const min = options.minPerKind ?? 10;
    const kinds = [...new Set(labelled.map((i) => i.label))].filter(
      (k) => labelled.filter((i) => i.label === k).length >= min,
    );
    const usable = labelled.filter((i) => kinds.includes(i.label));
    if (kinds.length < 2) {
      logger.debug(`${key}: not enough labelled issues to train a model (${labelled.length})`);
      return false;
    }
    const also = await alsoFromIssues(client, key, config, logger);
    const model = trainModel(usable, {
      source: `${key}: ${usable.length} labelled issues`,
      ...(also.length > 0 ? { also, alsoWeight: config.alsoWeight } : {}),
    });
    this.trained.set(key, { at: now, model });
    if (this.sharedModels) await this.sharedModels.set(key, { at: now, attempted: now, model: modelToJson(model) });
    const file = this.file(key)?.replace("feedback-index-", "feedback-model-");
    if (file) writeJsonCache(file, { at: now, model: modelToJson(model) });
    logger.info(
      `${key}: feedback model trained on ${usable.length} labelled issues (${kinds.join(", ")})${
        also.length > 0 ? ` and ${also.length} of ${config.alsoFrom.join(", ")} at weight ${config.alsoWeight}` : ""
      }`,
    );
    return true;
  }
}

/**
 * The labelled issues of `feedback.alsoFrom` (the repository itself left out), the extra training data. A
 * repository the app cannot read (not installed there, gone, an API failure) is left out with a warning that
 * names it, so one sibling never stops the repository's own training.
 */
async function alsoFromIssues(
  client: GitHubClient,
  key: string,
  config: FeedbackConfig,
  logger: Logger,
): Promise<LabelledIssue[]> {
  const out: LabelledIssue[] = [];
  for (const name of config.alsoFrom) {
    if (name.toLowerCase() === key) continue;
    const [owner = "", repoName = ""] = name.split("/");
    try {
      out.push(...(await listLabelledIssues(client, { owner, name: repoName }, config.labels)));
    } catch (error) {
      logger.warning(
        `${key}: feedback.alsoFrom ${name} left out of the training: ${describeError(error)} (install the app on ${name}, or remove it from feedback.alsoFrom)`,
      );
    }
  }
  return out;
}

let current: FeedbackStore | undefined;

/** The store the feature's sweep uses (the app sets it at start; tests and the CLI sweep get a memory one). */
export function feedbackStore(): FeedbackStore {
  current ??= new FeedbackStore();
  return current;
}

/** Makes `store` the one {@link feedbackStore} returns (the server's, with its cache folder). */
export function useFeedbackStore(store: FeedbackStore): void {
  current = store;
}
