// The maintenance planner driven by a fake clock through Q4 2026 (both DST changes, two time zones),
// with the real executor applying each plan to an in-memory GitHub.

import { findMarker } from "@upkeep/shared/github/markers.js";
import { type FileWindow, parseMaintenanceFile } from "@upkeep/shared/maintenance/files.js";
import { planMaintenance } from "@upkeep/shared/maintenance/planner.js";
import { planMaintenanceCommand } from "@upkeep/shared/maintenance/slash-command-plans.js";
import { executePlanWith } from "@upkeep/shared/plan/execute.js";
import { describe, expect, it } from "vitest";
import { type MemoryGitHub, memoryGitHub } from "../plan/memory-backend.js";

// The parse time only matters for `repeat` windows (none here).
const PARSED_AT = new Date("2026-10-01T00:00:00Z");

const CONFIG = { reminders: ["72h", "24h", "1h"], label: "maintenance", pin: true, timezone: "UTC" };
const REPO = "acme/app";

const FILES: Record<string, string> = {
  ".github/maintenance/berlin-db.yml":
    "title: Database upgrade\nstart: 2026-10-26 02:00\nduration: 2h\ntimezone: Europe/Berlin\nimpact: API read-only\n",
  ".github/maintenance/ny-network.yml":
    "title: Network switch\nstart: 2026-11-02 01:30\nend: 2026-11-02 03:00\ntimezone: America/New_York\n",
  ".github/maintenance/freeze.yml":
    "title: Year-end freeze\nkind: freeze\nstart: 2026-12-20\nduration: 2w\ntimezone: Europe/Berlin\n",
};

function fileWindows(): FileWindow[] {
  return Object.entries(FILES).flatMap(([file, text]) => parseMaintenanceFile(text, file, { now: PARSED_AT }));
}

/** One sweep: plan, apply, and check that planning again right away has nothing left to do. */
async function sweep(gh: MemoryGitHub, windows: FileWindow[], now: Date): Promise<number> {
  gh.setNow(now);
  const plan = planMaintenance(windows, gh.snapshots(), now, CONFIG, { repo: REPO });
  const results = await executePlanWith(gh, plan);
  expect(results.filter((r) => r.outcome === "failed")).toEqual([]);
  const again = planMaintenance(windows, gh.snapshots(), now, CONFIG, { repo: REPO });
  expect(again.steps).toEqual([]);
  return plan.steps.length;
}

function commentsOf(gh: MemoryGitHub, id: string) {
  const issue = gh.issues.find((i) => findMarker(i.body, `maintenance/${id}`));
  if (!issue) throw new Error(`no announcement for ${id}`);
  return issue.comments.map((c) => ({
    at: c.createdAt,
    text: c.body
      .split("\n")[0]!
      .replace(/<!--.*-->/, "")
      .trim(),
  }));
}

/** A comment as a short tag: `reminder 24h`, `started`, `completed`, `rescheduled`, `cancelled`. */
function tag(text: string): string {
  const m = /Reminder \((\w+) before\)/.exec(text);
  if (m) return `reminder ${m[1]}`;
  return /has started/.test(text) ? "started" : (/ is (\w+)/.exec(text)?.[1] ?? /changed/.exec(text)?.[0] ?? text);
}

describe("planMaintenance through Q4 2026", () => {
  it("announces, reminds once each in order, starts, completes, unpins and closes, across DST", async () => {
    const gh = memoryGitHub();
    // A human's pinned issue: Upkeep never touches it, and it leaves two pin slots.
    await gh.createIssue(REPO, { title: "Roadmap", body: "plans", labels: [], assignees: [] });
    gh.pinned.push(1);
    const windows = fileWindows();
    const start = Date.parse("2026-10-01T00:00:00Z");
    const end = Date.parse("2027-01-01T00:00:00Z");
    for (let t = start; t < end; t += 15 * 60_000) await sweep(gh, windows, new Date(t));

    // Berlin: 02:00 CET on 26 Oct is 01:00Z; 72 h before falls before the clocks went back on the 25th.
    expect(commentsOf(gh, "berlin-db")).toEqual([
      {
        at: "2026-10-23T01:00:00.000Z",
        text: expect.stringMatching(
          /^⏰ Reminder \(72h before\): \*\*Database upgrade\*\* starts in 3 days, at 2026-10-26 02:00 \(UTC\+01:00\)/,
        ),
      },
      { at: "2026-10-25T01:00:00.000Z", text: expect.stringMatching(/^⏰ Reminder \(24h before\)/) },
      { at: "2026-10-26T00:00:00.000Z", text: expect.stringMatching(/^⏰ Reminder \(1h before\)/) },
      { at: "2026-10-26T01:00:00.000Z", text: "🚧 **Database upgrade** has started." },
      { at: "2026-10-26T03:00:00.000Z", text: "✅ **Database upgrade** is completed." },
    ]);
    // New York: 01:30 EST on 2 Nov is 06:30Z; the 24 h reminder is on the day the clocks went back (1 Nov).
    expect(commentsOf(gh, "ny-network").map((c) => c.at)).toEqual([
      "2026-10-30T06:30:00.000Z",
      "2026-11-01T06:30:00.000Z",
      "2026-11-02T05:30:00.000Z",
      "2026-11-02T06:30:00.000Z",
      "2026-11-02T08:00:00.000Z",
    ]);
    const berlin = gh.issues.find((i) => i.title.startsWith("Maintenance: Database upgrade"))!;
    expect(berlin).toMatchObject({ state: "closed", stateReason: "completed", labels: ["maintenance"] });
    expect(berlin.body).toContain("| Status | ✅ Completed |");
    expect(berlin.body).toContain("| Start | 2026-10-26 02:00 (UTC+01:00) |");
    // The freeze runs into January: still in progress, not closed; it found three pins taken and recorded it.
    const freeze = gh.issues.find((i) => i.title.startsWith("Deploy freeze"))!;
    expect(freeze.state).toBe("open");
    expect(freeze.body).toContain("| Status | 🚧 In progress |");
    expect(findMarker(freeze.body, "maintenance/freeze")?.payload).toMatchObject({
      pin: "full",
      status: "in-progress",
    });
    // Upkeep unpinned only what it pinned; the human's pin stays.
    expect(gh.pinned).toEqual([1]);
    expect(gh.issues.filter((i) => i.title.startsWith("Maintenance:"))).toHaveLength(2);
  });

  it("sends a reminder missed while the bot was down once, late, and skips one whose window started", async () => {
    const gh = memoryGitHub();
    const windows = parseMaintenanceFile(
      FILES[".github/maintenance/berlin-db.yml"]!,
      ".github/maintenance/berlin-db.yml",
      { now: PARSED_AT },
    );
    await sweep(gh, windows, new Date("2026-10-20T00:00:00Z"));
    // Down from before the 72 h reminder until 30 h before: the 72 h one goes out late, once.
    await sweep(gh, windows, new Date("2026-10-24T19:00:00Z"));
    await sweep(gh, windows, new Date("2026-10-24T19:15:00Z"));
    // Down again over the 24 h and 1 h reminders and the start: no reminder after the start.
    await sweep(gh, windows, new Date("2026-10-26T01:30:00Z"));
    expect(commentsOf(gh, "berlin-db").map((c) => [c.at, tag(c.text)])).toEqual([
      ["2026-10-24T19:00:00.000Z", "reminder 72h"],
      ["2026-10-26T01:30:00.000Z", "started"],
    ]);
    const payload = findMarker(gh.issues[0]!.body, "maintenance/berlin-db")?.payload;
    expect(payload).toMatchObject({ reminders: { "r1/72h": "sent", "r1/24h": "skipped", "r1/1h": "skipped" } });
  });

  it("collapses several missed reminders into the latest one", async () => {
    const gh = memoryGitHub();
    const windows = parseMaintenanceFile(FILES[".github/maintenance/berlin-db.yml"]!, "berlin-db.yml", {
      now: PARSED_AT,
    });
    await sweep(gh, windows, new Date("2026-10-20T00:00:00Z"));
    await sweep(gh, windows, new Date("2026-10-25T12:00:00Z"));
    expect(commentsOf(gh, "berlin-db").map((c) => tag(c.text))).toEqual(["reminder 24h"]);
    expect(findMarker(gh.issues[0]!.body, "maintenance/berlin-db")?.payload).toMatchObject({
      reminders: { "r1/72h": "superseded", "r1/24h": "sent" },
    });
  });

  it("does not announce a window that is already over, and skips reminders that passed before the announcement", async () => {
    const windows = fileWindows();
    const late = planMaintenance(windows, [], new Date("2026-10-27T00:00:00Z"), CONFIG, { repo: REPO });
    expect(late.steps.map((s) => s.key)).not.toContain("maintenance/berlin-db");
    const gh = memoryGitHub();
    await sweep(gh, windows, new Date("2026-10-25T22:00:00Z"));
    await sweep(gh, windows, new Date("2026-10-26T00:00:00Z"));
    expect(commentsOf(gh, "berlin-db").map((c) => tag(c.text))).toEqual(["reminder 1h"]);
  });

  it("reschedules a file window whose times change, with reminders counted again", async () => {
    const gh = memoryGitHub();
    const file = ".github/maintenance/berlin-db.yml";
    await sweep(gh, parseMaintenanceFile(FILES[file]!, file, { now: PARSED_AT }), new Date("2026-10-24T00:00:00Z"));
    const moved = parseMaintenanceFile(FILES[file]!.replace("2026-10-26 02:00", "2026-11-03 02:00"), file, {
      now: PARSED_AT,
    });
    const plan = planMaintenance(moved, gh.snapshots(), new Date("2026-10-24T06:00:00Z"), CONFIG, { repo: REPO });
    expect(plan.steps.map((s) => `${s.kind} ${s.key}`)).toEqual([
      "update-issue maintenance/berlin-db/r2/edit",
      "comment maintenance/berlin-db/r2/rescheduled",
    ]);
    await sweep(gh, moved, new Date("2026-10-24T06:00:00Z"));
    await sweep(gh, moved, new Date("2026-10-31T01:00:00Z"));
    // The first 72 h reminder had passed when the window was announced; the moved window gets its own.
    const texts = commentsOf(gh, "berlin-db").map((c) => tag(c.text));
    expect(texts).toEqual(["changed", "reminder 72h"]);
    expect(gh.issues[0]!.title).toBe("Maintenance: Database upgrade (2026-11-03 02:00 UTC+01:00)");
  });

  it("cancels a window set to status: cancelled, closing it as not planned", async () => {
    const gh = memoryGitHub();
    const file = ".github/maintenance/berlin-db.yml";
    await sweep(gh, parseMaintenanceFile(FILES[file]!, file, { now: PARSED_AT }), new Date("2026-10-20T00:00:00Z"));
    await sweep(
      gh,
      parseMaintenanceFile(`${FILES[file]}status: cancelled\n`, file, { now: PARSED_AT }),
      new Date("2026-10-21T00:00:00Z"),
    );
    expect(gh.issues[0]).toMatchObject({ state: "closed", stateReason: "not_planned" });
    expect(gh.pinned).toEqual([]);
    expect(gh.issues[0]!.body).toContain("| Status | ❌ Cancelled |");
  });

  it("runs windows scheduled by command through the same sweep", async () => {
    const gh = memoryGitHub();
    const now = new Date("2026-11-20T10:00:00Z");
    gh.setNow(now);
    const scheduled = planMaintenanceCommand(
      {
        family: "maintenance",
        action: "schedule",
        start: new Date("2026-12-01T02:00:00Z"),
        durationMs: 7_200_000,
        title: "Database upgrade",
      },
      { repo: REPO, issueNumber: 99, commandId: "5001", actor: "alice", now, existingIssues: [] },
      CONFIG,
    );
    await gh.createIssue(REPO, { title: "ops", body: "", labels: [], assignees: [] });
    const issue99 = gh.issues[0]!;
    issue99.number = 99;
    await executePlanWith(gh, scheduled);
    expect(issue99.comments[0]?.body).toMatch(
      /^🗓️ Scheduled \*\*Database upgrade\*\* \(`20261201-0200-database-upgrade`\) for 2026-12-01 02:00 \(UTC\), 2 hours: #2\./,
    );
    for (let t = now.getTime(); t < Date.parse("2026-12-02T00:00:00Z"); t += 3_600_000)
      await sweep(gh, [], new Date(t));
    const announcement = gh.issues.find((i) => i.number === 2)!;
    expect(announcement.comments.map((c) => tag(c.body))).toEqual([
      "reminder 72h",
      "reminder 24h",
      "reminder 1h",
      "started",
      "completed",
    ]);
    expect(announcement.state).toBe("closed");
  });
});
