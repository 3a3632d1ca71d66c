import type { CalendarWindow, WindowKind, WindowStatus } from "../calendar/window.js";
import { findMarkers } from "../github/markers.js";
import { readPayload } from "../plan/payload.js";
import type { IssueSnapshot } from "../plan/types.js";

/** The marker key of a window's announcement issue. */
export function announcementKey(id: string): string {
  return `maintenance/${id}`;
}

/** A window as the announcement issue stores it (ISO times). */
export interface StoredWindow {
  title: string;
  start: string;
  end: string;
  timezone: string;
  impact: string;
  kind: WindowKind;
  description?: string;
}

/** What a reminder became: posted, passed over for a later one, or not needed (announced late / started). */
export type ReminderState = "sent" | "superseded" | "skipped";

/**
 * The state of one window, kept in its announcement issue's marker payload so that restarts and
 * redeliveries see what was already done.
 */
export interface MaintenancePayload {
  v: 1;
  id: string;
  /** `file` windows follow their file; `command` windows live only in this payload. */
  source: "file" | "command";
  file?: string;
  window: StoredWindow;
  /** Raised by every reschedule; reminders are counted per revision (`r2/24h`). */
  rev: number;
  status: WindowStatus;
  reminders: Record<string, ReminderState>;
  /** Who pinned the issue: `upkeep`, `human`, `full` (3 already pinned), `unpinned` (Upkeep undid its pin). */
  pin?: "upkeep" | "human" | "full" | "unpinned";
  /** Set once Upkeep closed the issue; a human reopening it afterwards is left alone. */
  closed?: boolean;
  requestedBy?: string;
}

/** A window's announcement issue and its state. */
export interface Announcement {
  issue: IssueSnapshot;
  payload: MaintenancePayload;
}

export function storeWindow(w: CalendarWindow): StoredWindow {
  return {
    title: w.title,
    start: w.start.toISOString(),
    end: w.end.toISOString(),
    timezone: w.timezone,
    impact: w.impact,
    kind: w.kind,
    ...(w.description ? { description: w.description } : {}),
  };
}

/** The window a payload describes, with its stored status. */
export function windowOfPayload(p: MaintenancePayload, url?: string): CalendarWindow {
  return {
    id: p.id,
    kind: p.window.kind,
    title: p.window.title,
    start: new Date(p.window.start),
    end: new Date(p.window.end),
    timezone: p.window.timezone,
    impact: p.window.impact,
    status: p.status,
    sequence: p.rev - 1,
    ...(p.window.description ? { description: p.window.description } : {}),
    ...(url ? { url } : {}),
  };
}

/** Whether two stored windows announce the same thing. */
export function sameWindow(a: StoredWindow, b: StoredWindow): boolean {
  return (
    a.title === b.title &&
    a.start === b.start &&
    a.end === b.end &&
    a.timezone === b.timezone &&
    a.impact === b.impact &&
    a.kind === b.kind &&
    (a.description ?? "") === (b.description ?? "")
  );
}

const ANNOUNCEMENT_KEY_RE = /^maintenance\/([a-z0-9][a-z0-9-]*)$/;

/**
 * Every announcement issue among `issues` (found by their `maintenance/<id>` marker), keyed by window id.
 * When two carry the same id, the older wins. Never throws.
 */
export function findAnnouncements(issues: readonly IssueSnapshot[]): Map<string, Announcement> {
  const out = new Map<string, Announcement>();
  const sorted = [...issues].sort((a, b) => a.number - b.number);
  for (const issue of sorted) {
    const id = findMarkers(issue.body)
      .map((m) => ANNOUNCEMENT_KEY_RE.exec(m.key)?.[1])
      .find((i) => i !== undefined);
    if (id === undefined) continue;
    if (out.has(id)) continue;
    const payload = readPayload<MaintenancePayload>(issue.body, announcementKey(id));
    if (payload?.v === 1 && payload.window) out.set(id, { issue, payload });
  }
  return out;
}

/**
 * The windows of a repository for the calendar and the staging gate: file windows (with the state their
 * announcement recorded: a cancelled announcement cancels the window) plus windows scheduled by command.
 * Never throws.
 */
export function effectiveWindows(
  fileWindows: readonly CalendarWindow[],
  issues: readonly IssueSnapshot[],
): CalendarWindow[] {
  const announcements = findAnnouncements(issues);
  const out: CalendarWindow[] = [];
  for (const w of fileWindows) {
    const a = announcements.get(w.id);
    const cancelled = w.status === "cancelled" || a?.payload.status === "cancelled";
    out.push({
      ...w,
      status: cancelled ? "cancelled" : w.status,
      ...(a ? { sequence: a.payload.rev - 1, ...(a.issue.url ? { url: a.issue.url } : {}) } : {}),
    });
  }
  const fileIds = new Set(fileWindows.map((w) => w.id));
  for (const [id, a] of announcements) {
    if (a.payload.source === "command" && !fileIds.has(id)) out.push(windowOfPayload(a.payload, a.issue.url));
  }
  return out;
}
