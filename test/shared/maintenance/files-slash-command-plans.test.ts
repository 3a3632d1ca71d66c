import { ConfigError } from "@upkeep/shared/errors.js";
import { loadMaintenanceWindows, parseMaintenanceFile } from "@upkeep/shared/maintenance/files.js";
import {
  commandWindowId,
  planMaintenanceCommand,
  planParseReply,
} from "@upkeep/shared/maintenance/slash-command-plans.js";
import { executePlanWith } from "@upkeep/shared/plan/execute.js";
import { describe, expect, it } from "vitest";
import { memoryFs } from "../../helpers/memory-fs.js";
import { memoryGitHub } from "../plan/memory-backend.js";

// The parse time only matters for `repeat` windows (none here).
const PARSED_AT = new Date("2026-10-01T00:00:00Z");

const CONFIG = { reminders: ["72h", "24h", "1h"], label: "maintenance", pin: true, timezone: "Europe/Berlin" };

describe("maintenance files", () => {
  it("reads one window, several windows and repeating windows", () => {
    const one = parseMaintenanceFile(
      "title: DB\nstart: 2026-12-01T02:00Z\nduration: 2h\nimpact: read-only\n",
      ".github/maintenance/db.yml",
      { now: PARSED_AT },
    );
    expect(one).toMatchObject([
      {
        id: "db",
        title: "DB",
        kind: "maintenance",
        impact: "read-only",
        status: "scheduled",
        file: ".github/maintenance/db.yml",
        line: 1,
      },
    ]);
    expect(one[0]!.end.toISOString()).toBe("2026-12-01T04:00:00.000Z");
    const many = parseMaintenanceFile(
      "windows:\n  - title: A\n    start: 2026-12-01 02:00\n    end: 2026-12-01 03:00\n    timezone: Europe/Berlin\n  - title: B\n    kind: freeze\n    start: 2026-12-20\n    duration: 1w\n",
      "x/Ops Plan.yaml",
      { now: PARSED_AT },
    );
    expect(many.map((w) => [w.id, w.kind, w.start.toISOString(), w.line])).toEqual([
      ["ops-plan", "maintenance", "2026-12-01T01:00:00.000Z", 2],
      ["ops-plan-2", "freeze", "2026-12-20T00:00:00.000Z", 6],
    ]);
    const weekly = parseMaintenanceFile(
      "title: Patch night\nrepeat: 0 22 * * 3\nduration: 2h\ntimezone: America/New_York\n",
      "patch-night.yml",
      {
        now: new Date("2026-10-28T00:00:00Z"),
        horizonDays: 14,
      },
    );
    expect(weekly.map((w) => [w.id, w.start.toISOString()])).toEqual([
      ["patch-night-20261029-0200", "2026-10-29T02:00:00.000Z"],
      ["patch-night-20261105-0300", "2026-11-05T03:00:00.000Z"],
    ]);
  });

  it.each([
    ["title: x\nstart: 2026-12-01T02:00Z\n", 'f.yml:1:1: end: missing "end" or "duration" (e.g. duration: 2h)'],
    ["title: x\nstart: soon\nduration: 2h\n", 'f.yml:2:8: start: "soon" is not a date and time'],
    ["title: x\nstart: 2026-12-01T02:00Z\nduration: 2 hours\n", 'f.yml:3:11: duration: "2 hours" is not a duration'],
    [
      "title: x\nstart: 2026-12-01T02:00Z\nduration: 2h\ntimezone: Berlin\n",
      'f.yml:4:11: timezone: unknown time zone "Berlin"',
    ],
    [
      "title: x\nstart: 2026-12-01T02:00Z\nduration: 2h\nkind: outage\n",
      'f.yml:4:7: kind: expected maintenance or freeze, got "outage"',
    ],
    ["title: x\nstart: 2026-12-01T02:00Z\nend: 2026-12-01T01:00Z\n", 'f.yml:3:6: end: "end" is not after "start"'],
    ["title: x\nstart: 2026-12-01T02:00Z\nduration: 2h\nimpcat: y\n", 'f.yml:4:1: impcat: unknown key "impcat"'],
    ["title: [x\n", "f.yml:1:1: Flow sequence in block collection must be sufficiently indented and end with a ]"],
    [
      "windows:\n  - title: a\n    start: 2026-10-25 02:30\n    duration: 1h\n    timezone: Europe/Berlin\n",
      "f.yml:3:12: windows[0].start: 2026-10-25 02:30 in Europe/Berlin happens twice",
    ],
  ])("reports %j at file:line:col", (text, message) => {
    let error: unknown;
    try {
      parseMaintenanceFile(text, "f.yml", { now: PARSED_AT });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message.startsWith(message)).toBe(true);
  });

  it("loads every file, keeping good windows when another file is bad", async () => {
    const fs = memoryFs({
      ".github/maintenance/a.yml": "title: A\nstart: 2026-12-01T02:00Z\nduration: 2h\n",
      ".github/maintenance/b.yml": "title: B\nstart: nope\nduration: 2h\n",
      ".github/maintenance/README.md": "not a window",
    });
    // "./" because test/helpers/memory-fs.ts strips a leading "." from `dir` (it would read "github/...").
    const { windows, problems, files } = await loadMaintenanceWindows(fs, {
      dir: "./.github/maintenance",
      now: PARSED_AT,
    });
    expect(windows.map((w) => w.id)).toEqual(["a"]);
    expect(problems).toMatchObject([{ file: ".github/maintenance/b.yml", line: 2, key: "start" }]);
    expect(files).toEqual([".github/maintenance/a.yml", ".github/maintenance/b.yml"]);
  });
});

describe("planMaintenanceCommand", () => {
  const base = { repo: "acme/app", issueNumber: 5, actor: "alice", now: new Date("2026-11-20T10:00:00Z") };

  it("schedules, reschedules and cancels a window; redelivered commands do nothing twice", async () => {
    const gh = memoryGitHub();
    gh.setNow(base.now);
    const start = new Date("2026-12-01T02:00:00Z");
    const schedule = () =>
      planMaintenanceCommand(
        { family: "maintenance", action: "schedule", start, durationMs: 7_200_000, title: "Database upgrade" },
        { ...base, commandId: "1", existingIssues: gh.snapshots() },
        CONFIG,
      );
    await executePlanWith(gh, schedule());
    expect(schedule().steps).toMatchObject([{ kind: "comment", body: "ℹ️ This window is already scheduled: #1." }]);
    const id = commandWindowId(start, "Database upgrade");
    expect(id).toBe("20261201-0200-database-upgrade");
    const announcement = gh.issues[0]!;
    expect(announcement.title).toBe("Maintenance: Database upgrade (2026-12-01 03:00 UTC+01:00)");
    const resched = planMaintenanceCommand(
      { family: "maintenance", action: "reschedule", start: new Date("2026-12-02T02:00:00Z") },
      { ...base, issueNumber: 1, commandId: "2", existingIssues: gh.snapshots() },
      CONFIG,
    );
    await executePlanWith(gh, resched);
    expect(announcement.title).toBe("Maintenance: Database upgrade (2026-12-02 03:00 UTC+01:00)");
    expect(announcement.body).toContain("| End | 2026-12-02 05:00 (UTC+01:00) |");
    const cancel = planMaintenanceCommand(
      { family: "maintenance", action: "cancel", reason: "vendor delay" },
      { ...base, commandId: "3", existingIssues: gh.snapshots() },
      CONFIG,
    );
    await executePlanWith(gh, cancel);
    expect(announcement).toMatchObject({ state: "closed", stateReason: "not_planned" });
    expect(announcement.comments.map((c) => c.body.split("\n")[0]!.replace(/<!--.*-->/, ""))).toEqual([
      "🔁 **Database upgrade** is rescheduled by @alice to 2026-12-02 03:00 (UTC+01:00) – 2026-12-02 05:00 (UTC+01:00).",
      "❌ **Database upgrade** is cancelled by @alice: vendor delay",
    ]);
    expect(gh.pinned).toEqual([]);
  });

  it.each([
    [
      {
        family: "maintenance" as const,
        action: "schedule" as const,
        start: new Date("2026-11-01T00:00:00Z"),
        durationMs: 3_600_000,
        title: "x",
      },
      /is in the past/,
    ],
    [
      { family: "maintenance" as const, action: "cancel" as const, id: "nope" },
      /there is no maintenance window `nope`/,
    ],
    [{ family: "maintenance" as const, action: "cancel" as const }, /there is no scheduled maintenance window/],
  ])("answers a command it cannot do (%#)", (command, reply) => {
    const plan = planMaintenanceCommand(command, { ...base, commandId: "9", existingIssues: [] }, CONFIG);
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]).toMatchObject({ kind: "comment", key: "command/9/reply", issue: 5 });
    expect((plan.steps[0] as { body: string }).body).toMatch(reply);
  });

  it("replies to invalid and rejected commands, but never to bots", () => {
    const ctx = { repo: "acme/app", issueNumber: 5, commandId: "7" };
    expect(
      planParseReply(
        { kind: "invalid", family: "maintenance", reason: "the title is missing", usage: "/maintenance schedule ..." },
        ctx,
      ).steps[0],
    ).toMatchObject({
      body: "⚠️ the title is missing.\n\nUsage:\n```\n/maintenance schedule ...\n```",
    });
    expect(planParseReply({ kind: "rejected", family: "incident", reason: "x", silent: true }, ctx).steps).toEqual([]);
    expect(planParseReply({ kind: "none" }, ctx).steps).toEqual([]);
  });
});
