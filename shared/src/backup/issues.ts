/**
 * The bot's side of backup-verify as a Plan: one issue per failing backup set (created once, its body
 * updated in place when the findings change, closed with a comment on recovery), and a tracking issue
 * that remembers the last run (and its coverage state, so `sample` rotates from run to run) and receives
 * one drill-evidence comment per ISO week.
 */

import { findMarkers } from "../github/markers.js";
import { readPayload } from "../plan/payload.js";
import type { IssueSnapshot, Plan, PlanStep } from "../plan/types.js";
import { escapeMarkdown } from "../report/markdown-escape.js";
import type { Finding } from "../report/model.js";
import type { CoverageState } from "./coverage.js";
import type { SetSummary } from "./engine.js";
import { renderBackupSummaryTable, renderDrillEvidence } from "./render.js";

/** Marker key of the tracking issue (payload: `{ lastRun }`). */
export const EVIDENCE_KEY = "backup-verify:evidence";

/** Marker key prefix of a set's issue; the run date that opened it follows, so a later failure opens a new one. */
export function setKeyPrefix(set: string): string {
  return `backup-verify:set:${set.toLowerCase().replace(/[^a-z0-9._-]+/g, "-")}:`;
}

function isoWeek(d: Date): string {
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const dow = (new Date(day).getUTCDay() + 6) % 7;
  const thursday = day + (3 - dow) * 86_400_000;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

function openIssueWith(
  issues: readonly IssueSnapshot[],
  prefix: string,
): { issue: IssueSnapshot; key: string } | undefined {
  for (const issue of issues) {
    if (issue.state !== "open") continue;
    const m = findMarkers(issue.body).find((x) => x.key.startsWith(prefix));
    if (m) return { issue, key: m.key };
  }
  return undefined;
}

function setBody(set: SetSummary, findings: readonly Finding[], runUrl: string | undefined): string {
  const lines = [
    `The backup set **${escapeMarkdown(set.name)}** (\`${escapeMarkdown(set.location)}\`) fails its checks.`,
    "",
    renderBackupSummaryTable([set]).trimEnd(),
    "",
    "### Findings",
    "",
    ...findings.map((f) => `- **${f.level}** \`${f.rule}\`: ${escapeMarkdown(f.title)}`),
    "",
    "This issue is updated in place by each run and closed when the set passes again.",
  ];
  if (runUrl) lines.push("", `Latest run: ${runUrl}`);
  return `${lines.join("\n")}\n`;
}

/** Largest coverage state the tracking issue keeps (characters of JSON; an issue body holds 65,536). */
const MAX_COVERAGE_CHARS = 40_000;

/**
 * The coverage state as the tracking issue keeps it: `[key, value]` pairs (an array, so a record replaces
 * the previous one), the run counters first, then the most recently verified backups while they fit.
 * What is left out counts as never verified, so it is read first by a later run.
 */
export function coverageRecord(state: CoverageState): [string, string][] {
  const entries = Object.entries(state.verified);
  const runs = entries.filter(([k]) => k.endsWith("\u0000#runs"));
  const verified = entries.filter(([k]) => !k.endsWith("\u0000#runs")).sort((a, b) => (a[1] < b[1] ? 1 : -1));
  const out: [string, string][] = [];
  let size = 2;
  for (const e of [...runs, ...verified]) {
    size += JSON.stringify(e).length + 1;
    if (size > MAX_COVERAGE_CHARS) break;
    out.push(e);
  }
  return out;
}

/** Options of {@link planBackupIssues}. */
export interface BackupIssueOptions {
  repo: string;
  label: string;
  now: Date;
  /** The run's coverage state, kept in the tracking issue for the next run (sample rotation). */
  state?: CoverageState;
  /** Link to the run that produced the summaries, when there is one. */
  runUrl?: string;
}

/**
 * Plans the issues for one run's results: for each set at level error, an issue (new, or the open one
 * updated when its findings changed); for each passing set with an open issue, a recovery comment and
 * closing it; the tracking issue's `lastRun`, and a drill-evidence comment once per ISO week. Pure:
 * the same inputs give the same plan, and a second run with the same results plans only the `lastRun`
 * record.
 */
export function planBackupIssues(
  sets: readonly SetSummary[],
  findings: readonly Finding[],
  issues: readonly IssueSnapshot[],
  options: BackupIssueOptions,
): Plan {
  const steps: PlanStep[] = [];
  const day = options.now.toISOString().slice(0, 10);
  for (const set of sets) {
    const mine = findings.filter((f) => f.properties?.set === set.name && f.level !== "note");
    const prefix = setKeyPrefix(set.name);
    const open = openIssueWith(issues, prefix);
    const fingerprints = mine.map((f) => f.fingerprint).sort();
    if (set.status === "error") {
      const body = setBody(set, mine, options.runUrl);
      if (!open) {
        steps.push({
          kind: "create-issue",
          key: `${prefix}${day}`,
          repo: options.repo,
          title: `Backups failing: ${set.name}`,
          body,
          labels: [options.label],
          assignees: [],
          payload: { set: set.name, since: options.now.toISOString(), fingerprints },
          reason: `${set.name} fails ${fingerprints.length} check(s)`,
        });
      } else {
        const before = readPayload<{ fingerprints?: string[] }>(open.issue.body, open.key)?.fingerprints ?? [];
        if (before.join("\n") !== fingerprints.join("\n")) {
          steps.push({
            kind: "update-issue",
            key: `${open.key}:update`,
            repo: options.repo,
            issue: open.issue.number,
            body,
            record: { key: open.key, patch: { fingerprints } },
            reason: `${set.name}: the findings changed`,
          });
        }
      }
    } else if (open) {
      steps.push({
        kind: "comment",
        key: `${open.key}:recovered`,
        repo: options.repo,
        issue: open.issue.number,
        body: `Recovered: **${escapeMarkdown(set.name)}** passes as of ${options.now.toISOString()}.\n\n${renderBackupSummaryTable([set])}`,
        reason: `${set.name} recovered`,
      });
      steps.push({
        kind: "update-issue",
        key: `${open.key}:close`,
        repo: options.repo,
        issue: open.issue.number,
        state: "closed",
        stateReason: "completed",
        record: { key: open.key, patch: { recovered: options.now.toISOString() } },
        reason: `${set.name} recovered`,
      });
    }
  }
  const tracking = issues.find((i) => findMarkers(i.body).some((m) => m.key === EVIDENCE_KEY));
  const coverage = options.state ? { coverage: coverageRecord(options.state) } : {};
  const trackingRef = tracking ? tracking.number : { key: EVIDENCE_KEY };
  if (!tracking) {
    steps.push({
      kind: "create-issue",
      key: EVIDENCE_KEY,
      repo: options.repo,
      title: "Backup verification evidence",
      body: "Upkeep records here when backups were last verified, and once a week the restore drills it ran (recovery times as evidence for your disaster recovery plan). Failing sets get their own issues.\n",
      labels: [options.label],
      assignees: [],
      payload: { lastRun: options.now.toISOString(), ...coverage },
      reason: "first backup-verify run",
    });
  } else {
    steps.push({
      kind: "update-issue",
      key: `${EVIDENCE_KEY}:run`,
      repo: options.repo,
      issue: tracking.number,
      record: { key: EVIDENCE_KEY, patch: { lastRun: options.now.toISOString(), ...coverage } },
      reason: "record the run",
    });
  }
  if (sets.some((s) => s.drill)) {
    const week = isoWeek(options.now);
    steps.push({
      kind: "comment",
      key: `${EVIDENCE_KEY}:${week}`,
      repo: options.repo,
      issue: trackingRef,
      body: `### Restore drills, ${week}\n\n${renderDrillEvidence(sets)}`,
      reason: `weekly drill evidence ${week}`,
    });
  }
  return { steps };
}

/** The coverage state the tracking issue kept from the last run, or undefined. */
export function lastBackupCoverage(issues: readonly IssueSnapshot[]): CoverageState | undefined {
  for (const i of issues) {
    const p = readPayload<{ coverage?: unknown }>(i.body, EVIDENCE_KEY);
    if (!Array.isArray(p?.coverage)) continue;
    const verified: Record<string, string> = {};
    for (const e of p.coverage)
      if (Array.isArray(e) && typeof e[0] === "string" && typeof e[1] === "string") verified[e[0]] = e[1];
    return { version: 1, verified };
  }
  return undefined;
}

/** When the tracking issue says the last run was, or undefined. */
export function lastBackupRun(issues: readonly IssueSnapshot[]): Date | undefined {
  for (const i of issues) {
    const p = readPayload<{ lastRun?: string }>(i.body, EVIDENCE_KEY);
    if (p?.lastRun) return new Date(p.lastRun);
  }
  return undefined;
}
