// `upkeep audits report` against the GitHub stand-in: audit issues written by the real planner and executor.

import { planAudits } from "@upkeep/shared/audits/planner.js";
import { createGitHubClient } from "@upkeep/shared/github/client.js";
import { executePlan } from "@upkeep/shared/plan/execute.js";
import { beforeAll, describe, expect, it } from "vitest";
import { useGitHubStandIn } from "../../stand-ins/github/use-github-stand-in.js";
import { cli } from "../cli/helpers.js";

const gh = useGitHubStandIn();
const audit = {
  id: "security",
  title: "Security audit",
  schedule: "quarterly",
  timezone: "UTC",
  checklist: ["Penetration test", "Code review"],
  assignees: [],
  labels: ["audit"],
  dueDays: 30,
};

beforeAll(async () => {
  gh().state.createRepo({ owner: "acme", name: "app" });
  const client = createGitHubClient({ baseUrl: gh().url, token: "t", writeIntervalMs: 0, retryAfterScaleMs: 1 });
  for (const at of ["2026-04-02T00:00:00Z", "2026-07-02T00:00:00Z"]) {
    await executePlan(client, planAudits([audit], [], new Date(at), { repo: "acme/app" }));
  }
  gh().state.addIssue("acme/app", { title: "not an audit", labels: ["audit"] });
  const [q2, q3] = gh().state.repo("acme/app").issues;
  q2!.state = "closed";
  q2!.closedAt = "2026-04-20T10:00:00Z";
  q3!.state = "closed";
  q3!.closedAt = "2026-08-15T10:00:00Z";
}, 30_000);

describe("upkeep audits report", () => {
  const env = () => ({ GITHUB_TOKEN: "t", GITHUB_API_URL: gh().url, UPKEEP_NOW: "2026-09-01T00:00:00Z" });

  it("prints the history as Markdown", async () => {
    const r = await cli(["audits", "report", "--repo", "acme/app"], { cwd: "/", env: env() });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const rows = r.stdout.split("\n").filter((l) => l.startsWith("| security"));
    expect(rows.map((l) => l.split(" | ").slice(1, 2).concat(l.split(" | ").slice(-1)))).toEqual([
      ["2026-Q2", "on time |"],
      ["2026-Q3", "late |"],
    ]);
    expect(r.stdout).toMatch(/^## Audit history of acme\/app\n/);
    expect(r.stdout).toContain("2 of 2 periods closed, 1 on time.");
  });

  it("prints CSV with --csv", async () => {
    const r = await cli(["audits", "report", "--repo", "acme/app", "--csv"], { cwd: "/", env: env() });
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\r\n");
    expect(lines[0]).toBe("audit,period,issue,title,url,opened,due,closed,closed_by,result");
    expect(lines.slice(1, 3).map((l) => l.split(",").slice(0, 2).concat(l.split(",").at(-1)!))).toEqual([
      ["security", "2026-Q2", "on time"],
      ["security", "2026-Q3", "late"],
    ]);
  });

  it.each([
    [["audits", "report"], { GITHUB_TOKEN: "t" }, /no repository given/],
    [["audits", "report", "--repo", "acme"], { GITHUB_TOKEN: "t" }, /"acme" is not owner\/name/],
    [["audits", "report", "--repo", "acme/app"], {}, /GITHUB_TOKEN is not set/],
  ])("exits 2 on %j", async (argv, extra, message) => {
    const r = await cli(argv, { cwd: "/", env: extra });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
