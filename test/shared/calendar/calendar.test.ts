import { describeDuration, formatDuration, parseDuration } from "@upkeep/shared/calendar/duration.js";
import { cronOccurrences, periodAt } from "@upkeep/shared/calendar/periods.js";
import { activeWindow, type CalendarWindow } from "@upkeep/shared/calendar/window.js";
import { addLocalDays, formatInZone, fromZonedTime, parseDateTime } from "@upkeep/shared/calendar/zoned-time.js";
import { describe, expect, it } from "vitest";

describe("durations", () => {
  it.each([
    ["2h", 7_200_000, "2h"],
    ["90m", 5_400_000, "1h30m"],
    ["1h30m", 5_400_000, "1h30m"],
    ["72h", 259_200_000, "3d"],
    ["1d12h", 129_600_000, "1d12h"],
    ["1w", 604_800_000, "7d"],
  ])("%s = %d ms, written %s", (text, ms, formatted) => {
    expect(parseDuration(text)).toBe(ms);
    expect(formatDuration(ms)).toBe(formatted);
  });

  it.each(["", "2", "h", "2x", "30m2h", "1.5h", "-2h", "0m", "2 h"])("rejects %j", (text) => {
    expect(() => parseDuration(text)).toThrow(/duration/);
  });

  it("describes durations for humans", () => {
    expect(describeDuration(93_600_000)).toBe("1 day 2 hours");
    expect(describeDuration(60_000)).toBe("1 minute");
  });
});

describe("time zones (Intl, DST-correct)", () => {
  it.each([
    ["Europe/Berlin", { year: 2026, month: 3, day: 29, hour: 1, minute: 30 }, "2026-03-29T00:30:00.000Z"],
    ["Europe/Berlin", { year: 2026, month: 3, day: 29, hour: 3, minute: 0 }, "2026-03-29T01:00:00.000Z"],
    ["Europe/Berlin", { year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, "2026-03-29T01:30:00.000Z"], // gap: moved forward
    ["Europe/Berlin", { year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, "2026-10-25T00:30:00.000Z"], // overlap: earlier
    ["America/New_York", { year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, "2026-03-08T07:30:00.000Z"],
    ["America/New_York", { year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, "2026-11-01T05:30:00.000Z"],
    ["UTC", { year: 2026, month: 12, day: 1, hour: 2, minute: 0 }, "2026-12-01T02:00:00.000Z"],
  ])("%s %o → %s", (tz, wall, iso) => {
    expect(fromZonedTime(wall, tz).toISOString()).toBe(iso);
  });

  it("picks the later of two times on request and rejects on request", () => {
    const wall = { year: 2026, month: 11, day: 1, hour: 1, minute: 30 };
    expect(fromZonedTime(wall, "America/New_York", "later").toISOString()).toBe("2026-11-01T06:30:00.000Z");
    expect(() => fromZonedTime(wall, "America/New_York", "reject")).toThrow(/happens twice/);
  });

  it("adds calendar days across DST (23- and 25-hour days)", () => {
    const before = new Date("2026-03-28T09:00:00Z"); // 10:00 CET
    expect(addLocalDays(before, 1, "Europe/Berlin").toISOString()).toBe("2026-03-29T08:00:00.000Z"); // 10:00 CEST
    expect(addLocalDays(new Date("2026-10-31T13:00:00Z"), 1, "America/New_York").toISOString()).toBe(
      "2026-11-01T14:00:00.000Z",
    );
  });

  it("formats with the offset in effect and parses offsets and local times", () => {
    expect(formatInZone(new Date("2026-07-01T10:00:00Z"), "America/New_York")).toBe("2026-07-01 06:00 (UTC-04:00)");
    expect(formatInZone(new Date("2026-12-01T10:00:00Z"), "America/New_York")).toBe("2026-12-01 05:00 (UTC-05:00)");
    expect(formatInZone(new Date("2026-12-01T10:00:00Z"), "UTC")).toBe("2026-12-01 10:00 (UTC)");
    expect(parseDateTime("2026-12-01T03:00+0100", "UTC").toISOString()).toBe("2026-12-01T02:00:00.000Z");
    expect(parseDateTime("2026-07-01", "Europe/Berlin").toISOString()).toBe("2026-06-30T22:00:00.000Z");
    expect(() => parseDateTime("2026-12-01 02:00", "Mars/Olympus")).toThrow(/unknown time zone/);
  });
});

describe("periods", () => {
  it.each([
    [
      "monthly",
      "2026-11-15T12:00:00Z",
      "UTC",
      "2026-11",
      "November 2026",
      "2026-11-01T00:00:00.000Z",
      "2026-12-01T00:00:00.000Z",
    ],
    [
      "quarterly",
      "2026-11-15T12:00:00Z",
      "UTC",
      "2026-Q4",
      "Q4 2026",
      "2026-10-01T00:00:00.000Z",
      "2027-01-01T00:00:00.000Z",
    ],
    ["yearly", "2026-11-15T12:00:00Z", "UTC", "2026", "2026", "2026-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
    // Local midnight: the Berlin quarter starts at 22:00Z the day before (CEST), the next at 23:00Z (CET).
    [
      "quarterly",
      "2026-09-30T22:30:00Z",
      "Europe/Berlin",
      "2026-Q4",
      "Q4 2026",
      "2026-09-30T22:00:00.000Z",
      "2026-12-31T23:00:00.000Z",
    ],
    [
      "monthly",
      "2026-11-01T03:00:00Z",
      "America/New_York",
      "2026-10",
      "October 2026",
      "2026-10-01T04:00:00.000Z",
      "2026-11-01T04:00:00.000Z",
    ],
    [
      "0 9 1 */3 *",
      "2026-11-15T12:00:00Z",
      "Europe/Berlin",
      "2026-10-01",
      "2026-10-01",
      "2026-10-01T07:00:00.000Z",
      "2027-01-01T08:00:00.000Z",
    ],
    [
      "0 9 * * 1",
      "2026-11-02T08:00:00Z",
      "Europe/Berlin",
      "2026-11-02",
      "2026-11-02",
      "2026-11-02T08:00:00.000Z",
      "2026-11-09T08:00:00.000Z",
    ],
  ])("%s at %s in %s → %s", (schedule, at, tz, id, label, start, end) => {
    const p = periodAt(schedule, new Date(at), tz);
    expect({ id: p.id, label: p.label, start: p.start.toISOString(), end: p.end.toISOString() }).toEqual({
      id,
      label,
      start,
      end,
    });
  });

  it.each(["0 9 1 *", "61 9 * * *", "weekly", "* * * * * *"])("rejects the schedule %j", (schedule) => {
    expect(() => periodAt(schedule, new Date(), "UTC")).toThrow(/cron|five/);
  });

  it("lists cron occurrences in a zone, DST-correct (02:00 on the day the clocks go back: the first one)", () => {
    const starts = cronOccurrences(
      "0 2 * * 0",
      new Date("2026-10-18T00:00:00Z"),
      new Date("2026-11-02T00:00:00Z"),
      "Europe/Berlin",
    );
    expect(starts.map((d) => d.toISOString())).toEqual([
      "2026-10-18T00:00:00.000Z",
      "2026-10-25T00:00:00.000Z",
      "2026-11-01T01:00:00.000Z",
    ]);
  });
});

describe("activeWindow", () => {
  const w = (
    id: string,
    kind: "maintenance" | "freeze",
    start: string,
    end: string,
    status: CalendarWindow["status"] = "scheduled",
  ): CalendarWindow => ({
    id,
    kind,
    title: id,
    start: new Date(start),
    end: new Date(end),
    timezone: "UTC",
    impact: "",
    status,
  });
  const windows = [
    w("freeze", "freeze", "2026-12-20T00:00:00Z", "2027-01-03T00:00:00Z"),
    w("long-freeze", "freeze", "2026-12-24T00:00:00Z", "2027-01-10T00:00:00Z"),
    w("db", "maintenance", "2026-12-01T02:00:00Z", "2026-12-01T04:00:00Z"),
    w("off", "freeze", "2026-11-01T00:00:00Z", "2026-11-30T00:00:00Z", "cancelled"),
  ];
  it.each([
    ["2026-12-01T02:00:00Z", undefined, "db"],
    ["2026-12-01T04:00:00Z", undefined, undefined],
    ["2026-12-01T03:00:00Z", "freeze", undefined],
    ["2026-12-21T00:00:00Z", "freeze", "freeze"],
    ["2026-12-25T00:00:00Z", "freeze", "long-freeze"],
    ["2026-11-15T00:00:00Z", "freeze", undefined],
  ] as const)("at %s (kind %s) → %s", (at, kind, id) => {
    expect(activeWindow(windows, new Date(at), kind ? { kind } : {})?.id).toBe(id);
  });
});
