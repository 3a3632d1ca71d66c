import { periodAt } from "../calendar/periods.js";
import { addLocalDays, formatInZone, localDate } from "../calendar/zoned-time.js";
import type { AuditConfig } from "../config/types.js";
import { findMarkers } from "../github/markers.js";
import { readPayload } from "../plan/payload.js";
import type { IssueSnapshot, Plan, PlanStep } from "../plan/types.js";
import { checklistComplete, renderChecklist } from "./checklist.js";

/** The label Upkeep adds to an overdue audit issue. */
export const OVERDUE_LABEL = "overdue";

/** Reminders of an audit issue, in order: a week before the due date, a day before, and when overdue. */
export const AUDIT_REMINDERS = ["due-7d", "due-1d", "overdue"] as const;
export type AuditReminder = (typeof AUDIT_REMINDERS)[number];

/** The state of one audit period, kept in its issue's marker payload. */
export interface AuditPayload {
  v: 1;
  audit: string;
  period: string;
  periodLabel: string;
  timezone: string;
  start: string;
  due: string;
  reminders: Partial<Record<AuditReminder, "sent" | "superseded" | "skipped">>;
  /** True while the issue is closed because its checklist was completed. */
  completed?: boolean;
  completedAt?: string;
  /** How many times it was completed (a reopen and a second completion make 2). */
  completions?: number;
}

/** Options of {@link planAudits}. */
export interface AuditPlanOptions {
  /** `owner/name`. */
  repo: string;
  /** Link to the latest patch-check results of the repository, when it runs patch-check. */
  patchCheckUrl?: string;
}

/** The marker key of an audit issue: `audit/<id>/<period>`. */
export function auditKey(auditId: string, periodId: string): string {
  return `audit/${auditId}/${periodId}`;
}

const AUDIT_KEY_RE = /^audit\/[a-z0-9][a-z0-9-]*\/[0-9A-Za-z-]+$/;

/** Every audit issue among `issues` with its payload (found by the `audit/` marker). Never throws. */
export function auditIssues(
  issues: readonly IssueSnapshot[],
): { issue: IssueSnapshot; key: string; payload: AuditPayload }[] {
  const out: { issue: IssueSnapshot; key: string; payload: AuditPayload }[] = [];
  const seen = new Set<string>();
  // Oldest first: of two issues with one key (a race not yet cleaned up), the older one counts.
  for (const issue of [...issues].sort((a, b) => a.number - b.number)) {
    const key = findMarkers(issue.body).find((m) => AUDIT_KEY_RE.test(m.key))?.key;
    if (!key || seen.has(key)) continue;
    seen.add(key);
    const payload = readPayload<AuditPayload>(issue.body, key);
    if (payload?.v === 1) out.push({ issue, key, payload });
  }
  return out;
}

function titleOf(audit: AuditConfig): string {
  if (audit.title) return audit.title;
  const words = audit.id.replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function reminderTimes(p: AuditPayload): Record<AuditReminder, number> {
  const due = new Date(p.due);
  return {
    "due-7d": addLocalDays(due, -7, p.timezone).getTime(),
    "due-1d": addLocalDays(due, -1, p.timezone).getTime(),
    overdue: due.getTime(),
  };
}

function newIssueSteps(audit: AuditConfig, now: Date, options: AuditPlanOptions): PlanStep[] {
  const tz = audit.timezone;
  const period = periodAt(audit.schedule, now, tz);
  const due = addLocalDays(period.start, audit.dueDays, tz);
  const key = auditKey(audit.id, period.id);
  const payload: AuditPayload = {
    v: 1,
    audit: audit.id,
    period: period.id,
    periodLabel: period.label,
    timezone: tz,
    start: period.start.toISOString(),
    due: due.toISOString(),
    reminders: {},
  };
  // Reminders whose time passed before the issue existed are not sent: the new issue says it all.
  const times = reminderTimes(payload);
  for (const r of AUDIT_REMINDERS) if (r !== "overdue" && times[r] <= now.getTime()) payload.reminders[r] = "skipped";
  const overdue = due.getTime() <= now.getTime();
  if (overdue) payload.reminders.overdue = "skipped";
  const title = titleOf(audit);
  const body = [
    `## ${title}: ${period.label}`,
    "",
    `**Due:** ${localDate(due, tz)} (${formatInZone(due, tz)})`,
    "",
    renderChecklist(audit.checklist),
    "",
    ...(options.patchCheckUrl ? [`Latest patch-check results: ${options.patchCheckUrl}`, ""] : []),
    "_Tick every box when done: Upkeep then closes this issue with a completion note. Reminders come a week and a day before the due date._",
    "",
  ].join("\n");
  return [
    {
      kind: "create-issue",
      key,
      repo: options.repo,
      title: `${title} — ${period.label}`,
      body,
      labels: [...audit.labels, ...(overdue ? [OVERDUE_LABEL] : [])],
      assignees: audit.assignees,
      payload: payload as unknown as Record<string, unknown>,
      reason: `audit ${audit.id} for ${period.id}`,
    },
  ];
}

function trackSteps(issue: IssueSnapshot, key: string, p: AuditPayload, now: Date, repo: string): PlanStep[] {
  const steps: PlanStep[] = [];
  const ref = issue.number;
  if (issue.state === "closed") return steps;
  let payload = p;
  if (p.completed) {
    // Reopened after completion: tracking resumes.
    steps.push({
      kind: "comment",
      key: `${key}/reopened/${p.completions ?? 1}`,
      repo,
      issue: ref,
      body: "🔄 Reopened: Upkeep tracks this audit again and closes it when every box is ticked.",
      record: { key, patch: { completed: false } },
      reason: "issue reopened",
    });
    payload = { ...p, completed: false };
  }
  if (checklistComplete(issue.body)) {
    const n = (payload.completions ?? 0) + 1;
    const onTime = now.getTime() <= Date.parse(payload.due);
    steps.push({
      kind: "comment",
      key: `${key}/completed/${n}`,
      repo,
      issue: ref,
      body: `✅ Every item is done: audit ${payload.periodLabel} completed ${onTime ? "on time" : "late"} (due ${localDate(new Date(payload.due), payload.timezone)}).`,
      record: { key, patch: { completed: true, completedAt: now.toISOString(), completions: n } },
      reason: "checklist complete",
    });
    if (issue.labels.some((l) => l.toLowerCase() === OVERDUE_LABEL)) {
      steps.push({ kind: "remove-label", key: `${key}/unlabel-overdue/${n}`, repo, issue: ref, label: OVERDUE_LABEL });
    }
    steps.push({
      kind: "update-issue",
      key: `${key}/close/${n}`,
      repo,
      issue: ref,
      state: "closed",
      stateReason: "completed",
    });
    return steps;
  }
  const times = reminderTimes(payload);
  const due = AUDIT_REMINDERS.filter((r) => times[r] <= now.getTime() && !payload.reminders[r]);
  const latest = due[due.length - 1];
  if (!latest) return steps;
  const patch: Record<string, string> = {};
  for (const r of due) patch[r] = r === latest ? "sent" : "superseded";
  const dueText = `${localDate(new Date(payload.due), payload.timezone)} (${formatInZone(new Date(payload.due), payload.timezone)})`;
  const body =
    latest === "overdue"
      ? `🚨 This audit is overdue: it was due ${dueText}.`
      : `⏰ Reminder: this audit is due ${latest === "due-7d" ? "in a week" : "tomorrow"}, ${dueText}.`;
  steps.push({
    kind: "comment",
    key: `${key}/reminder/${latest}`,
    repo,
    issue: ref,
    body,
    record: { key, patch: { reminders: patch } },
    reason: `reminder ${latest}`,
  });
  if (latest === "overdue")
    steps.push({ kind: "add-labels", key: `${key}/label-overdue`, repo, issue: ref, labels: [OVERDUE_LABEL] });
  return steps;
}

/**
 * The plan that keeps audits on schedule at `now`: exactly one issue per (repository, audit id, period)
 * — period from the audit's schedule in its time zone — with the checklist, the due date (`dueDays` local
 * days after the period starts) and the patch-check link; then for every open audit issue (past periods
 * too) reminders a week and a day before the due date and one when overdue (plus the `overdue` label), one
 * comment each (when several were missed, only the latest is sent); when every box is ticked a completion
 * note and the issue is closed; a reopened issue is tracked again. Planning again after executing gives an
 * empty plan. Throws InputError on a bad schedule or time zone.
 */
export function planAudits(
  audits: readonly AuditConfig[],
  existingIssues: readonly IssueSnapshot[],
  now: Date,
  options: AuditPlanOptions,
): Plan {
  const existing = auditIssues(existingIssues);
  const steps: PlanStep[] = [];
  for (const audit of audits) {
    const period = periodAt(audit.schedule, now, audit.timezone);
    const mine = existing.filter((e) => e.payload.audit === audit.id);
    if (!mine.some((e) => e.payload.period === period.id)) steps.push(...newIssueSteps(audit, now, options));
    for (const e of mine) steps.push(...trackSteps(e.issue, e.key, e.payload, now, options.repo));
  }
  return { steps };
}
