import { escapeIcalText, foldIcalLine, icalFeed } from "@upkeep/shared/calendar/ical.js";
import type { CalendarWindow } from "@upkeep/shared/calendar/window.js";
import { describe, expect, it } from "vitest";

const windows: CalendarWindow[] = [
  {
    id: "freeze",
    kind: "freeze",
    title: "Year-end freeze",
    start: new Date("2026-12-19T23:00:00Z"),
    end: new Date("2027-01-02T23:00:00Z"),
    timezone: "Europe/Berlin",
    impact: "",
    status: "scheduled",
  },
  {
    id: "db-upgrade",
    kind: "maintenance",
    title: "Database upgrade; primary, replicas",
    start: new Date("2026-12-01T02:00:00Z"),
    end: new Date("2026-12-01T04:00:00Z"),
    timezone: "UTC",
    impact: "API read-only, writes queued",
    description: "Zürich → Frankfurt: étape 1\nsecond line with a backslash \\ and a very long tail that needs folding",
    status: "scheduled",
    sequence: 1,
    url: "https://github.com/acme/app/issues/7",
  },
  {
    id: "old",
    kind: "maintenance",
    title: "Dropped",
    start: new Date("2026-11-01T02:00:00Z"),
    end: new Date("2026-11-01T03:00:00Z"),
    timezone: "UTC",
    impact: "",
    status: "cancelled",
  },
];

const GOLDEN = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//Upkeep//Maintenance windows//EN",
  "CALSCALE:GREGORIAN",
  "METHOD:PUBLISH",
  "X-WR-CALNAME:acme/app maintenance",
  "BEGIN:VEVENT",
  "UID:maintenance-old@app.acme.upkeep",
  "DTSTAMP:20261115T120000Z",
  "DTSTART:20261101T020000Z",
  "DTEND:20261101T030000Z",
  "SEQUENCE:0",
  "SUMMARY:Dropped",
  "STATUS:CANCELLED",
  "CATEGORIES:MAINTENANCE",
  "TRANSP:OPAQUE",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:maintenance-db-upgrade@app.acme.upkeep",
  "DTSTAMP:20261115T120000Z",
  "DTSTART:20261201T020000Z",
  "DTEND:20261201T040000Z",
  "SEQUENCE:1",
  "SUMMARY:Database upgrade\\; primary\\, replicas",
  "DESCRIPTION:Impact: API read-only\\, writes queued\\n\\nZürich → Frankfurt:",
  "  étape 1\\nsecond line with a backslash \\\\ and a very long tail that needs",
  "  folding\\n\\nhttps://github.com/acme/app/issues/7",
  "URL:https://github.com/acme/app/issues/7",
  "STATUS:CONFIRMED",
  "CATEGORIES:MAINTENANCE",
  "TRANSP:OPAQUE",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:freeze-freeze@app.acme.upkeep",
  "DTSTAMP:20261115T120000Z",
  "DTSTART:20261219T230000Z",
  "DTEND:20270102T230000Z",
  "SEQUENCE:0",
  "SUMMARY:Freeze: Year-end freeze",
  "STATUS:CONFIRMED",
  "CATEGORIES:FREEZE",
  "TRANSP:TRANSPARENT",
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\r\n");

describe("icalFeed", () => {
  it("matches the golden feed: UTC times, stable UIDs, escaping, folding, CRLF", () => {
    const feed = icalFeed(windows, {
      now: new Date("2026-11-15T12:00:00Z"),
      name: "acme/app maintenance",
      uidDomain: "app.acme.upkeep",
    });
    expect(feed).toBe(GOLDEN);
  });

  it("keeps every line within 75 octets and never splits a UTF-8 character", () => {
    const feed = icalFeed(windows, { now: new Date("2026-11-15T12:00:00Z") });
    const enc = new TextEncoder();
    for (const line of feed.split("\r\n")) expect(enc.encode(line).length).toBeLessThanOrEqual(75);
    expect(feed.includes("\n") && !/[^\r]\n/.test(feed)).toBe(true);
    const unfolded = feed.replace(/\r\n /g, "");
    expect(unfolded).toContain("Zürich → Frankfurt: étape 1");
  });

  it.each([
    ["a,b;c\\d", "a\\,b\\;c\\\\d"],
    ["line1\r\nline2\nline3", "line1\\nline2\\nline3"],
  ])("escapes %j", (input, output) => {
    expect(escapeIcalText(input)).toBe(output);
  });

  it("folds a line of multi-byte characters on character boundaries", () => {
    const folded = foldIcalLine(`SUMMARY:${"€".repeat(40)}`);
    const [first, second] = folded.split("\r\n");
    expect(new TextEncoder().encode(first).length).toBe(74); // 8 + 22 × 3: a 23rd € would make 77
    expect(second).toBe(` ${"€".repeat(18)}`);
  });

  it("gives the same bytes for the same windows in any order", () => {
    const now = new Date("2026-11-15T12:00:00Z");
    expect(icalFeed([...windows].reverse(), { now })).toBe(icalFeed(windows, { now }));
  });
});
