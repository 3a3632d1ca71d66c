/**
 * The feedback planners: what the bot does for a new issue (label, ask, point out duplicates, ask for
 * missing information), for a new comment (`/duplicate #N`, the reporter answering, a reply on an issue
 * Upkeep closed), and in the sweep (close issues whose reporter never answered). They return Plans; every
 * step's key derives from the issue or comment number, so a replayed delivery plans the same steps and
 * the executor finds them done.
 */
import { parseDuration } from "../calendar/duration.js";
import type { FeedbackConfig, FeedbackKind } from "../config/types.js";
import type { Plan, PlanStep } from "../plan/types.js";
import type { Permission } from "../slash-commands/types.js";
import { type Classification, classify } from "./classify.js";
import type { DuplicateCandidate } from "./duplicates.js";
import { type InfoItem, missingInfo, renderInfoRequest } from "./follow-up.js";
import { FEEDBACK_KINDS } from "./history.js";
import type { FeedbackModel } from "./model.js";

/** The issue as the planners read it. */
export interface TriageIssue {
  number: number;
  title: string;
  body: string;
  labels: readonly string[];
  author: string;
  authorIsBot: boolean;
  state: "open" | "closed";
}

/** Marker keys of the feature's comments on issue `n`. */
export const feedbackKeys = {
  label: (n: number) => `feedback/label/${n}`,
  ask: (n: number) => `feedback/ask/${n}`,
  duplicates: (n: number) => `feedback/duplicates/${n}`,
  needsInfo: (n: number) => `feedback/needs-info/${n}`,
  needsInfoLabel: (n: number) => `feedback/needs-info-label/${n}`,
  closed: (n: number) => `feedback/closed/${n}`,
  close: (n: number) => `feedback/close/${n}`,
};

function hasLabel(labels: readonly string[], name: string): boolean {
  const n = name.toLowerCase();
  return labels.some((l) => l.toLowerCase() === n);
}

/** Whether the feature leaves this issue alone: switched off, the off label, or a bot's issue. */
export function triageOff(config: FeedbackConfig, issue: Pick<TriageIssue, "labels" | "authorIsBot">): boolean {
  return !config.enabled || hasLabel(issue.labels, config.offLabel) || issue.authorIsBot;
}

/** The kind whose configured label the issue carries, if exactly one. */
export function labelledKind(config: FeedbackConfig, labels: readonly string[]): FeedbackKind | undefined {
  const kinds = FEEDBACK_KINDS.filter((k) => hasLabel(labels, config.labels[k]));
  return kinds.length === 1 ? kinds[0] : undefined;
}

/** What {@link planNewIssue} needs besides the issue. */
export interface NewIssueInput {
  repo: string;
  issue: TriageIssue;
  config: FeedbackConfig;
  model: FeedbackModel;
  /** The repository's label names; `docs` is predicted only when its label is among them. Undefined: not known. */
  repoLabels?: readonly string[];
  /** Candidates already above the configured similarity (best first). */
  duplicates?: readonly DuplicateCandidate[];
  /** Kinds whose label a person removed from this issue after Upkeep added it: never added again. */
  removedKinds?: readonly FeedbackKind[];
}

/** The plan for a new issue and what it was based on. */
export interface NewIssuePlan {
  plan: Plan;
  kind?: FeedbackKind;
  classification?: Classification;
  missing: InfoItem[];
}

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** The visible text of the duplicates comment. */
export function renderDuplicates(candidates: readonly DuplicateCandidate[]): string {
  const lines = candidates.map(
    (c) => `- #${c.number} ${c.state === "closed" ? "(closed) " : ""}— ${percent(c.similarity)} similar`,
  );
  return [
    candidates.length === 1 ? "This looks like an earlier issue:" : "These earlier issues look similar:",
    "",
    ...lines,
    "",
    "If one of them is the same problem, a maintainer can close this one with `/duplicate #N`; a 👍 on the original helps us prioritise.",
  ].join("\n");
}

function renderAsk(labels: FeedbackConfig["labels"], allowed: readonly FeedbackKind[]): string {
  const names = allowed.map((k) => `\`${labels[k]}\``).join(", ");
  return `Thanks for opening this! Could you tell us which kind of issue it is (${names})? A maintainer will label it.`;
}

/**
 * Plans the triage of a newly opened issue (see the module comment). Nothing at all when the feature is
 * off for it ({@link triageOff}). A kind label already on the issue (from an issue form) is respected and
 * never replaced. Throws InputError only for a malformed `followUp.closeAfter`.
 */
export function planNewIssue(input: NewIssueInput): NewIssuePlan {
  const { issue, config, repo } = input;
  const n = issue.number;
  const steps: PlanStep[] = [];
  if (triageOff(config, issue) || issue.state !== "open") return { plan: { steps }, missing: [] };
  let kind = labelledKind(config, issue.labels);
  let classification: Classification | undefined;
  if (kind === undefined && !FEEDBACK_KINDS.some((k) => hasLabel(issue.labels, config.labels[k]))) {
    const allowed = FEEDBACK_KINDS.filter(
      (k) =>
        input.model.labels.includes(k) &&
        (k !== "docs" || !input.repoLabels || hasLabel(input.repoLabels, config.labels.docs)) &&
        !(input.removedKinds ?? []).includes(k),
    );
    if (allowed.length >= 2) {
      classification = classify(input.model, issue, {
        allowed,
        ...(config.threshold > 0 ? { threshold: config.threshold } : {}),
      });
      if (!classification.abstained) {
        kind = classification.label as FeedbackKind;
        steps.push({
          kind: "add-labels",
          key: feedbackKeys.label(n),
          repo,
          issue: n,
          labels: [config.labels[kind]],
          reason: `classified as ${kind} (${percent(classification.confidence)})`,
        });
      } else if (config.ask) {
        steps.push({
          kind: "comment",
          key: feedbackKeys.ask(n),
          repo,
          issue: n,
          body: renderAsk(config.labels, allowed),
          reason: `not sure of the kind (best: ${classification.label}, ${percent(classification.confidence)})`,
        });
      }
    }
  }
  const dups = config.duplicates.enabled ? (input.duplicates ?? []).slice(0, config.duplicates.max) : [];
  if (dups.length > 0) {
    steps.push({
      kind: "comment",
      key: feedbackKeys.duplicates(n),
      repo,
      issue: n,
      body: renderDuplicates(dups),
      reason: `${dups.length} likely duplicate(s)`,
    });
  }
  let missing: InfoItem[] = [];
  if (config.followUp.enabled && kind === "bug") {
    missing = missingInfo(issue.body, config.followUp.require);
    if (missing.length > 0) {
      steps.push(
        {
          kind: "comment",
          key: feedbackKeys.needsInfo(n),
          repo,
          issue: n,
          body: renderInfoRequest(issue.author, missing, config.followUp.label),
          reason: `missing ${missing.join(", ")}`,
        },
        {
          kind: "add-labels",
          key: feedbackKeys.needsInfoLabel(n),
          repo,
          issue: n,
          labels: [config.followUp.label],
          reason: "waiting for the reporter",
        },
      );
    }
  }
  return { plan: { steps }, ...(kind ? { kind } : {}), ...(classification ? { classification } : {}), missing };
}

/** A new comment as {@link planComment} reads it. */
export interface CommentInput {
  repo: string;
  issue: TriageIssue & { closedByUpkeep: boolean };
  comment: { id: number; author: string; authorIsBot: boolean; body: string };
  config: FeedbackConfig;
  /** The commenter's permission; looked up by the shell only when the comment holds `/duplicate`. */
  permission?: Permission;
}

const DUPLICATE_RE = /^\s*\/duplicate\s+(?:of\s+)?#(\d+)\b/im;

/** The issue number of a `/duplicate #N` command in a comment (at the start of a line), if any. */
export function duplicateCommand(body: string): number | undefined {
  const m = DUPLICATE_RE.exec(body);
  return m ? Number(m[1]) : undefined;
}

const MAINTAINERS: readonly Permission[] = ["admin", "maintain", "write", "triage"];

/**
 * Plans the answer to a new comment: `/duplicate #N` from someone with triage permission or more closes the
 * issue as a duplicate with a link (a refusal otherwise); the reporter's reply removes the needs-info label,
 * and reopens the issue when Upkeep closed it for lack of an answer. Bots and Upkeep's own comments are
 * ignored. Never throws.
 */
export function planComment(input: CommentInput): Plan {
  const { issue, comment, config, repo } = input;
  const steps: PlanStep[] = [];
  if (comment.authorIsBot || !config.enabled || hasLabel(issue.labels, config.offLabel)) return { steps };
  const original = duplicateCommand(comment.body);
  if (original !== undefined) {
    if (!input.permission || !MAINTAINERS.includes(input.permission)) {
      steps.push({
        kind: "comment",
        key: `feedback/duplicate-refused/${comment.id}`,
        repo,
        issue: issue.number,
        body: `@${comment.author}, only people with triage access or more can close issues as duplicates.`,
      });
    } else if (original !== issue.number) {
      steps.push({
        kind: "close-duplicate",
        key: `feedback/duplicate/${comment.id}`,
        repo,
        number: issue.number,
        original,
        reason: `closed by @${comment.author} with /duplicate.`,
      });
    }
    return { steps };
  }
  const byReporter = comment.author.toLowerCase() === issue.author.toLowerCase();
  if (!byReporter) return { steps };
  if (hasLabel(issue.labels, config.followUp.label)) {
    steps.push({
      kind: "remove-label",
      key: `feedback/answered/${comment.id}`,
      repo,
      issue: issue.number,
      label: config.followUp.label,
      reason: "the reporter answered",
    });
  }
  if (issue.state === "closed" && issue.closedByUpkeep) {
    steps.push({
      kind: "update-issue",
      key: `feedback/reopen/${comment.id}`,
      repo,
      issue: issue.number,
      state: "open",
      stateReason: "reopened",
      reason: "the reporter replied after Upkeep closed the issue",
    });
  }
  return { steps };
}

/** An open issue waiting for its reporter, as the sweep sees it. */
export interface WaitingIssue {
  number: number;
  author: string;
  labels: readonly string[];
  /** When Upkeep asked (its needs-info comment); undefined when a person added the label (then: when labelled, if known). */
  askedAt?: string;
  /** The reporter's newest comment, if any. */
  lastReporterCommentAt?: string;
}

/** Milliseconds of `followUp.closeAfter`, or undefined for `0d`-style "never". Throws InputError when malformed. */
export function closeAfterMs(config: FeedbackConfig): number | undefined {
  if (/^0+[wdhm]?$/.test(config.followUp.closeAfter.trim())) return undefined;
  return parseDuration(config.followUp.closeAfter);
}

/**
 * Plans closing the issues whose reporter did not answer within `followUp.closeAfter` of being asked:
 * a kind note (saying a reply reopens it), then close as not planned. Throws InputError for a malformed
 * `closeAfter`.
 */
export function planStaleFollowUps(
  repo: string,
  waiting: readonly WaitingIssue[],
  config: FeedbackConfig,
  now: Date,
): Plan {
  const steps: PlanStep[] = [];
  const after = closeAfterMs(config);
  if (!config.enabled || !config.followUp.enabled || after === undefined) return { steps };
  for (const w of waiting) {
    if (!w.askedAt || hasLabel(w.labels, config.offLabel) || !hasLabel(w.labels, config.followUp.label)) continue;
    const asked = Date.parse(w.askedAt);
    if (w.lastReporterCommentAt && Date.parse(w.lastReporterCommentAt) > asked) continue;
    if (now.getTime() - asked < after) continue;
    steps.push(
      {
        kind: "comment",
        key: feedbackKeys.closed(w.number),
        repo,
        issue: w.number,
        body: `We are closing this for now because we could not get the information we need to act on it. @${w.author}, thank you for reporting — reply here with the details and it reopens.`,
        reason: `no answer for ${config.followUp.closeAfter}`,
      },
      {
        kind: "update-issue",
        key: feedbackKeys.close(w.number),
        repo,
        issue: w.number,
        state: "closed",
        stateReason: "not_planned",
        reason: `no answer for ${config.followUp.closeAfter}`,
      },
    );
  }
  return { steps };
}
