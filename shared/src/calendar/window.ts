/** What a window means: planned work that may disrupt users, or a period in which nothing is deployed. */
export type WindowKind = "maintenance" | "freeze";

/** Where a window is in its life. */
export type WindowStatus = "scheduled" | "in-progress" | "completed" | "cancelled";

/** A maintenance or freeze window: `[start, end)`, shown to readers in `timezone`. */
export interface CalendarWindow {
  /** Stable id (lowercase letters, digits, dashes), unique within a repository. */
  id: string;
  kind: WindowKind;
  title: string;
  start: Date;
  end: Date;
  /** IANA zone readers see times in. */
  timezone: string;
  /** What users will notice (`API read-only`); may be empty. */
  impact: string;
  status: WindowStatus;
  /** Longer text for the announcement and the calendar entry. */
  description?: string;
  /** Revision, raised on each reschedule (iCal SEQUENCE). Default 0. */
  sequence?: number;
  /** Link to the announcement issue, when there is one. */
  url?: string;
}

/**
 * The status a window has at `at` from its times alone: cancelled stays cancelled, otherwise scheduled
 * before the start, in progress until the end, completed after. Never throws.
 */
export function statusAt(window: Pick<CalendarWindow, "start" | "end" | "status">, at: Date): WindowStatus {
  if (window.status === "cancelled") return "cancelled";
  const t = at.getTime();
  if (t < window.start.getTime()) return "scheduled";
  if (t < window.end.getTime()) return "in-progress";
  return "completed";
}

/**
 * The window in effect at `at` (start inclusive, end exclusive), ignoring cancelled ones; with `kind`,
 * only windows of that kind (the staging gate asks for `freeze`). When several overlap, the one that ends
 * last wins (it is the one that keeps blocking). Returns undefined when none is in effect. Never throws.
 */
export function activeWindow(
  windows: readonly CalendarWindow[],
  at: Date,
  options: { kind?: WindowKind } = {},
): CalendarWindow | undefined {
  const t = at.getTime();
  let best: CalendarWindow | undefined;
  for (const w of windows) {
    if (w.status === "cancelled") continue;
    if (options.kind && w.kind !== options.kind) continue;
    if (t < w.start.getTime() || t >= w.end.getTime()) continue;
    if (!best || w.end.getTime() > best.end.getTime()) best = w;
  }
  return best;
}
