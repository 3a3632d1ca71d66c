import { findMarker } from "@upkeep/shared/github/markers.js";
import { planIncidentCommand } from "@upkeep/shared/incidents/planner.js";
import { executePlanWith } from "@upkeep/shared/plan/execute.js";
import { describe, expect, it } from "vitest";
import { memoryGitHub } from "../plan/memory-backend.js";

const CONFIG = {
  label: "incident",
  runbook: ["Assess impact", "Restore from backup", "Communicate", "Post-mortem"],
  pin: true,
};
const REPO = "acme/app";

describe("planIncidentCommand", () => {
  it("opens, updates the timeline, resolves with the duration; redeliveries change nothing twice", async () => {
    const gh = memoryGitHub();
    await gh.createIssue(REPO, { title: "ops chat", body: "", labels: [], assignees: [] });
    const ctx = (commandId: string, at: string, issueNumber = 1) => ({
      repo: REPO,
      issueNumber,
      commandId,
      actor: "alice",
      now: new Date(at),
      existingIssues: gh.snapshots(),
    });
    const open = planIncidentCommand(
      { family: "incident", action: "open", title: "API returns 502" },
      ctx("11", "2026-11-01T10:00:00Z"),
      CONFIG,
    );
    gh.setNow(new Date("2026-11-01T10:00:00Z"));
    await executePlanWith(gh, open);
    await executePlanWith(gh, open); // a redelivery
    expect(gh.issues).toHaveLength(2);
    const incident = gh.issues[1]!;
    expect(incident).toMatchObject({ title: "Incident: API returns 502", labels: ["incident"], state: "open" });
    expect(gh.pinned).toEqual([2]);
    expect(incident.body).toContain(
      "- [ ] Assess impact\n- [ ] Restore from backup\n- [ ] Communicate\n- [ ] Post-mortem",
    );
    expect(gh.issues[0]!.comments.map((c) => c.body.split("\n")[0])).toEqual([
      "🔥 Incident opened: #2. Post updates there with `/incident update <text>`.",
    ]);
    // A human ticks a runbook item; updates must keep the tick.
    incident.body = incident.body.replace("- [ ] Assess impact", "- [x] Assess impact");
    const update = planIncidentCommand(
      { family: "incident", action: "update", text: "Restoring from last night's backup" },
      ctx("12", "2026-11-01T10:40:00Z", 2),
      CONFIG,
    );
    await executePlanWith(gh, update);
    const replay = planIncidentCommand(
      { family: "incident", action: "update", text: "Restoring from last night's backup" },
      ctx("12", "2026-11-01T10:41:00Z", 2),
      CONFIG,
    );
    expect(replay.steps.map((s) => s.kind)).toEqual(["comment"]);
    await executePlanWith(gh, replay);
    expect(incident.body).toContain("- [x] Assess impact");
    expect(incident.body).toContain("- **2026-11-01 10:40 UTC** @alice: Restoring from last night's backup");
    expect(incident.comments.map((c) => c.body.split("\n")[0])).toEqual([
      "📝 Update by @alice: Restoring from last night's backup",
    ]);
    // Resolved from another issue: it is the only open incident.
    const resolve = planIncidentCommand(
      { family: "incident", action: "resolve" },
      ctx("13", "2026-11-01T13:12:00Z", 1),
      CONFIG,
    );
    gh.setNow(new Date("2026-11-01T13:12:00Z"));
    await executePlanWith(gh, resolve);
    expect(incident).toMatchObject({ state: "closed", stateReason: "completed" });
    expect(incident.comments.at(-1)!.body).toMatch(/^✅ Resolved by @alice after 3 hours 12 minutes\./);
    expect(incident.body).toContain("**Status:** ✅ Resolved 2026-11-01 13:12 UTC after 3 hours 12 minutes");
    expect(gh.pinned).toEqual([]);
    expect(findMarker(incident.body, "incident/c11")?.payload).toMatchObject({
      status: "resolved",
      pin: "unpinned",
      closed: true,
    });
    const again = planIncidentCommand(
      { family: "incident", action: "resolve" },
      ctx("14", "2026-11-01T14:00:00Z", 2),
      CONFIG,
    );
    expect(again.steps).toMatchObject([{ kind: "comment", body: "ℹ️ Incident #2 is already resolved." }]);
  });

  it("asks which incident when several are open and the command is not in one", async () => {
    const gh = memoryGitHub();
    for (const [id, title] of [
      ["1", "A"],
      ["2", "B"],
    ] as const) {
      await executePlanWith(
        gh,
        planIncidentCommand(
          { family: "incident", action: "open", title },
          { repo: REPO, issueNumber: 50, commandId: id, actor: "a", now: new Date(), existingIssues: gh.snapshots() },
          CONFIG,
        ),
      );
    }
    const plan = planIncidentCommand(
      { family: "incident", action: "update", text: "x" },
      { repo: REPO, issueNumber: 50, commandId: "3", actor: "a", now: new Date(), existingIssues: gh.snapshots() },
      CONFIG,
    );
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]).toMatchObject({ kind: "comment", issue: 50, key: "command/3/reply" });
    expect((plan.steps[0] as { body: string }).body).toMatch(/there are 2 open incidents \(#1, #2\)/);
  });
});
