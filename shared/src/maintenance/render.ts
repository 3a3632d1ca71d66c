import { describeDuration } from "../calendar/duration.js";
import type { WindowStatus } from "../calendar/window.js";
import { formatInZone } from "../calendar/zoned-time.js";
import type { MaintenancePayload, StoredWindow } from "./state.js";

const STATUS_TEXT: Record<WindowStatus, string> = {
  scheduled: "🗓️ Scheduled",
  "in-progress": "🚧 In progress",
  completed: "✅ Completed",
  cancelled: "❌ Cancelled",
};

/** `Database upgrade` → `Maintenance: Database upgrade (2026-12-01 03:00 UTC+01:00)`. */
export function announcementTitle(w: StoredWindow): string {
  const prefix = w.kind === "freeze" ? "Deploy freeze" : "Maintenance";
  return `${prefix}: ${w.title} (${formatInZone(new Date(w.start), w.timezone).replace(/[()]/g, "")})`;
}

function utc(iso: string): string {
  return `${iso.slice(0, 16)}Z`;
}

/** The announcement's body: status table, description and a footer; the marker is added by the executor. */
export function announcementBody(p: Pick<MaintenancePayload, "window" | "status" | "id" | "source" | "file">): string {
  const w = p.window;
  const start = new Date(w.start);
  const end = new Date(w.end);
  const rows: [string, string][] = [
    ["Status", STATUS_TEXT[p.status]],
    ["Start", formatInZone(start, w.timezone)],
    ["End", formatInZone(end, w.timezone)],
    ["Duration", describeDuration(end.getTime() - start.getTime())],
    ["Time zone", w.timezone],
    ["Impact", w.impact || "—"],
  ];
  const table = ["| | |", "| --- | --- |", ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, "\\|")} |`)].join("\n");
  const heading = w.kind === "freeze" ? "Deploy freeze" : "Scheduled maintenance";
  const source =
    p.source === "file" && p.file
      ? `Defined in \`${p.file}\` (window \`${p.id}\`).`
      : `Window \`${p.id}\`: \`/maintenance cancel ${p.id}\` or \`/maintenance reschedule ${p.id} <start> [duration]\` changes it.`;
  return [
    `## ${heading}: ${w.title}`,
    "",
    table,
    "",
    ...(w.description ? [w.description, ""] : []),
    `_In UTC: ${utc(w.start)} – ${utc(w.end)}. ${source} Upkeep keeps this issue up to date and posts reminders as comments._`,
    "",
  ].join("\n");
}

/** The reminder comment: how long until the start, in the reader's zone. */
export function reminderBody(w: StoredWindow, label: string, now: Date): string {
  const left = new Date(w.start).getTime() - now.getTime();
  return [
    `⏰ Reminder (${label} before): **${w.title}** starts in ${describeDuration(left)}, at ${formatInZone(new Date(w.start), w.timezone)}.`,
    w.impact ? `\nImpact: ${w.impact}` : "",
  ].join("");
}
