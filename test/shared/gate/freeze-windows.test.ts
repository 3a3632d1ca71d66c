import { InputError } from "@upkeep/shared/errors.js";
import { activeFreeze } from "@upkeep/shared/gate/freeze-windows.js";
import type { FreezeSettings } from "@upkeep/shared/gate/types.js";
import { describe, expect, it } from "vitest";

const H = 3_600_000;
const weeklyRrule: FreezeSettings = {
  kind: "rrule",
  title: "weekend",
  rrule: "FREQ=WEEKLY;BYDAY=FR",
  start: "2026-01-02T18:00",
  durationMs: 62 * H,
  timezone: "Europe/Berlin",
};
const weeklyCron: FreezeSettings = {
  kind: "cron",
  title: "weekend",
  cron: "0 18 * * 5",
  durationMs: 62 * H,
  timezone: "Europe/Berlin",
};

describe("activeFreeze", () => {
  // Europe/Berlin: CET (+01:00) until 2026-03-29, CEST (+02:00) until 2026-10-25, CET again after.
  it.each([
    ["rrule, winter, 17:59 local", weeklyRrule, "2026-01-09T16:59:00Z", false],
    ["rrule, winter, 18:00 local", weeklyRrule, "2026-01-09T17:00:00Z", true],
    ["rrule, after DST began, 17:59 CEST", weeklyRrule, "2026-04-03T15:59:00Z", false],
    ["rrule, after DST began, 18:00 CEST", weeklyRrule, "2026-04-03T16:00:00Z", true],
    ["rrule, across the spring change: Sunday 23:00 CEST", weeklyRrule, "2026-03-29T21:00:00Z", true],
    ["rrule, 62 real hours after Friday 18:00 CET across the change", weeklyRrule, "2026-03-30T06:59:00Z", true],
    ["rrule, ended", weeklyRrule, "2026-03-30T07:00:00Z", false],
    ["cron, summer, 18:00 CEST", weeklyCron, "2026-10-23T16:00:00Z", true],
    ["cron, after DST ended, 17:30 CET", weeklyCron, "2026-10-30T16:30:00Z", false],
    ["cron, after DST ended, 18:30 CET", weeklyCron, "2026-10-30T17:30:00Z", true],
    ["cron, Monday after", weeklyCron, "2026-11-02T09:00:00Z", false],
  ] as const)("%s", (_name, freeze, at, active) => {
    expect(activeFreeze([freeze], new Date(at)) !== undefined).toBe(active);
  });

  it("a date range includes the whole last day in its zone", () => {
    const range: FreezeSettings = {
      kind: "range",
      title: "holidays",
      from: "2026-12-20",
      to: "2027-01-03",
      timezone: "America/New_York",
    };
    expect(activeFreeze([range], new Date("2026-12-20T04:59:00Z"))).toBeUndefined();
    expect(activeFreeze([range], new Date("2026-12-20T05:00:00Z"))?.title).toBe("holidays");
    expect(activeFreeze([range], new Date("2027-01-04T04:59:00Z"))).toBeDefined();
    expect(activeFreeze([range], new Date("2027-01-04T05:00:00Z"))).toBeUndefined();
  });

  it("names a bad RRULE", () => {
    const bad: FreezeSettings = { ...weeklyRrule, rrule: "FREQ=SOMETIMES" } as FreezeSettings;
    expect(() => activeFreeze([bad], new Date())).toThrow(InputError);
  });
});
