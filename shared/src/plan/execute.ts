import type { GitHubClient } from "../github/client.js";
import { findMarkers, hasMarker, withMarker } from "../github/markers.js";
import type { Logger } from "../logger.js";
import { silentLogger } from "../logger.js";
import type { BackendComment, BackendIssue, IssueBackend } from "../ports.js";
import { githubBackend } from "./backend.js";
import { mergePayload, readPayload } from "./payload.js";
import type { IssueRef, PayloadRecord, Plan, PlanStep, RepoName, StepResult } from "./types.js";

/** Options of {@link executePlan}. */
export interface ExecuteOptions {
  /** Write nothing and call no API: every step reports `dry-run`. Default false. */
  dryRun?: boolean;
  logger?: Logger;
}

/** The marker prefix a closed duplicate's key gets, so it is no longer found as the original. */
export const DUPLICATE_PREFIX = "duplicate/";

function byAge<T extends { createdAt: string }>(key: (x: T) => number) {
  return (a: T, b: T) => (a.createdAt === b.createdAt ? key(a) - key(b) : a.createdAt < b.createdAt ? -1 : 1);
}
const oldestIssue = byAge<BackendIssue>((i) => i.number);
const oldestComment = byAge<BackendComment>((c) => c.id);
const RACE = "Upkeep opened this issue twice (two runs at once) and keeps the older one.";

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Renames every marker in `body` to `duplicate/<key>`, keeping payloads, so no lookup finds it again. */
function retireMarkers(body: string): string {
  let out = body;
  for (const { key } of findMarkers(body)) {
    if (key.startsWith(DUPLICATE_PREFIX)) continue;
    const re = new RegExp(`<!-- upkeep:${escapeRe(key)}((?: [A-Za-z0-9_-]*)?) -->`, "g");
    out = out.replace(re, (_m, payload: string) => `<!-- upkeep:${DUPLICATE_PREFIX}${key}${payload} -->`);
  }
  return out;
}

/** `body` with every marker of `previous` that `body` lacks carried over (so edits never drop state). */
function keepMarkers(body: string, previous: string): string {
  let out = body;
  for (const m of findMarkers(previous)) if (!hasMarker(out, m.key)) out = withMarker(out, m.key, m.payload);
  return out;
}

class Run {
  private readonly issues = new Map<string, BackendIssue>();
  private readonly created = new Map<string, number>();

  constructor(
    private readonly backend: IssueBackend,
    private readonly log: Logger,
  ) {}

  private cacheKey(repo: RepoName, n: number): string {
    return `${repo}#${n}`;
  }

  private remember(repo: RepoName, issue: BackendIssue): BackendIssue {
    this.issues.set(this.cacheKey(repo, issue.number), issue);
    return issue;
  }

  private resolve(ref: IssueRef): number {
    if (typeof ref === "number") return ref;
    const n = this.created.get(ref.key);
    if (n === undefined) throw new Error(`the issue "${ref.key}" was not created or found by an earlier step`);
    return n;
  }

  /** Replaces `{{issue:KEY}}` with `#N` of the issue an earlier step created or found under KEY. */
  private substitute(body: string): string {
    return body.replace(/\{\{issue:([A-Za-z0-9._:/@-]+)\}\}/g, (whole, key: string) => {
      const n = this.created.get(key);
      return n === undefined ? whole : `#${n}`;
    });
  }

  private async issue(repo: RepoName, ref: IssueRef): Promise<BackendIssue> {
    const n = this.resolve(ref);
    const cached = this.issues.get(this.cacheKey(repo, n));
    if (cached) return cached;
    return this.remember(repo, await this.backend.getIssue(repo, n));
  }

  private async update(
    repo: RepoName,
    issue: BackendIssue,
    input: Parameters<IssueBackend["updateIssue"]>[2],
  ): Promise<BackendIssue> {
    return this.remember(repo, await this.backend.updateIssue(repo, issue.number, input));
  }

  private async applyRecord(repo: RepoName, issue: BackendIssue, record: PayloadRecord | undefined): Promise<void> {
    if (!record) return;
    const body = withMarker(issue.body, record.key, mergePayload(readPayload(issue.body, record.key), record.patch));
    if (body !== issue.body) await this.update(repo, issue, { body });
  }

  private async closeAsDuplicate(repo: RepoName, dup: BackendIssue, original: BackendIssue, why: string) {
    await this.backend.createComment(repo, dup.number, `Duplicate of #${original.number}: ${why}`);
    await this.update(repo, dup, {
      body: retireMarkers(dup.body),
      state: "closed",
      stateReason: "duplicate",
    });
    this.log.info(`${repo}#${dup.number}: closed as a duplicate of #${original.number}`);
  }

  async createIssue(step: Extract<PlanStep, { kind: "create-issue" }>): Promise<StepResult> {
    const base = { key: step.key, kind: step.kind } as const;
    const found = (await this.backend.findIssues(step.repo, step.key, step.labels)).sort(oldestIssue);
    const first = found[0];
    if (first) {
      // Leftovers of an earlier race whose loser crashed before closing its copy.
      for (const dup of found.slice(1)) await this.closeAsDuplicate(step.repo, dup, first, RACE);
      this.created.set(step.key, this.remember(step.repo, first).number);
      const detail = found.length > 1 ? `closed ${found.length - 1} duplicate(s)` : undefined;
      return { ...base, outcome: "skipped-exists", issueNumber: first.number, ...(detail ? { detail } : {}) };
    }
    const mine = await this.backend.createIssue(step.repo, {
      title: step.title,
      body: withMarker(step.body, step.key, step.payload),
      labels: step.labels,
      assignees: step.assignees,
    });
    this.remember(step.repo, mine);
    // Re-check: a concurrent run may have created one too. The oldest survives everywhere; each run
    // closes only its own copy, so no two runs close the same issue twice.
    const again = (await this.backend.findIssues(step.repo, step.key, step.labels)).sort(oldestIssue);
    const winner = again[0];
    if (winner && winner.number !== mine.number) {
      await this.closeAsDuplicate(step.repo, mine, winner, RACE);
      this.created.set(step.key, this.remember(step.repo, winner).number);
      return {
        ...base,
        outcome: "skipped-exists",
        issueNumber: winner.number,
        detail: `closed duplicate #${mine.number}`,
      };
    }
    this.created.set(step.key, mine.number);
    this.log.info(`${step.repo}#${mine.number}: opened "${step.title}" (${step.key})`);
    return { ...base, outcome: "applied", issueNumber: mine.number };
  }

  async comment(step: Extract<PlanStep, { kind: "comment" }>): Promise<StepResult> {
    const base = { key: step.key, kind: step.kind } as const;
    const issue = await this.issue(step.repo, step.issue);
    const marked = async () =>
      (await this.backend.listComments(step.repo, issue.number))
        .filter((c) => hasMarker(c.body, step.key))
        .sort(oldestComment);
    const existing = await marked();
    let result: StepResult;
    if (existing[0]) {
      for (const dup of existing.slice(1)) await this.backend.deleteComment(step.repo, dup.id);
      result = { ...base, outcome: "skipped-exists", issueNumber: issue.number, commentId: existing[0].id };
    } else {
      const body = withMarker(this.substitute(step.body), step.key);
      const mine = await this.backend.createComment(step.repo, issue.number, body);
      const again = await marked();
      const winner = again[0];
      if (winner && winner.id !== mine.id) {
        await this.backend.deleteComment(step.repo, mine.id);
        result = { ...base, outcome: "skipped-exists", issueNumber: issue.number, commentId: winner.id };
      } else {
        this.log.info(`${step.repo}#${issue.number}: commented (${step.key})`);
        result = { ...base, outcome: "applied", issueNumber: issue.number, commentId: mine.id };
      }
    }
    await this.applyRecord(step.repo, await this.issue(step.repo, issue.number), step.record);
    return result;
  }

  async updateIssue(step: Extract<PlanStep, { kind: "update-issue" }>): Promise<StepResult> {
    const base = { key: step.key, kind: step.kind } as const;
    const n = this.resolve(step.issue);
    // Read fresh: a human may have edited the issue since the plan was made.
    const issue = this.remember(step.repo, await this.backend.getIssue(step.repo, n));
    let body = step.body === undefined ? issue.body : keepMarkers(step.body, issue.body);
    if (step.record) {
      body = withMarker(
        body,
        step.record.key,
        mergePayload(readPayload(issue.body, step.record.key), step.record.patch),
      );
    }
    const input: Parameters<IssueBackend["updateIssue"]>[2] = {};
    if (step.title !== undefined && step.title !== issue.title) input.title = step.title;
    if (body !== issue.body) input.body = body;
    if (step.state !== undefined && step.state !== issue.state) {
      input.state = step.state;
      if (step.stateReason) input.stateReason = step.stateReason;
    }
    if (Object.keys(input).length === 0) return { ...base, outcome: "skipped-exists", issueNumber: n };
    await this.update(step.repo, issue, input);
    this.log.info(`${step.repo}#${n}: updated ${Object.keys(input).join(", ")} (${step.key})`);
    return { ...base, outcome: "applied", issueNumber: n };
  }

  async addLabels(step: Extract<PlanStep, { kind: "add-labels" }>): Promise<StepResult> {
    const base = { key: step.key, kind: step.kind } as const;
    const issue = await this.issue(step.repo, step.issue);
    const have = new Set(issue.labels.map((l) => l.toLowerCase()));
    const missing = step.labels.filter((l) => !have.has(l.toLowerCase()));
    if (missing.length === 0) return { ...base, outcome: "skipped-exists", issueNumber: issue.number };
    await this.backend.addLabels(step.repo, issue.number, missing);
    this.remember(step.repo, { ...issue, labels: [...issue.labels, ...missing] });
    return { ...base, outcome: "applied", issueNumber: issue.number };
  }

  async removeLabel(step: Extract<PlanStep, { kind: "remove-label" }>): Promise<StepResult> {
    const base = { key: step.key, kind: step.kind } as const;
    const issue = await this.issue(step.repo, step.issue);
    const name = step.label.toLowerCase();
    if (!issue.labels.some((l) => l.toLowerCase() === name)) {
      return { ...base, outcome: "skipped-exists", issueNumber: issue.number };
    }
    await this.backend.removeLabel(step.repo, issue.number, step.label);
    this.remember(step.repo, { ...issue, labels: issue.labels.filter((l) => l.toLowerCase() !== name) });
    return { ...base, outcome: "applied", issueNumber: issue.number };
  }

  async pin(step: Extract<PlanStep, { kind: "pin-issue" }>): Promise<StepResult> {
    const base = { key: step.key, kind: step.kind } as const;
    const issue = await this.issue(step.repo, step.issue);
    const recorded = readPayload<{ pin?: string }>(issue.body, step.markerKey)?.pin;
    const pinned = await this.backend.pinnedIssues(step.repo);
    if (pinned.includes(issue.number)) {
      // Pinned before Upkeep got to it: a human's pin, never to be undone by Upkeep.
      const pin = recorded === "upkeep" ? "upkeep" : "human";
      await this.applyRecord(step.repo, issue, { key: step.markerKey, patch: { pin } });
      return { ...base, outcome: "skipped-exists", issueNumber: issue.number, detail: `already pinned (${pin})` };
    }
    if (pinned.length >= 3) {
      await this.applyRecord(step.repo, issue, { key: step.markerKey, patch: { pin: "full" } });
      return {
        ...base,
        outcome: "skipped-exists",
        issueNumber: issue.number,
        detail: "not pinned: 3 issues are pinned",
      };
    }
    await this.backend.pin(step.repo, issue);
    await this.applyRecord(step.repo, await this.issue(step.repo, issue.number), {
      key: step.markerKey,
      patch: { pin: "upkeep" },
    });
    this.log.info(`${step.repo}#${issue.number}: pinned (${step.key})`);
    return { ...base, outcome: "applied", issueNumber: issue.number };
  }

  async unpin(step: Extract<PlanStep, { kind: "unpin-issue" }>): Promise<StepResult> {
    const base = { key: step.key, kind: step.kind } as const;
    const issue = this.remember(step.repo, await this.backend.getIssue(step.repo, this.resolve(step.issue)));
    const recorded = readPayload<{ pin?: string }>(issue.body, step.markerKey)?.pin;
    if (recorded !== "upkeep") {
      return {
        ...base,
        outcome: "skipped-exists",
        issueNumber: issue.number,
        detail: "not pinned by Upkeep: left as is",
      };
    }
    const pinned = await this.backend.pinnedIssues(step.repo);
    if (pinned.includes(issue.number)) await this.backend.unpin(step.repo, issue);
    await this.applyRecord(step.repo, issue, { key: step.markerKey, patch: { pin: "unpinned" } });
    this.log.info(`${step.repo}#${issue.number}: unpinned (${step.key})`);
    return {
      ...base,
      outcome: pinned.includes(issue.number) ? "applied" : "skipped-exists",
      issueNumber: issue.number,
    };
  }

  async closeDuplicate(step: Extract<PlanStep, { kind: "close-duplicate" }>): Promise<StepResult> {
    const base = { key: step.key, kind: step.kind } as const;
    const dup = this.remember(step.repo, await this.backend.getIssue(step.repo, step.number));
    if (dup.state === "closed") return { ...base, outcome: "skipped-exists", issueNumber: dup.number };
    const original = await this.issue(step.repo, step.original);
    await this.closeAsDuplicate(step.repo, dup, original, step.reason ?? "closed by Upkeep in favour of the original.");
    return { ...base, outcome: "applied", issueNumber: dup.number };
  }

  run(step: PlanStep): Promise<StepResult> {
    switch (step.kind) {
      case "create-issue":
        return this.createIssue(step);
      case "comment":
        return this.comment(step);
      case "update-issue":
        return this.updateIssue(step);
      case "add-labels":
        return this.addLabels(step);
      case "remove-label":
        return this.removeLabel(step);
      case "pin-issue":
        return this.pin(step);
      case "unpin-issue":
        return this.unpin(step);
      case "close-duplicate":
        return this.closeDuplicate(step);
    }
  }
}

/**
 * Applies a plan through any {@link IssueBackend}, step by step in order (see {@link executePlan}).
 * Never throws for a failing step: its result says `failed` with the error, and steps that needed
 * an issue it should have created fail too; independent steps still run.
 */
export async function executePlanWith(
  backend: IssueBackend,
  plan: Plan,
  options: ExecuteOptions = {},
): Promise<StepResult[]> {
  const log = options.logger ?? silentLogger;
  if (options.dryRun) {
    return plan.steps.map((s) => ({
      key: s.key,
      kind: s.kind,
      outcome: "dry-run",
      ...(s.kind !== "create-issue" && s.kind !== "close-duplicate" && typeof s.issue === "number"
        ? { issueNumber: s.issue }
        : {}),
    }));
  }
  const run = new Run(backend, log);
  const results: StepResult[] = [];
  for (const step of plan.steps) {
    try {
      results.push(await run.run(step));
    } catch (error) {
      log.warning(`${step.repo}: step ${step.kind} ${step.key} failed: ${(error as Error).message ?? error}`);
      results.push({ key: step.key, kind: step.kind, outcome: "failed", error });
    }
  }
  return results;
}

/**
 * Applies a plan to GitHub (design §4) through an Upkeep client (retries, throttling and paced writes
 * come from the client). Idempotent: an issue or comment whose marker key already exists is not created
 * again (`skipped-exists`); after each create it re-reads, and when two runs created the same thing at
 * once the older copy survives (a newer issue is closed with a link to the original, a newer comment is
 * deleted). Pins only while fewer than three issues are pinned and unpins only what Upkeep pinned.
 * With `dryRun` it calls no API. Returns one result per step; never throws for a failing step.
 */
export function executePlan(client: GitHubClient, plan: Plan, options: ExecuteOptions = {}): Promise<StepResult[]> {
  return executePlanWith(githubBackend(client), plan, options);
}

/** Whether every result is applied or skipped-exists (no failures). */
export function planSucceeded(results: readonly StepResult[]): boolean {
  return results.every((r) => r.outcome !== "failed");
}
