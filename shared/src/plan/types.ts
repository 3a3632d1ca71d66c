/**
 * Plans (design §4): what a bot feature wants changed on GitHub, as plain data. Planners return them,
 * tests assert on them, `renderPlan` prints them for dry-run, and `executePlan` applies them.
 */

/** `owner/name`. */
export type RepoName = string;

/**
 * The issue a step acts on: its number, or the marker key of an issue created (or found) by an
 * earlier `create-issue` step of the same plan.
 */
export type IssueRef = number | { key: string };

/**
 * A change to the hidden marker payload of the step's issue, applied after the step succeeds: `patch`
 * is merged into the payload of the marker `key` (objects merged key by key, other values replaced).
 * This is how engines keep state (reminders sent, status, pins) in the issue itself.
 */
export interface PayloadRecord {
  key: string;
  patch: Record<string, unknown>;
}

interface StepBase {
  /** Stable id of the step; for steps that create something, the hidden marker key it is found by. */
  key: string;
  repo: RepoName;
  /** Why the step exists, for dry-run output and logs (e.g. `reminder 24h before the window`). */
  reason?: string;
}

/** Opens an issue carrying the marker `key` (with `payload`), unless one with that marker exists. */
export interface CreateIssueStep extends StepBase {
  kind: "create-issue";
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
  /** Initial marker payload (the engine's state). */
  payload?: Record<string, unknown>;
}

/**
 * Edits an issue. `body` replaces the visible text; the executor keeps every hidden marker the issue
 * had. `record` changes a marker payload in the same write.
 */
export interface UpdateIssueStep extends StepBase {
  kind: "update-issue";
  issue: IssueRef;
  title?: string;
  body?: string;
  state?: "open" | "closed";
  stateReason?: "completed" | "not_planned" | "reopened";
  record?: PayloadRecord;
}

/** Comments on an issue, unless a comment with the marker `key` is already there. */
export interface CommentStep extends StepBase {
  kind: "comment";
  issue: IssueRef;
  body: string;
  record?: PayloadRecord;
}

export interface AddLabelsStep extends StepBase {
  kind: "add-labels";
  issue: IssueRef;
  labels: string[];
}

export interface RemoveLabelStep extends StepBase {
  kind: "remove-label";
  issue: IssueRef;
  label: string;
}

/**
 * Pins the issue when the repository has fewer than three pinned issues. The outcome is recorded in the
 * payload of marker `markerKey` as `pin`: `upkeep` (pinned by Upkeep), `human` (already pinned) or `full`.
 */
export interface PinIssueStep extends StepBase {
  kind: "pin-issue";
  issue: IssueRef;
  markerKey: string;
}

/** Unpins the issue only when its payload (marker `markerKey`) says Upkeep pinned it; records `pin: unpinned`. */
export interface UnpinIssueStep extends StepBase {
  kind: "unpin-issue";
  issue: IssueRef;
  markerKey: string;
}

/** Closes issue `number` as a duplicate of `original`, with a comment linking to it. */
export interface CloseDuplicateStep extends StepBase {
  kind: "close-duplicate";
  number: number;
  original: number;
}

export type PlanStep =
  | CreateIssueStep
  | UpdateIssueStep
  | CommentStep
  | AddLabelsStep
  | RemoveLabelStep
  | PinIssueStep
  | UnpinIssueStep
  | CloseDuplicateStep;

export type PlanStepKind = PlanStep["kind"];

/** An ordered list of steps; later steps may refer to issues created by earlier ones ({@link IssueRef}). */
export interface Plan {
  steps: PlanStep[];
}

/** What happened to one step. */
export type StepOutcome = "applied" | "skipped-exists" | "dry-run" | "failed";

export interface StepResult {
  key: string;
  kind: PlanStepKind;
  outcome: StepOutcome;
  /** The issue the step acted on, when known. */
  issueNumber?: number;
  /** Comment id, for comment steps. */
  commentId?: number;
  /** What the executor did beyond the step (e.g. `closed duplicate #12`, `pin skipped: 3 pinned`). */
  detail?: string;
  /** The error of a failed step (a GitHubApiError, or an Error saying which earlier step it needed). */
  error?: unknown;
}

/**
 * A snapshot of an issue as planners read it (the bot lists issues and passes these in; tests build them).
 * `closedBy` and `pinned` are optional because listing endpoints do not return them.
 */
export interface IssueSnapshot {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  stateReason?: string | null;
  labels: string[];
  createdAt: string;
  closedAt: string | null;
  closedBy?: string | null;
  pinned?: boolean;
  url?: string;
}
