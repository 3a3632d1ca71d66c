// Audits through a fake clock: one issue per period, reminders once each, completion by checklist, reopen.

import { auditHistory, renderAuditHistoryCsv, renderAuditHistoryMarkdown } from "@upkeep/shared/audits/history.js";
import { planAudits } from "@upkeep/shared/audits/planner.js";
import type { AuditConfig } from "@upkeep/shared/config/types.js";
import { executePlanWith } from "@upkeep/shared/plan/execute.js";
import { describe, expect, it } from "vitest";
import { type MemoryGitHub, memoryGitHub } from "../plan/memory-backend.js";

const SECURITY: AuditConfig = {
  id: "security",
  title: "Security audit",
  schedule: "quarterly",
  timezone: "America/New_York",
  checklist: ["Penetration test", "Code review", "Dependency review", "Compliance check"],
  assignees: ["alice"],
  labels: ["audit"],
  dueDays: 30,
};
const OPTIONS = { repo: "acme/app", patchCheckUrl: "https://github.com/acme/app/actions/workflows/patch-check.yml" };

async function sweep(gh: MemoryGitHub, audits: AuditConfig[], now: Date) {
  gh.setNow(now);
  const plan = planAudits(audits, gh.snapshots(), now, OPTIONS);
  const results = await executePlanWith(gh, plan);
  expect(results.filter((r) => r.outcome === "failed")).toEqual([]);
  expect(planAudits(audits, gh.snapshots(), now, OPTIONS).steps).toEqual([]);
}

function tick(gh: MemoryGitHub, n: number, items: number) {
  const issue = gh.issues.find((i) => i.number === n)!;
  let left = items;
  issue.body = issue.body.replace(/- \[ \]/g, (m) => (left-- > 0 ? "- [x]" : m));
}

describe("planAudits", () => {
  it("opens one issue per period with checklist, due date and patch-check link", () => {
    const plan = planAudits([SECURITY], [], new Date("2026-10-01T12:00:00Z"), OPTIONS);
    expect(plan.steps).toHaveLength(1);
    const step = plan.steps[0]!;
    expect(step).toMatchObject({
      kind: "create-issue",
      key: "audit/security/2026-Q4",
      title: "Security audit — Q4 2026",
      labels: ["audit"],
      assignees: ["alice"],
    });
    if (step.kind !== "create-issue") return;
    expect(step.body).toContain(
      "- [ ] Penetration test\n- [ ] Code review\n- [ ] Dependency review\n- [ ] Compliance check",
    );
    // Q4 starts at midnight in New York (04:00Z, EDT); due 30 local days later, after the clocks went back.
    expect(step.body).toContain("**Due:** 2026-10-31 (2026-10-31 00:00 (UTC-04:00))");
    expect(step.body).toContain(`Latest patch-check results: ${OPTIONS.patchCheckUrl}`);
    expect(step.payload).toMatchObject({
      start: "2026-10-01T04:00:00.000Z",
      due: "2026-10-31T04:00:00.000Z",
      period: "2026-Q4",
    });
  });

  it("walks two quarters: reminders at due−7d, due−1d and overdue once each, then completion and a new period", async () => {
    const gh = memoryGitHub();
    // 04:00Z is midnight in New York: an hour earlier it is still Q3 there.
    expect(planAudits([SECURITY], [], new Date("2026-10-01T03:00:00Z"), OPTIONS).steps[0]?.key).toBe(
      "audit/security/2026-Q3",
    );
    const start = Date.parse("2026-10-01T04:00:00Z");
    for (let t = start; t < Date.parse("2026-11-05T00:00:00Z"); t += 3_600_000)
      await sweep(gh, [SECURITY], new Date(t));
    const q4 = gh.issues[0]!;
    expect(gh.issues).toHaveLength(1);
    expect(
      q4.comments.map((c) => [
        c.createdAt,
        c.body
          .split("\n")[0]!
          .replace(/<!--.*-->/, "")
          .trim(),
      ]),
    ).toEqual([
      [
        "2026-10-24T04:00:00.000Z",
        "⏰ Reminder: this audit is due in a week, 2026-10-31 (2026-10-31 00:00 (UTC-04:00)).",
      ],
      [
        "2026-10-30T04:00:00.000Z",
        "⏰ Reminder: this audit is due tomorrow, 2026-10-31 (2026-10-31 00:00 (UTC-04:00)).",
      ],
      ["2026-10-31T04:00:00.000Z", "🚨 This audit is overdue: it was due 2026-10-31 (2026-10-31 00:00 (UTC-04:00))."],
    ]);
    expect(q4.labels).toEqual(["audit", "overdue"]);
    tick(gh, 1, 3);
    await sweep(gh, [SECURITY], new Date("2026-11-10T00:00:00Z"));
    expect(q4.state).toBe("open");
    tick(gh, 1, 1);
    await sweep(gh, [SECURITY], new Date("2026-11-12T15:00:00Z"));
    expect(q4).toMatchObject({ state: "closed", stateReason: "completed", labels: ["audit"] });
    expect(q4.comments.at(-1)!.body).toMatch(
      /^✅ Every item is done: audit Q4 2026 completed late \(due 2026-10-31\)\./,
    );
    for (let t = Date.parse("2026-12-01T00:00:00Z"); t < Date.parse("2027-01-02T00:00:00Z"); t += 6 * 3_600_000) {
      await sweep(gh, [SECURITY], new Date(t));
    }
    expect(gh.issues.map((i) => i.title)).toEqual(["Security audit — Q4 2026", "Security audit — Q1 2027"]);
  });

  it("resumes tracking when a completed audit is reopened", async () => {
    const gh = memoryGitHub();
    await sweep(gh, [SECURITY], new Date("2026-10-02T00:00:00Z"));
    tick(gh, 1, 4);
    await sweep(gh, [SECURITY], new Date("2026-10-05T00:00:00Z"));
    const issue = gh.issues[0]!;
    expect(issue.state).toBe("closed");
    issue.state = "open";
    issue.body = issue.body.replace("- [x] Compliance check", "- [ ] Compliance check");
    await sweep(gh, [SECURITY], new Date("2026-10-06T00:00:00Z"));
    expect(issue.comments.at(-1)!.body).toMatch(/^🔄 Reopened/);
    await sweep(gh, [SECURITY], new Date("2026-10-25T00:00:00Z"));
    expect(issue.comments.at(-1)!.body).toMatch(/^⏰ Reminder: this audit is due in a week/);
    tick(gh, 1, 1);
    await sweep(gh, [SECURITY], new Date("2026-10-26T00:00:00Z"));
    expect(issue.state).toBe("closed");
    expect(issue.comments.filter((c) => c.body.startsWith("✅"))).toHaveLength(2);
  });

  it("leaves an audit a human closed without ticking the boxes alone", async () => {
    const gh = memoryGitHub();
    await sweep(gh, [SECURITY], new Date("2026-10-02T00:00:00Z"));
    gh.issues[0]!.state = "closed";
    await sweep(gh, [SECURITY], new Date("2026-11-02T00:00:00Z"));
    expect(gh.issues[0]!.comments).toEqual([]);
  });

  it.each([
    ["monthly", "2026-11-20T00:00:00Z", "audit/access/2026-11"],
    ["yearly", "2026-11-20T00:00:00Z", "audit/access/2026"],
    ["0 9 1 * *", "2026-11-20T00:00:00Z", "audit/access/2026-11-01"],
  ])("keys the %s schedule's period", (schedule, at, key) => {
    const audit = { ...SECURITY, id: "access", schedule, timezone: "UTC" };
    expect(planAudits([audit], [], new Date(at), OPTIONS).steps[0]?.key).toBe(key);
  });

  it("reports the history as Markdown and CSV", async () => {
    const gh = memoryGitHub();
    await sweep(gh, [SECURITY], new Date("2026-10-02T00:00:00Z"));
    tick(gh, 1, 4);
    await sweep(gh, [SECURITY], new Date("2026-10-20T00:00:00Z"));
    await sweep(gh, [SECURITY], new Date("2027-01-02T00:00:00Z"));
    const snapshots = gh.snapshots().map((s) => (s.number === 1 ? { ...s, closedBy: "alice" } : s));
    const rows = auditHistory(snapshots, new Date("2027-03-01T00:00:00Z"));
    expect(rows.map((r) => [r.period, r.result, r.closedBy])).toEqual([
      ["2026-Q4", "on time", "alice"],
      ["2027-Q1", "overdue", null],
    ]);
    expect(renderAuditHistoryMarkdown(rows)).toBe(
      [
        "## Audit history",
        "",
        "| Audit | Period | Issue | Opened | Due | Closed | Closed by | Result |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        "| security | 2026-Q4 | [#1](https://github.example/acme/app/issues/1) | 2026-10-02 | 2026-10-31 | 2026-10-20 | @alice | on time |",
        "| security | 2027-Q1 | [#2](https://github.example/acme/app/issues/2) | 2027-01-02 | 2027-01-31 |  |  | overdue |",
        "",
        "1 of 2 periods closed, 1 on time.",
        "",
      ].join("\n"),
    );
    const csv = renderAuditHistoryCsv(rows).split("\r\n");
    expect(csv[0]).toBe("audit,period,issue,title,url,opened,due,closed,closed_by,result");
    expect(csv[1]).toBe(
      "security,2026-Q4,1,Security audit — Q4 2026,https://github.example/acme/app/issues/1,2026-10-02T00:00:00.000Z,2026-10-31T04:00:00.000Z,2026-10-20T00:00:00.000Z,alice,on time",
    );
  });
});
