import { CONFIG_ERRORS_KEY, planConfigErrors, problemsDigest } from "@upkeep/shared/config/errors-planner.js";
import type { ConfigProblem } from "@upkeep/shared/errors.js";
import { formatMarker } from "@upkeep/shared/github/markers.js";
import type { IssueSnapshot } from "@upkeep/shared/plan/types.js";
import { describe, expect, it } from "vitest";

const problem: ConfigProblem = {
  file: "acme/app:.github/upkeep.yml",
  line: 2,
  column: 8,
  key: "maintenance.pin",
  message: "expected a boolean",
};
const other: ConfigProblem = { ...problem, line: 5, key: "audits[0].dueDays", message: "must be >= 1" };

function issue(state: "open" | "closed", problems: ConfigProblem[]): IssueSnapshot {
  return {
    number: 7,
    title: "Upkeep configuration",
    body: `text\n${formatMarker(CONFIG_ERRORS_KEY, { digest: state === "open" ? problemsDigest(problems) : "" })}`,
    state,
    labels: ["upkeep-config"],
    createdAt: "2026-11-01T00:00:00Z",
    closedAt: null,
  };
}

describe("planConfigErrors", () => {
  it.each([
    ["no problems, no issue", [], [], []],
    ["problems, no issue: open one", [problem], [], ["create-issue"]],
    ["the same problems already reported: nothing", [problem], [issue("open", [problem])], []],
    ["the problems changed: edit in place", [problem, other], [issue("open", [problem])], ["update-issue"]],
    ["broken again after a fix: reopen", [problem], [issue("closed", [problem])], ["update-issue"]],
    ["fixed: note and close", [], [issue("open", [problem])], ["comment", "update-issue"]],
    ["fixed and already closed: nothing", [], [issue("closed", [problem])], []],
  ] as const)("%s", (_name, problems, issues, kinds) => {
    const plan = planConfigErrors("acme/app", [...problems], [...issues]);
    expect(plan.steps.map((s) => s.kind)).toEqual(kinds);
  });

  it("lists every problem with file:line:col and reopens a closed issue", () => {
    const [step] = planConfigErrors("acme/app", [problem, other], [issue("closed", [problem])]).steps;
    expect(step).toMatchObject({ kind: "update-issue", state: "open", issue: 7 });
    const body = step?.kind === "update-issue" ? (step.body ?? "") : "";
    expect(body).toContain("`acme/app:.github/upkeep.yml:2:8` | `maintenance.pin` | expected a boolean");
    expect(body).toContain("`acme/app:.github/upkeep.yml:5:8` | `audits[0].dueDays` | must be >= 1");
  });
});
