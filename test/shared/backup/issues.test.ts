// The bot's backup issues through the real plan executor on an in-memory GitHub: one issue per failing
// set, updated in place only when its findings change, closed with a comment on recovery; the tracking
// issue records each run and gets one drill-evidence comment per ISO week.
import { runBackupVerify } from "@upkeep/shared/backup/engine.js";
import { planBackupIssues } from "@upkeep/shared/backup/issues.js";
import { executePlanWith } from "@upkeep/shared/plan/execute.js";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { memoryGitHub } from "../plan/memory-backend.js";
import { realPorts, requireTools, sh, tempDir } from "./tools.js";

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});
beforeAll(() => requireTools(["gzip", "sqlite3"]));

describe("backup issues", () => {
  it("opens one issue per failing set, updates it in place, closes it on recovery", async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    sh(
      "mkdir app db && seq 1 1000 | gzip -c > app/app-2026-12-08.gz && sqlite3 x.db 'CREATE TABLE t(a)' '.backup db/db-2026-12-08.sqlite'",
      t.dir,
    );
    const gh = memoryGitHub();
    const sets = [
      { name: "app", location: `${t.dir}/app`, checksums: "none" as const },
      { name: "db", location: `${t.dir}/db`, checksums: "none" as const, maxAge: "30d", restore: { type: "sqlite" } },
    ];
    const step = async (now: string) => {
      gh.setNow(new Date(now));
      const r = await runBackupVerify({ sets, cwd: "/" }, realPorts(now));
      const plan = planBackupIssues(r.sets, r.report.findings, gh.snapshots(), {
        repo: "o/r",
        label: "backup",
        now: new Date(now),
      });
      const results = await executePlanWith(gh, plan);
      expect(results.filter((x) => x.outcome === "failed")).toEqual([]);
      return plan;
    };

    await step("2026-12-08T06:00:00Z");
    expect(gh.issues.map((i) => [i.title, i.state])).toEqual([["Backup verification evidence", "open"]]);
    expect(gh.issues[0]!.comments.map((c) => c.body.split("\n")[0])).toEqual(["### Restore drills, 2026-W50"]);

    // two days later app is stale: one issue
    await step("2026-12-10T06:00:00Z");
    const app = gh.issues.find((i) => i.title === "Backups failing: app")!;
    expect(app.state).toBe("open");
    expect(app.body).toContain("`backup/stale`");
    const writes = gh.writes.length;

    // same findings the next day: no write but the run record
    const same = await step("2026-12-11T06:00:00Z");
    expect(same.steps.filter((s) => s.kind !== "comment").map((s) => s.kind)).toEqual(["update-issue"]);
    expect(gh.writes.length - writes).toBeLessThanOrEqual(1);
    expect(gh.issues.filter((i) => i.title.startsWith("Backups failing"))).toHaveLength(1);

    // a truncated newer backup changes the findings: the same issue is updated
    sh("seq 1 1000 | gzip -c | head -c 200 > app/app-2026-12-11.gz", t.dir);
    await step("2026-12-11T07:00:00Z");
    expect(gh.issues.filter((i) => i.title.startsWith("Backups failing"))).toHaveLength(1);
    expect(app.body).toContain("`backup/unreadable`");
    expect(app.body).not.toContain("`backup/stale`");

    // recovery: a good backup replaces the damaged one
    sh("seq 1 1000 | gzip -c > app/app-2026-12-11.gz", t.dir);
    await step("2026-12-11T08:00:00Z");
    expect(app.state).toBe("closed");
    expect(app.comments.map((c) => c.body.split("\n")[0])).toEqual([
      expect.stringMatching(/^Recovered: \*\*app\*\* passes/),
    ]);

    // a week later: a second evidence comment, and the drill evidence lists the sqlite drill
    await step("2026-12-15T06:00:00Z");
    const evidence = gh.issues.find((i) => i.title === "Backup verification evidence")!;
    expect(evidence.comments.map((c) => c.body.split("\n")[0])).toEqual([
      "### Restore drills, 2026-W50",
      "### Restore drills, 2026-W51",
    ]);
    expect(evidence.comments[1]!.body).toMatch(/\| db \| sqlite \| .*db-2026-12-08\.sqlite \| passed \|/);
  });
});
