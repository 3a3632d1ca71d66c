// The executor against the GitHub stand-in: idempotency by marker, races between two runs, pins, faults.

import { createGitHubClient, type GitHubClient } from "@upkeep/shared/github/client.js";
import { findMarker } from "@upkeep/shared/github/markers.js";
import { executePlan } from "@upkeep/shared/plan/execute.js";
import { renderPlan } from "@upkeep/shared/plan/render.js";
import type { Plan } from "@upkeep/shared/plan/types.js";
import { beforeAll, describe, expect, it } from "vitest";
import { loadGraphqlSchema } from "../../stand-ins/github/graphql.js";
import { useGitHubStandIn } from "../../stand-ins/github/use-github-stand-in.js";

const gh = useGitHubStandIn();
let client: GitHubClient;
let repoCount = 0;

beforeAll(() => {
  loadGraphqlSchema();
  client = createGitHubClient({ baseUrl: gh().url, token: "t", writeIntervalMs: 0, retryAfterScaleMs: 1 });
}, 30_000);

function freshRepo(): string {
  repoCount += 1;
  gh().state.createRepo({ owner: "acme", name: `app${repoCount}` });
  return `acme/app${repoCount}`;
}

function announcePlan(repo: string): Plan {
  const key = "maintenance/db";
  return {
    steps: [
      {
        kind: "create-issue",
        key,
        repo,
        title: "Maintenance: DB",
        body: "Status: scheduled",
        labels: ["maintenance"],
        assignees: [],
        payload: { status: "scheduled" },
      },
      { kind: "pin-issue", key: `${key}/pin`, repo, issue: { key }, markerKey: key },
      {
        kind: "comment",
        key: `${key}/reminder/24h`,
        repo,
        issue: { key },
        body: "Starts in 24 hours",
        record: { key, patch: { reminders: { "24h": "sent" } } },
      },
    ],
  };
}

describe("executePlan against the GitHub stand-in", () => {
  it("applies a plan once; the same plan again finds everything and writes nothing", async () => {
    const repo = freshRepo();
    const first = await executePlan(client, announcePlan(repo));
    expect(first.map((r) => r.outcome)).toEqual(["applied", "applied", "applied"]);
    const issues = gh().state.repo(repo).issues;
    expect(issues).toHaveLength(1);
    expect(findMarker(issues[0]!.body, "maintenance/db")?.payload).toEqual({
      status: "scheduled",
      pin: "upkeep",
      reminders: { "24h": "sent" },
    });
    expect(gh().state.repo(repo).pinned).toEqual([issues[0]!.number]);
    gh().resetLog();
    const second = await executePlan(client, announcePlan(repo));
    expect(second.map((r) => r.outcome)).toEqual(["skipped-exists", "skipped-exists", "skipped-exists"]);
    expect(gh().requests.filter((r) => r.method !== "GET" && !(r.method === "POST" && r.path === "/graphql"))).toEqual(
      [],
    );
    expect(gh().state.repo(repo).comments).toHaveLength(1);
  });

  it("two concurrent runs of the same plan leave exactly one issue and one comment", async () => {
    const repo = freshRepo();
    const [a, b] = await Promise.all([
      executePlan(client, announcePlan(repo)),
      executePlan(client, announcePlan(repo)),
    ]);
    const issues = gh().state.repo(repo).issues;
    const open = issues.filter((i) => i.state === "open");
    expect(open).toHaveLength(1);
    // The older copy survives; a newer one (if both created) is closed as a duplicate, linking the original.
    expect(open[0]!.number).toBe(Math.min(...issues.map((i) => i.number)));
    for (const dup of issues.filter((i) => i.state === "closed")) {
      expect(dup.stateReason).toBe("duplicate");
      expect(findMarker(dup.body, "maintenance/db")).toBeUndefined();
      expect(
        gh()
          .state.repo(repo)
          .comments.find((c) => c.issueNumber === dup.number)?.body,
      ).toMatch(new RegExp(`^Duplicate of #${open[0]!.number}`));
    }
    const reminders = gh()
      .state.repo(repo)
      .comments.filter((c) => c.body.includes("upkeep:maintenance/db/reminder/24h"));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.issueNumber).toBe(open[0]!.number);
    expect([...a, ...b].every((r) => r.outcome !== "failed")).toBe(true);
    expect([a[0]!.issueNumber, b[0]!.issueNumber]).toEqual([open[0]!.number, open[0]!.number]);
  });

  it("retries a 5xx on create and still creates one issue", async () => {
    const repo = freshRepo();
    gh().fault("POST", "/repos/{owner}/{repo}/issues", { status: 502, times: 1 });
    gh().resetLog();
    const results = await executePlan(client, announcePlan(repo));
    expect(results[0]).toMatchObject({ outcome: "applied" });
    expect(
      gh()
        .requests.filter((r) => r.method === "POST" && r.path.endsWith("/issues"))
        .map((r) => r.status),
    ).toEqual([502, 201]);
    expect(gh().state.repo(repo).issues).toHaveLength(1);
  });

  it("reports a failing step, fails the steps that needed it, and goes on with the rest", async () => {
    const repo = freshRepo();
    gh().state.addIssue(repo, { title: "other" });
    gh().fault("POST", "/repos/{owner}/{repo}/issues", { status: 422, times: 1 });
    const plan = announcePlan(repo);
    plan.steps.push({ kind: "add-labels", key: "label-other", repo, issue: 1, labels: ["ops"] });
    const results = await executePlan(client, plan);
    expect(results.map((r) => r.outcome)).toEqual(["failed", "failed", "failed", "applied"]);
    expect(String(results[1]!.error)).toMatch(/maintenance\/db" was not created or found/);
    expect(gh().state.repo(repo).issues[0]!.labels).toEqual(["ops"]);
  });

  it("does not pin past three pins and never unpins a human's pin", async () => {
    const repo = freshRepo();
    for (let i = 0; i < 3; i += 1) gh().state.addIssue(repo, { title: `human ${i}`, pinned: true });
    const results = await executePlan(client, announcePlan(repo));
    expect(results[1]).toMatchObject({ outcome: "skipped-exists", detail: "not pinned: 3 issues are pinned" });
    const issue = gh().state.repo(repo).issues[3]!;
    expect(findMarker(issue.body, "maintenance/db")?.payload).toMatchObject({ pin: "full" });
    const unpin = await executePlan(client, {
      steps: [{ kind: "unpin-issue", key: "u", repo, issue: 1, markerKey: "maintenance/db" }],
    });
    expect(unpin[0]).toMatchObject({ outcome: "skipped-exists", detail: "not pinned by Upkeep: left as is" });
    expect(gh().state.repo(repo).pinned).toEqual([1, 2, 3]);
  });

  it("unpins what it pinned, and records a human's earlier pin as theirs", async () => {
    const repo = freshRepo();
    await executePlan(client, announcePlan(repo));
    const n = gh().state.repo(repo).issues[0]!.number;
    const results = await executePlan(client, {
      steps: [{ kind: "unpin-issue", key: "u", repo, issue: n, markerKey: "maintenance/db" }],
    });
    expect(results[0]!.outcome).toBe("applied");
    expect(gh().state.repo(repo).pinned).toEqual([]);
    const other = freshRepo();
    gh().state.addIssue(other, {
      title: "pinned by a human",
      body: "<!-- upkeep:maintenance/db e30 -->",
      labels: ["maintenance"],
      pinned: true,
    });
    const pin = await executePlan(client, announcePlan(other));
    expect(pin[1]).toMatchObject({ outcome: "skipped-exists", detail: "already pinned (human)" });
    await executePlan(client, {
      steps: [{ kind: "unpin-issue", key: "u", repo: other, issue: 1, markerKey: "maintenance/db" }],
    });
    expect(gh().state.repo(other).pinned).toEqual([1]);
  });

  it("keeps hidden markers when a step replaces the body, and skips an edit that changes nothing", async () => {
    const repo = freshRepo();
    await executePlan(client, announcePlan(repo));
    const n = gh().state.repo(repo).issues[0]!.number;
    const edit: Plan = { steps: [{ kind: "update-issue", key: "e", repo, issue: n, body: "Status: in progress" }] };
    expect((await executePlan(client, edit))[0]!.outcome).toBe("applied");
    const body = gh().state.repo(repo).issues[0]!.body!;
    expect(body.startsWith("Status: in progress")).toBe(true);
    expect(findMarker(body, "maintenance/db")?.payload).toMatchObject({ pin: "upkeep" });
    expect((await executePlan(client, edit))[0]!.outcome).toBe("skipped-exists");
  });

  it("dry-run calls no API and renderPlan prints every step", async () => {
    const repo = freshRepo();
    gh().resetLog();
    const plan = announcePlan(repo);
    const results = await executePlan(client, plan, { dryRun: true });
    expect(results.map((r) => r.outcome)).toEqual(["dry-run", "dry-run", "dry-run"]);
    expect(gh().requests).toEqual([]);
    expect(renderPlan(plan)).toBe(
      [
        "Plan: 3 steps",
        `  1. ${repo}: open issue "Maintenance: DB" (labels maintenance) [maintenance/db]`,
        "     | Status: scheduled",
        `  2. ${repo}: pin the issue "maintenance/db" (when fewer than 3 are pinned) [maintenance/db/pin]`,
        `  3. ${repo}: comment on the issue "maintenance/db" [maintenance/db/reminder/24h]`,
        "     | Starts in 24 hours",
        "",
      ].join("\n"),
    );
    expect(renderPlan({ steps: [] })).toBe("Nothing to do.\n");
  });
});
