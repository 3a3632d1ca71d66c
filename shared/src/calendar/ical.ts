import type { CalendarWindow } from "./window.js";

/** Options of {@link icalFeed}. */
export interface IcalOptions {
  /** PRODID, e.g. `-//Upkeep//Maintenance windows//EN`. Default that value. */
  prodId?: string;
  /** DTSTAMP of every event (when the feed was made); tests pass a fixed time. */
  now: Date;
  /** X-WR-CALNAME shown by calendar apps, e.g. `acme/app maintenance`. Default none. */
  name?: string;
  /** Right-hand side of each UID (`<id>@<domain>`), e.g. `app.acme.upkeep`. Default `upkeep`. */
  uidDomain?: string;
}

/** `20261201T020000Z`: a UTC date-time as RFC 5545 writes it. */
export function icalDateTime(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/** Escapes TEXT values (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines. Never throws. */
export function escapeIcalText(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

const encoder = new TextEncoder();

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): continuation lines start with one space, and a
 * multi-byte UTF-8 character is never split. Returns the folded line without the final CRLF.
 */
export function foldIcalLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  // The first line holds 75 octets; continuation lines 74 plus the leading space.
  let limit = 75;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    if (octets + size > limit) {
      out.push(current);
      current = "";
      octets = 0;
      limit = 74;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n ");
}

function eventLines(w: CalendarWindow, options: IcalOptions): string[] {
  const description = [w.impact ? `Impact: ${w.impact}` : "", w.description ?? "", w.url ? w.url : ""]
    .filter(Boolean)
    .join("\n\n");
  const lines = [
    "BEGIN:VEVENT",
    `UID:${w.kind}-${w.id}@${options.uidDomain ?? "upkeep"}`,
    `DTSTAMP:${icalDateTime(options.now)}`,
    `DTSTART:${icalDateTime(w.start)}`,
    `DTEND:${icalDateTime(w.end)}`,
    `SEQUENCE:${w.sequence ?? 0}`,
    `SUMMARY:${escapeIcalText(w.kind === "freeze" ? `Freeze: ${w.title}` : w.title)}`,
  ];
  if (description) lines.push(`DESCRIPTION:${escapeIcalText(description)}`);
  if (w.url) lines.push(`URL:${w.url}`);
  lines.push(`STATUS:${w.status === "cancelled" ? "CANCELLED" : "CONFIRMED"}`);
  lines.push(`CATEGORIES:${w.kind === "freeze" ? "FREEZE" : "MAINTENANCE"}`);
  // Maintenance blocks the calendar; a freeze only informs.
  lines.push(`TRANSP:${w.kind === "freeze" ? "TRANSPARENT" : "OPAQUE"}`);
  lines.push("END:VEVENT");
  return lines;
}

/**
 * The windows as an RFC 5545 calendar: one VEVENT per window (cancelled ones too, with STATUS:CANCELLED so
 * subscribed calendars drop them), times in UTC, a stable UID per window, SEQUENCE from its revision,
 * text escaped, lines folded at 75 octets and ended with CRLF. Events are ordered by start, then id, so the
 * same windows always give the same bytes for the same `now`. Never throws.
 */
export function icalFeed(windows: readonly CalendarWindow[], options: IcalOptions): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${options.prodId ?? "-//Upkeep//Maintenance windows//EN"}`,
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
  ];
  if (options.name) lines.push(`X-WR-CALNAME:${escapeIcalText(options.name)}`);
  const sorted = [...windows].sort((a, b) => a.start.getTime() - b.start.getTime() || a.id.localeCompare(b.id));
  for (const w of sorted) lines.push(...eventLines(w, options));
  lines.push("END:VCALENDAR");
  return `${lines.map(foldIcalLine).join("\r\n")}\r\n`;
}
