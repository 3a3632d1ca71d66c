import { parseDuration } from "@upkeep/shared/calendar/duration.js";
import type { FeedbackConfig } from "@upkeep/shared/config/types.js";
import { describeError } from "@upkeep/shared/errors.js";
import { buildDigest, renderDigestMarkdown } from "@upkeep/shared/feedback/digest.js";
import { duplicateThreshold } from "@upkeep/shared/feedback/duplicate-model.js";
import { missingInfo } from "@upkeep/shared/feedback/follow-up.js";
import { listDigestIssues } from "@upkeep/shared/feedback/github.js";
import {
  duplicateCommand,
  feedbackKeys,
  planComment,
  planNewIssue,
  planStaleFollowUps,
  type TriageIssue,
  triageOff,
  type WaitingIssue,
} from "@upkeep/shared/feedback/triage.js";
import type { GitHubClient } from "@upkeep/shared/github/client.js";
import { hasMarker } from "@upkeep/shared/github/markers.js";
import type { Logger } from "@upkeep/shared/logger.js";
import { executePlan } from "@upkeep/shared/plan/execute.js";
import type { Plan, StepResult } from "@upkeep/shared/plan/types.js";
import type { Clock } from "@upkeep/shared/ports.js";
import type { Feature } from "../../feature.js";
import { type RepoFiles, type RepoRef, readRepoFiles } from "../../repo-files.js";
import { collaboratorPermission } from "../../slash-command-handler.js";
import { removedKinds } from "./events.js";
import { type FeedbackStore, feedbackStore } from "./store.js";

/** What the feedback handlers need. */
export interface FeedbackDeps {
  client: GitHubClient;
  clock: Clock;
  logger: Logger;
  filesCache: Map<string, RepoFiles>;
  store: FeedbackStore;
  deliveryId: string;
}

interface User {
  login: string;
  type?: string;
}

/** The parts of an `issues` payload the handlers read. */
export interface IssuePayload {
  action?: string;
  issue: {
    number: number;
    title: string;
    body?: string | null;
    state?: string;
    labels?: ({ name?: string } | string)[];
    user: User | null;
    pull_request?: unknown;
    created_at?: string;
  };
  repository: { name: string; owner: { login: string }; default_branch?: string };
  sender?: User;
}

/** The parts of an `issue_comment` payload the handlers read. */
export interface IssueCommentPayload extends IssuePayload {
  comment: { id: number; body?: string | null; user: User | null };
}

/** Whether an account is a bot (GitHub's `type`, or the `[bot]` suffix of app accounts). */
export function isBot(user: User | null | undefined): boolean {
  return !user || user.type === "Bot" || /\[bot\]$/i.test(user.login);
}

function repoOf(p: IssuePayload): RepoRef {
  return {
    owner: p.repository.owner.login,
    name: p.repository.name,
    ...(p.repository.default_branch ? { defaultBranch: p.repository.default_branch } : {}),
  };
}

function triageIssue(p: IssuePayload): TriageIssue {
  return {
    number: p.issue.number,
    title: p.issue.title,
    body: p.issue.body ?? "",
    labels: (p.issue.labels ?? []).map((l) => (typeof l === "string" ? l : (l.name ?? ""))),
    author: p.issue.user?.login ?? "",
    authorIsBot: isBot(p.issue.user),
    state: p.issue.state === "closed" ? "closed" : "open",
  };
}

async function run(plan: Plan, deps: FeedbackDeps, what: string): Promise<StepResult[]> {
  if (plan.steps.length === 0) return [];
  const results = await executePlan(deps.client, plan, { logger: deps.logger });
  const count = (o: StepResult["outcome"]) => results.filter((r) => r.outcome === o).length;
  deps.logger.info(
    `delivery ${deps.deliveryId}: feedback ${what}: ${count("applied")} applied, ${count("skipped-exists")} already done, ${count("failed")} failed`,
  );
  return results;
}

async function config(deps: FeedbackDeps, repo: RepoRef): Promise<{ files: RepoFiles; feedback: FeedbackConfig }> {
  const files = await readRepoFiles(deps.client, repo, deps.filesCache);
  return { files, feedback: files.config.config.feedback };
}

/**
 * `issues.opened`: classifies the issue (label above the threshold, or abstain and optionally ask), lists
 * likely duplicates among every earlier issue, and asks once for missing information in bug reports. Issues
 * of bots, with the off label, or with the feature switched off cost no request beyond the config read.
 * Requests: the config (conditional), the model file (once per commit), the labels (conditional), one
 * incremental issue listing for the duplicate index, and the issue's events when a label is to be added.
 * No search API call. Throws GitHubApiError when reading fails.
 */
export async function handleIssueOpened(payload: IssuePayload, deps: FeedbackDeps): Promise<StepResult[]> {
  if (payload.issue.pull_request || isBot(payload.issue.user)) return [];
  const repo = repoOf(payload);
  const fullName = `${repo.owner}/${repo.name}`;
  const issue = triageIssue(payload);
  const { files, feedback } = await config(deps, repo);
  if (triageOff(feedback, issue)) return [];
  const model = await deps.store.model(deps.client, repo, files.sha, feedback.model, deps.logger);
  const repoLabels = model.labels.includes("docs")
    ? (
        (await deps.client.paginate(deps.client.rest.issues.listLabelsForRepo, {
          owner: repo.owner,
          repo: repo.name,
          per_page: 100,
        })) as { name: string }[]
      ).map((l) => l.name)
    : undefined;
  let duplicates: ReturnType<Awaited<ReturnType<FeedbackStore["index"]>>["query"]> = [];
  if (feedback.duplicates.enabled) {
    try {
      const index = await deps.store.index(deps.client, repo, deps.logger);
      // Listed: the candidates the pair model finds likely enough to be the same issue (not merely similar).
      const query = { ...issue, ...(payload.issue.created_at ? { createdAt: payload.issue.created_at } : {}) };
      duplicates = index
        .query(query, { limit: 50, minProbability: duplicateThreshold(feedback), exclude: [issue.number] })
        .filter((c) => c.number < issue.number);
    } catch (error) {
      deps.logger.warning(`${fullName}#${issue.number}: duplicate search skipped: ${describeError(error)}`);
    }
  }
  let planned = planNewIssue({
    repo: fullName,
    issue,
    config: feedback,
    model,
    ...(repoLabels ? { repoLabels } : {}),
    duplicates,
  });
  // A replayed delivery must not put back a label a person took off: look at the issue's label history,
  // only when a label is about to be added.
  if (planned.plan.steps.some((s) => s.key === feedbackKeys.label(issue.number))) {
    const removed = await removedKinds(deps.client, repo, issue.number, feedback);
    if (removed.length > 0) {
      planned = planNewIssue({
        repo: fullName,
        issue,
        config: feedback,
        model,
        ...(repoLabels ? { repoLabels } : {}),
        duplicates,
        removedKinds: removed,
      });
    }
  }
  if (planned.classification) {
    const c = planned.classification;
    deps.logger.info(
      `${fullName}#${issue.number}: ${c.abstained ? "abstained" : c.label} (${c.label} ${c.confidence.toFixed(2)})`,
    );
  }
  return run(planned.plan, deps, `issue #${issue.number} opened`);
}

/**
 * `issues.edited` by the reporter: when the edit adds what the needs-info comment asked for, the label goes.
 * Costs nothing unless the issue carries the needs-info label and the editor is its author.
 */
export async function handleIssueEdited(payload: IssuePayload, deps: FeedbackDeps): Promise<StepResult[]> {
  const issue = triageIssue(payload);
  const editor = payload.sender?.login ?? "";
  if (isBot(payload.sender) || editor.toLowerCase() !== issue.author.toLowerCase()) return [];
  const repo = repoOf(payload);
  if (!issue.labels.length) return [];
  const { feedback } = await config(deps, repo);
  if (
    triageOff(feedback, issue) ||
    !issue.labels.some((l) => l.toLowerCase() === feedback.followUp.label.toLowerCase())
  )
    return [];
  if (missingInfo(issue.body, feedback.followUp.require).length > 0) return [];
  return run(
    {
      steps: [
        {
          kind: "remove-label",
          key: `feedback/answered-edit/${issue.number}`,
          repo: `${repo.owner}/${repo.name}`,
          issue: issue.number,
          label: feedback.followUp.label,
          reason: "the reporter added the missing information",
        },
      ],
    },
    deps,
    `issue #${issue.number} edited`,
  );
}

/**
 * `issue_comment.created`: `/duplicate #N` (triage permission or more) and the reporter's replies (see
 * planComment). Comments of bots, Upkeep's own included, cost no request; so do comments that are neither
 * a command nor the reporter's. Throws GitHubApiError when reading fails.
 */
export async function handleFeedbackComment(payload: IssueCommentPayload, deps: FeedbackDeps): Promise<StepResult[]> {
  const author = payload.comment.user;
  if (isBot(author) || payload.issue.pull_request) return [];
  const body = payload.comment.body ?? "";
  const issue = triageIssue(payload);
  const command = duplicateCommand(body);
  const byReporter = author!.login.toLowerCase() === issue.author.toLowerCase();
  if (command === undefined && !byReporter) return [];
  const repo = repoOf(payload);
  const fullName = `${repo.owner}/${repo.name}`;
  const { feedback } = await config(deps, repo);
  let closedByUpkeep = false;
  if (command === undefined && issue.state === "closed") {
    const comments = (await deps.client.paginate(deps.client.rest.issues.listComments, {
      owner: repo.owner,
      repo: repo.name,
      issue_number: issue.number,
      per_page: 100,
    })) as { body?: string | null }[];
    closedByUpkeep = comments.some((c) => hasMarker(c.body, feedbackKeys.closed(issue.number)));
  }
  const permission = command !== undefined ? await collaboratorPermission(deps.client, repo, author!.login) : undefined;
  const plan = planComment({
    repo: fullName,
    issue: { ...issue, closedByUpkeep },
    comment: { id: payload.comment.id, author: author!.login, authorIsBot: false, body },
    config: feedback,
    ...(permission ? { permission } : {}),
  });
  return run(plan, deps, `comment ${payload.comment.id} on #${issue.number}`);
}

/**
 * The issues waiting for their reporter (open, with the needs-info label): when Upkeep asked and when the
 * reporter last wrote. One listing plus one comment listing per waiting issue. Throws GitHubApiError.
 */
export async function waitingIssues(
  client: GitHubClient,
  repo: RepoRef,
  config: FeedbackConfig,
): Promise<WaitingIssue[]> {
  const issues = (await client.paginate(client.rest.issues.listForRepo, {
    owner: repo.owner,
    repo: repo.name,
    state: "open",
    labels: config.followUp.label,
    per_page: 100,
  })) as { number: number; user: User | null; labels: ({ name?: string } | string)[]; pull_request?: unknown }[];
  const out: WaitingIssue[] = [];
  for (const i of issues) {
    if (i.pull_request) continue;
    const author = i.user?.login ?? "";
    const comments = (await client.paginate(client.rest.issues.listComments, {
      owner: repo.owner,
      repo: repo.name,
      issue_number: i.number,
      per_page: 100,
    })) as { body?: string | null; created_at: string; user: User | null }[];
    const asked = comments.find((c) => hasMarker(c.body, feedbackKeys.needsInfo(i.number)));
    const reporter = comments.filter((c) => c.user?.login.toLowerCase() === author.toLowerCase()).at(-1);
    out.push({
      number: i.number,
      author,
      labels: i.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))),
      ...(asked ? { askedAt: asked.created_at } : {}),
      ...(reporter ? { lastReporterCommentAt: reporter.created_at } : {}),
    });
  }
  return out;
}

// Periods start on Mondays 00:00 UTC (1970-01-05 was one), so a 7d digest covers Monday to Sunday.
const PERIOD_EPOCH = Date.UTC(1970, 0, 5);

/** The start of the digest period holding `now`, for periods of `ms`. */
export function periodStart(now: Date, ms: number): Date {
  return new Date(PERIOD_EPOCH + Math.floor((now.getTime() - PERIOD_EPOCH) / ms) * ms);
}

/**
 * The digest issue of the current period: opened once (marker `feedback/digest/<start>`), then its body is
 * replaced on each sweep with the numbers so far (the executor writes only when they changed).
 * Throws GitHubApiError when listing fails, InputError for a malformed `digest.period`.
 */
export async function planDigest(
  client: GitHubClient,
  repo: RepoRef,
  config: FeedbackConfig,
  now: Date,
): Promise<Plan> {
  const start = periodStart(now, parseDuration(config.digest.period));
  const fullName = `${repo.owner}/${repo.name}`;
  const issues = await listDigestIssues(client, repo.owner, repo.name, start, config.labels.question);
  const body = renderDigestMarkdown(buildDigest(issues, { since: start, until: now }, config), fullName);
  const key = `feedback/digest/${start.toISOString().replace(/\.\d{3}Z$/, "Z")}`;
  return {
    steps: [
      {
        kind: "create-issue",
        key,
        repo: fullName,
        title: `Feedback digest from ${start.toISOString().slice(0, 10)}`,
        body,
        labels: [config.digest.label],
        assignees: [],
        reason: "digest of the current period",
      },
      {
        kind: "update-issue",
        key: `${key}/body`,
        repo: fullName,
        issue: { key },
        body,
        reason: "digest numbers so far",
      },
    ],
  };
}

/**
 * Feedback triage (engine: shared/src/feedback). Webhooks do the per-issue work (see the handlers above);
 * the sweep closes issues whose reporter did not answer within `feedback.followUp.closeAfter` and keeps the
 * digest issue of the current period up to date (`feedback.digest.enabled`).
 */
export const feedbackFeature: Feature = {
  id: "feedback",
  async sweep(ctx) {
    const config = ctx.files.config.config.feedback;
    if (!config.enabled || !ctx.client) return { steps: [] };
    const steps: Plan["steps"] = [];
    if (config.followUp.enabled) {
      const waiting = await waitingIssues(ctx.client, ctx.repo, config);
      steps.push(...planStaleFollowUps(ctx.fullName, waiting, config, ctx.now).steps);
    }
    if (config.digest.enabled) steps.push(...(await planDigest(ctx.client, ctx.repo, config, ctx.now)).steps);
    // Weekly retraining from the repository's labelled issues, unless it keeps a model file of its own.
    const store = feedbackStore();
    // The model file comes with the repository's files (read once per commit, cached across sweeps and
    // instances), so an idle sweep asks GitHub nothing for it.
    const keepsModel =
      ctx.files.feedbackModel?.path === config.model
        ? ctx.files.feedbackModel.text !== null
        : Boolean(await store.modelFile(ctx.client, ctx.repo, ctx.files.sha, config.model, ctx.logger));
    if (store.options.retrain && !keepsModel) {
      try {
        await store.retrain(ctx.client, ctx.repo, config, ctx.now.getTime(), ctx.logger);
      } catch (error) {
        ctx.logger.warning(`${ctx.fullName}: feedback model not retrained: ${describeError(error)}`);
      }
    }
    return { steps };
  },
};
