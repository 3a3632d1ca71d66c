import { afterAll, describe, expect, it } from "vitest";
import { cli, tempTree } from "../cli/helpers.js";

const tree = tempTree({
  "repo/.github/upkeep.yml": "maintenance:\n  timezone: Europe/Berlin\n",
  "repo/.github/maintenance/db.yml":
    "title: Database upgrade\nstart: 2026-12-01 03:00\nduration: 2h\nimpact: API read-only\n",
  "bad/.github/maintenance/db.yml": "title: Database upgrade\nstart: tomorrow\nduration: 2h\n",
});
afterAll(() => tree.cleanup());

describe("upkeep maintenance ical", () => {
  it("prints the feed of the window files, local times read in the configured zone", async () => {
    const r = await cli(["maintenance", "ical", "--repo", "acme/app"], {
      cwd: `${tree.dir}/repo`,
      env: { UPKEEP_NOW: "2026-11-20T00:00:00Z" },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\r\n")).toEqual([
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Upkeep//Maintenance windows//EN",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "X-WR-CALNAME:acme/app maintenance",
      "BEGIN:VEVENT",
      "UID:maintenance-db@app.acme.upkeep",
      "DTSTAMP:20261120T000000Z",
      "DTSTART:20261201T020000Z",
      "DTEND:20261201T040000Z",
      "SEQUENCE:0",
      "SUMMARY:Database upgrade",
      "DESCRIPTION:Impact: API read-only",
      "STATUS:CONFIRMED",
      "CATEGORIES:MAINTENANCE",
      "TRANSP:OPAQUE",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ]);
  });

  it("reads another directory with --dir and exits 2 naming file:line:col on a bad window", async () => {
    const r = await cli(["maintenance", "ical", "--dir", "../bad"], { cwd: `${tree.dir}/repo` });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/\.github\/maintenance\/db\.yml:2:8: start: "tomorrow" is not a date and time/);
  });

  it("prints an empty calendar when there are no window files", async () => {
    const r = await cli(["maintenance", "ical"], { cwd: tree.dir, env: { UPKEEP_NOW: "2026-11-20T00:00:00Z" } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("BEGIN:VCALENDAR\r\n");
    expect(r.stdout).not.toContain("VEVENT");
  });
});
