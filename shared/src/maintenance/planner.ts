import { parseDuration } from "../calendar/duration.js";
import { type CalendarWindow, statusAt } from "../calendar/window.js";
import type { MaintenanceConfig } from "../config/types.js";
import type { IssueRef, IssueSnapshot, Plan, PlanStep } from "../plan/types.js";
import type { FileWindow } from "./files.js";
import { announcementBody, announcementTitle, reminderBody } from "./render.js";
import {
  type Announcement,
  announcementKey,
  findAnnouncements,
  type MaintenancePayload,
  type ReminderState,
  type StoredWindow,
  sameWindow,
  storeWindow,
} from "./state.js";

/** The parts of the maintenance config the planner reads. Defaults as in the config schema. */
export type MaintenancePlanConfig = Pick<MaintenanceConfig, "reminders" | "label" | "pin">;

/** Options of {@link planMaintenance}. */
export interface MaintenancePlanOptions {
  /** `owner/name` of the repository. */
  repo: string;
  /**
   * Whether the given file windows are all the repository has (every file parsed). Only then is a
   * window whose file was removed cancelled; default false, so a file with an error never cancels.
   */
  filesComplete?: boolean;
}

interface Reminder {
  label: string;
  at: number;
}

/** Reminder times of a window, earliest first. */
function remindersOf(w: StoredWindow, config: MaintenancePlanConfig): Reminder[] {
  const start = Date.parse(w.start);
  return config.reminders.map((label) => ({ label, at: start - parseDuration(label) })).sort((a, b) => a.at - b.at);
}

/** Reminder states to record when every reminder due by `now` should not be sent (announced late, rescheduled). */
export function passedReminders(w: StoredWindow, rev: number, now: Date, config: MaintenancePlanConfig) {
  const out: Record<string, ReminderState> = {};
  for (const r of remindersOf(w, config)) if (r.at <= now.getTime()) out[`r${rev}/${r.label}`] = "skipped";
  return out;
}

/** Reminder states that skip every reminder of the current revision not sent yet (the window started or ended). */
export function unsentReminders(p: MaintenancePayload, config: MaintenancePlanConfig) {
  const out: Record<string, ReminderState> = {};
  for (const r of remindersOf(p.window, config)) {
    const k = `r${p.rev}/${r.label}`;
    if (!p.reminders[k]) out[k] = "skipped";
  }
  return out;
}

/** Steps that close out a window: unpin what Upkeep pinned, then close. */
export function closeSteps(
  repo: string,
  ref: IssueRef,
  p: MaintenancePayload,
  reason: "completed" | "not_planned",
): PlanStep[] {
  const key = announcementKey(p.id);
  const steps: PlanStep[] = [];
  if (p.pin === "upkeep") {
    steps.push({
      kind: "unpin-issue",
      key: `${key}/unpin`,
      repo,
      issue: ref,
      markerKey: key,
      reason: "window is over",
    });
  }
  steps.push({
    kind: "update-issue",
    key: `${key}/close`,
    repo,
    issue: ref,
    state: "closed",
    stateReason: reason,
    record: { key, patch: { closed: true } },
    reason: reason === "completed" ? "window is over" : "window cancelled",
  });
  return steps;
}

const STATUS_EVENT = { "in-progress": "started", completed: "completed", cancelled: "cancelled" } as const;

/**
 * The edit and the comment that move an announcement to `status`: the table edited in place with the
 * reminders not sent yet marked skipped, and `text.comment` posted once per revision.
 */
export function statusSteps(
  repo: string,
  ref: IssueRef,
  p: MaintenancePayload,
  status: keyof typeof STATUS_EVENT,
  config: MaintenancePlanConfig,
  text: { comment: string; reason: string; editReason?: string },
): PlanStep[] {
  const key = announcementKey(p.id);
  return [
    {
      kind: "update-issue",
      key: `${key}/status/${status}`,
      repo,
      issue: ref,
      body: announcementBody({ ...p, status }),
      record: { key, patch: { status, reminders: unsentReminders(p, config) } },
      reason: text.editReason ?? text.reason,
    },
    {
      kind: "comment",
      key: `${key}/r${p.rev}/${STATUS_EVENT[status]}`,
      repo,
      issue: ref,
      body: text.comment,
      reason: text.reason,
    },
  ];
}

/**
 * The edit and the comment that move a scheduled announcement to `window` as a new revision: title and
 * table edited in place, reminders of the new revision already due by `now` marked skipped.
 */
export function rescheduleSteps(
  repo: string,
  ref: IssueRef,
  p: MaintenancePayload,
  window: StoredWindow,
  now: Date,
  config: MaintenancePlanConfig,
  text: { comment: string; reason: string; editReason?: string },
): PlanStep[] {
  const key = announcementKey(p.id);
  const rev = p.rev + 1;
  return [
    {
      kind: "update-issue",
      key: `${key}/r${rev}/edit`,
      repo,
      issue: ref,
      title: announcementTitle(window),
      body: announcementBody({ ...p, window }),
      record: {
        key,
        patch: {
          window: window as unknown as Record<string, unknown>,
          rev,
          reminders: passedReminders(window, rev, now, config),
        },
      },
      reason: text.editReason ?? text.reason,
    },
    { kind: "comment", key: `${key}/r${rev}/rescheduled`, repo, issue: ref, body: text.comment, reason: text.reason },
  ];
}

/** Payload for a new announcement. */
export function initialPayload(
  w: CalendarWindow,
  now: Date,
  config: MaintenancePlanConfig,
  source: { source: "file"; file: string } | { source: "command"; requestedBy: string },
): MaintenancePayload {
  const window = storeWindow(w);
  const status = statusAt(w, now);
  return {
    v: 1,
    id: w.id,
    ...(source.source === "file"
      ? { source: "file", file: source.file }
      : { source: "command", requestedBy: source.requestedBy }),
    window,
    rev: 1,
    status,
    reminders: passedReminders(window, 1, now, config),
  };
}

/** The steps that open a window's announcement (and pin it). */
export function openAnnouncementSteps(repo: string, p: MaintenancePayload, config: MaintenancePlanConfig): PlanStep[] {
  const key = announcementKey(p.id);
  const steps: PlanStep[] = [
    {
      kind: "create-issue",
      key,
      repo,
      title: announcementTitle(p.window),
      body: announcementBody(p),
      labels: [config.label],
      assignees: [],
      payload: p as unknown as Record<string, unknown>,
      reason: `announce ${p.window.kind} window ${p.id}`,
    },
  ];
  if (config.pin && (p.status === "scheduled" || p.status === "in-progress")) {
    steps.push({
      kind: "pin-issue",
      key: `${key}/pin`,
      repo,
      issue: { key },
      markerKey: key,
      reason: "announce it on the issue list",
    });
  }
  return steps;
}

/**
 * The steps that move an existing announcement to what `now` calls for, given the window it should
 * describe (`desired`: the file's window; undefined for command windows, whose payload is the window).
 */
function progressSteps(
  repo: string,
  a: Announcement,
  desired: CalendarWindow | undefined,
  now: Date,
  config: MaintenancePlanConfig,
): PlanStep[] {
  let p = a.payload;
  const ref = a.issue.number;
  const key = announcementKey(p.id);
  if (p.closed) return [];
  const steps: PlanStep[] = [];
  const open = p.status === "scheduled" || p.status === "in-progress";
  if (open && desired?.status === "cancelled") {
    return [
      ...statusSteps(repo, ref, p, "cancelled", config, {
        comment: `❌ **${p.window.title}** is cancelled.`,
        reason: "window cancelled",
      }),
      ...closeSteps(repo, ref, { ...p, status: "cancelled" }, "not_planned"),
    ];
  }
  if (p.status === "cancelled") return closeSteps(repo, ref, p, "not_planned");
  if (
    p.status === "scheduled" &&
    desired &&
    !sameWindow(p.window, storeWindow(desired)) &&
    desired.end.getTime() > now.getTime()
  ) {
    const window = storeWindow(desired);
    steps.push(
      ...rescheduleSteps(repo, ref, p, window, now, config, {
        comment: `🔁 **${window.title}** changed: see the table above for the new times.`,
        reason: "window changed in its file",
      }),
    );
    const rev = p.rev + 1;
    p = { ...p, window, rev, reminders: { ...p.reminders, ...passedReminders(window, rev, now, config) } };
  }
  if (config.pin && p.pin === undefined && p.status !== "completed" && statusAt(windowTimes(p), now) !== "completed") {
    steps.push({
      kind: "pin-issue",
      key: `${key}/pin`,
      repo,
      issue: ref,
      markerKey: key,
      reason: "announce it on the issue list",
    });
  }
  const phase = statusAt(windowTimes(p), now);
  if (phase === "scheduled") {
    const due = remindersOf(p.window, config).filter(
      (r) => r.at <= now.getTime() && !p.reminders[`r${p.rev}/${r.label}`],
    );
    const latest = due[due.length - 1];
    if (latest) {
      // Reminders missed while the bot was down: send the latest once (late), mark older ones as passed over.
      const patch: Record<string, ReminderState> = {};
      for (const r of due) patch[`r${p.rev}/${r.label}`] = r === latest ? "sent" : "superseded";
      steps.push({
        kind: "comment",
        key: `${key}/reminder/${p.rev > 1 ? `r${p.rev}/` : ""}${latest.label}`,
        repo,
        issue: ref,
        body: reminderBody(p.window, latest.label, now),
        record: { key, patch: { reminders: patch } },
        reason: `reminder ${latest.label} before the start`,
      });
    }
    return steps;
  }
  if (phase === "in-progress" && p.status === "scheduled") {
    steps.push(
      ...statusSteps(repo, ref, p, "in-progress", config, {
        comment: `🚧 **${p.window.title}** has started.`,
        reason: "window started",
      }),
    );
    return steps;
  }
  if (phase === "completed") {
    if (p.status !== "completed") {
      steps.push(
        ...statusSteps(repo, ref, p, "completed", config, {
          comment: `✅ **${p.window.title}** is completed.`,
          reason: "window ended",
        }),
      );
      p = { ...p, status: "completed" };
    }
    steps.push(...closeSteps(repo, ref, p, "completed"));
  }
  return steps;
}

function windowTimes(p: MaintenancePayload) {
  return { start: new Date(p.window.start), end: new Date(p.window.end), status: p.status };
}

/**
 * The plan that brings every window's announcement up to date at `now` (design §4): opens the
 * announcement (label from config, pinned when `config.pin` and fewer than three are pinned), posts each
 * configured reminder once before the start (one missed while the bot was down is sent late, once; when
 * several were missed only the latest is sent; none after the start), moves the status to in progress at
 * the start and completed at the end (table edited in place plus a comment), then unpins what Upkeep
 * pinned and closes. A file window whose times change is rescheduled; one set to `status: cancelled` is
 * cancelled. Windows scheduled by `/maintenance` live in their issues' payloads and are planned the same
 * way. Every step is computed from the recorded state and `now`, so planning again after executing the
 * plan gives an empty plan. Past windows never announced are ignored. Throws InputError when a
 * configured reminder is not a duration.
 */
export function planMaintenance(
  windows: readonly (CalendarWindow | FileWindow)[],
  existingIssues: readonly IssueSnapshot[],
  now: Date,
  config: MaintenancePlanConfig,
  options: MaintenancePlanOptions,
): Plan {
  const repo = options.repo;
  const announcements = findAnnouncements(existingIssues);
  const steps: PlanStep[] = [];
  const byId = new Map(windows.map((w) => [w.id, w]));
  for (const w of [...windows].sort((a, b) => a.start.getTime() - b.start.getTime() || a.id.localeCompare(b.id))) {
    const a = announcements.get(w.id);
    if (a) {
      steps.push(...progressSteps(repo, a, w, now, config));
      continue;
    }
    if (w.status === "cancelled" || w.end.getTime() <= now.getTime()) continue;
    const file = "file" in w ? w.file : "";
    steps.push(...openAnnouncementSteps(repo, initialPayload(w, now, config, { source: "file", file }), config));
  }
  for (const [id, a] of announcements) {
    if (byId.has(id)) continue;
    if (a.payload.source === "command") {
      steps.push(...progressSteps(repo, a, undefined, now, config));
    } else if (options.filesComplete) {
      // The file (or the window in it) was removed: the window will not happen.
      const gone = {
        id,
        kind: a.payload.window.kind,
        title: a.payload.window.title,
        start: new Date(0),
        end: new Date(0),
        timezone: "UTC",
        impact: "",
        status: "cancelled" as const,
      };
      steps.push(...progressSteps(repo, a, gone, now, config));
    }
  }
  return { steps };
}
