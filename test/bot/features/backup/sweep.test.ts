// The bot's backup feature in a sweep: the config's sets verified at most once a day, the plan from the
// real engine on real files, nothing planned when the repository has no backup sets.

import { EVIDENCE_KEY } from "@upkeep/shared/backup/issues.js";
import { loadConfig } from "@upkeep/shared/config/load.js";
import { withMarker } from "@upkeep/shared/github/markers.js";
import { silentLogger } from "@upkeep/shared/logger.js";
import type { IssueSnapshot } from "@upkeep/shared/plan/types.js";
import { afterAll, describe, expect, it } from "vitest";
import { backupFeature } from "../../../../bot/src/features/backup/index.js";
import { sh, tempDir } from "../../../shared/backup/tools.js";

const t = tempDir("upkeep-bot-backup-");
afterAll(() => t.cleanup());

async function context(yaml: string, issues: IssueSnapshot[], now: string) {
  const config = await loadConfig({
    source: { read: async (_repo, path) => ({ text: yaml, file: path }) },
  });
  return {
    repo: { owner: "o", name: "r" },
    fullName: "o/r",
    files: { sha: "abc", readAt: 0, config, maintenance: new Map() },
    issues,
    now: new Date(now),
    logger: silentLogger,
  };
}

describe("backup feature sweep", () => {
  it("plans nothing without backup sets", async () => {
    const plan = await backupFeature.sweep!(await context("{}\n", [], "2026-12-08T06:00:00Z"));
    expect(plan.steps).toEqual([]);
  });

  it("verifies the sets when due and opens an issue for a set that has no backup; not again within a day", async () => {
    sh("mkdir -p empty", t.dir);
    const yaml = `backups:\n  sets:\n    - name: nightly\n      location: ${t.dir}/empty\n`;
    const plan = await backupFeature.sweep!(await context(yaml, [], "2026-12-08T06:00:00Z"));
    expect(plan.steps.map((s) => [s.kind, "title" in s ? s.title : s.key])).toEqual([
      ["create-issue", "Backups failing: nightly"],
      ["create-issue", "Backup verification evidence"],
    ]);
    const tracking: IssueSnapshot = {
      number: 1,
      title: "Backup verification evidence",
      body: withMarker("x", EVIDENCE_KEY, { lastRun: "2026-12-08T06:00:00Z" }),
      state: "open",
      labels: ["backup"],
      createdAt: "2026-12-08T06:00:00Z",
      closedAt: null,
    };
    const later = await backupFeature.sweep!(await context(yaml, [tracking], "2026-12-08T18:00:00Z"));
    expect(later.steps).toEqual([]);
    const nextDay = await backupFeature.sweep!(await context(yaml, [tracking], "2026-12-09T07:00:00Z"));
    expect(nextDay.steps.map((s) => s.kind)).toEqual(["create-issue", "update-issue"]);
  });

  it("keeps the coverage state in the tracking issue, so a sample rotates from one day's run to the next", async () => {
    sh("mkdir -p rot && for d in 05 06 07 08; do echo $d > rot/app-2026-12-$d.txt; done", t.dir);
    const yaml = `backups:\n  sets:\n    - name: rot\n      location: ${t.dir}/rot\n      checksums: none\n      maxAge: 5d\n      sample: 1/2\n`;
    let issues: IssueSnapshot[] = [];
    const verifiedPerRun: string[][] = [];
    for (const now of ["2026-12-08T06:00:00Z", "2026-12-09T06:00:00Z", "2026-12-10T06:00:00Z"]) {
      const plan = await backupFeature.sweep!(await context(yaml, issues, now));
      const step = plan.steps.find((s) => ("key" in s && s.key === EVIDENCE_KEY) || s.key === `${EVIDENCE_KEY}:run`)!;
      const payload = (
        step.kind === "create-issue" ? step.payload : step.kind === "update-issue" ? step.record?.patch : undefined
      ) as {
        lastRun: string;
        coverage: [string, string][];
      };
      // what this run verified: the entries stamped with its time
      verifiedPerRun.push(
        payload.coverage
          .filter(([, at]) => at === now.replace("Z", ".000Z"))
          .map(([k]) => k.split("\u0000")[1]!)
          .sort(),
      );
      issues = [
        {
          number: 1,
          title: "Backup verification evidence",
          body: withMarker("x", EVIDENCE_KEY, payload),
          state: "open",
          labels: ["backup"],
          createdAt: "2026-12-08T06:00:00Z",
          closedAt: null,
        },
      ];
    }
    expect(verifiedPerRun).toEqual([
      ["app-2026-12-07.txt", "app-2026-12-08.txt"],
      ["app-2026-12-05.txt", "app-2026-12-06.txt"],
      ["app-2026-12-07.txt", "app-2026-12-08.txt"],
    ]);
  });
});
