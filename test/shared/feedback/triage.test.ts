import { applyDefaults } from "@upkeep/shared/config/defaults.js";
import { upkeepSchema } from "@upkeep/shared/config/schema.js";
import type { FeedbackConfig, UpkeepConfig } from "@upkeep/shared/config/types.js";
import { builtinModel } from "@upkeep/shared/feedback/default-model.js";
import { DuplicateIndex, indexIssue } from "@upkeep/shared/feedback/duplicates.js";
import { missingInfo } from "@upkeep/shared/feedback/follow-up.js";
import {
  duplicateCommand,
  planComment,
  planNewIssue,
  planStaleFollowUps,
  type TriageIssue,
} from "@upkeep/shared/feedback/triage.js";
import { executePlanWith } from "@upkeep/shared/plan/execute.js";
import { describe, expect, it } from "vitest";
import { memoryGitHub } from "../plan/memory-backend.js";

function config(over: Record<string, unknown> = {}): FeedbackConfig {
  return (applyDefaults(upkeepSchema, { feedback: over }) as UpkeepConfig).feedback;
}

const CRASH = "It crashes.\n```\nTypeError: x is undefined\n    at load (loader.js:10:5)\n```";
const issue = (over: Partial<TriageIssue> = {}): TriageIssue => ({
  number: 7,
  title: "[Bug] Crash when loading",
  body: CRASH,
  labels: [],
  author: "carol",
  authorIsBot: false,
  state: "open",
  ...over,
});

describe("planNewIssue", () => {
  const model = builtinModel();

  it("with zero config labels a clear bug, and asks for what it lacks with the needs-info label", () => {
    const { plan, kind, missing } = planNewIssue({ repo: "acme/app", issue: issue(), config: config(), model });
    expect(kind).toBe("bug");
    expect(missing).toEqual(["version", "steps"]);
    expect(plan.steps.map((s) => [s.kind, s.key])).toEqual([
      ["add-labels", "feedback/label/7"],
      ["comment", "feedback/needs-info/7"],
      ["add-labels", "feedback/needs-info-label/7"],
    ]);
  });

  it("uses the repository's label names, keeps a kind label a form set, and never re-adds a removed kind", () => {
    const mapped = config({ labels: { feature: "type: feature" } });
    const feature = planNewIssue({
      repo: "acme/app",
      issue: issue({ title: "Feature request: export to CSV", body: "It would be nice to add an option to export." }),
      config: mapped,
      model,
    });
    expect(feature.plan.steps[0]).toMatchObject({ kind: "add-labels", labels: ["type: feature"] });
    const formLabelled = planNewIssue({ repo: "acme/app", issue: issue({ labels: ["bug"] }), config: config(), model });
    expect(formLabelled.plan.steps.some((s) => s.key === "feedback/label/7")).toBe(false);
    expect(formLabelled.kind).toBe("bug");
    const removed = planNewIssue({ repo: "acme/app", issue: issue(), config: config(), model, removedKinds: ["bug"] });
    expect(removed.plan.steps.some((s) => s.kind === "add-labels" && s.labels.includes("bug"))).toBe(false);
  });

  it("does nothing for bots, the off label, a disabled feature or a closed issue", () => {
    for (const [i, c] of [
      [issue({ authorIsBot: true }), config()],
      [issue({ labels: ["triage: off"] }), config()],
      [issue(), config({ enabled: false })],
      [issue({ state: "closed" }), config()],
    ] as const) {
      expect(planNewIssue({ repo: "acme/app", issue: i, config: c, model }).plan.steps).toEqual([]);
    }
  });

  it("predicts docs only where the repository has the docs label", () => {
    const docs = issue({
      title: "[Docs] Typo in the install guide",
      body: "### Documentation page\nthe install guide",
    });
    const without = planNewIssue({
      repo: "a/b",
      issue: docs,
      config: config(),
      model,
      repoLabels: ["bug", "question"],
    });
    expect(without.classification?.probabilities.docs).toBeUndefined();
    const withDocs = planNewIssue({ repo: "a/b", issue: docs, config: config(), model, repoLabels: ["documentation"] });
    expect(withDocs.kind).toBe("docs");
  });

  it("lists at most `duplicates.max` candidates, and none when duplicates are off", () => {
    const dups = [1, 2, 3, 4].map((n) => ({
      number: n,
      title: `t${n}`,
      state: "open" as const,
      similarity: 0.9 - n / 10,
      probability: 0.99,
      features: [],
    }));
    const on = planNewIssue({
      repo: "a/b",
      issue: issue(),
      config: config({ duplicates: { max: 2 } }),
      model,
      duplicates: dups,
    });
    const comment = on.plan.steps.find((s) => s.key === "feedback/duplicates/7");
    expect(comment && "body" in comment ? comment.body : "").toMatch(/#1 .*\n- #2 /);
    expect(comment && "body" in comment ? comment.body : "").not.toContain("#3");
    const off = planNewIssue({
      repo: "a/b",
      issue: issue(),
      config: config({ duplicates: { enabled: false } }),
      model,
      duplicates: dups,
    });
    expect(off.plan.steps.some((s) => s.key.startsWith("feedback/duplicates"))).toBe(false);
  });
});

describe("missingInfo", () => {
  it.each([
    ["### Version\n_No response_\n### Steps to reproduce\n1. open", ["version"]],
    ["### Version\n2.4.1\n### Steps to reproduce\n_No response_", ["steps"]],
    ["Using v3.2 — steps: open the app, click save", []],
    ["It does not work", ["version", "steps"]],
  ])("%j lacks %j", (body, missing) => {
    expect(missingInfo(body, ["version", "steps"])).toEqual(missing);
  });

  it("counts a code block or stack trace as logs", () => {
    expect(missingInfo(CRASH, ["logs"])).toEqual([]);
    expect(missingInfo("nothing here", ["logs"])).toEqual(["logs"]);
  });
});

describe("planComment", () => {
  const base = { repo: "acme/app", config: config() };
  const waiting = { ...issue({ labels: ["bug", "needs-info"] }), closedByUpkeep: false };

  it("reads /duplicate #N at the start of a line only", () => {
    expect(duplicateCommand("/duplicate #12")).toBe(12);
    expect(duplicateCommand("thanks\n/duplicate of #3")).toBe(3);
    expect(duplicateCommand("see /duplicate #4 in the docs")).toBeUndefined();
  });

  it("removes needs-info when the reporter answers, reopens what Upkeep closed, ignores bots and others", () => {
    const reply = (author: string, authorIsBot = false, closed = false) =>
      planComment({
        ...base,
        issue: closed ? { ...waiting, state: "closed", closedByUpkeep: true } : waiting,
        comment: { id: 99, author, authorIsBot, body: "v2.4.1, steps: open it" },
      }).steps.map((s) => s.kind);
    expect(reply("carol")).toEqual(["remove-label"]);
    expect(reply("carol", false, true)).toEqual(["remove-label", "update-issue"]);
    expect(reply("someone")).toEqual([]);
    expect(reply("upkeep[bot]", true)).toEqual([]);
  });

  it("/duplicate needs triage permission or more", () => {
    const cmd = (permission: "read" | "triage") =>
      planComment({
        ...base,
        issue: waiting,
        comment: { id: 5, author: "m", authorIsBot: false, body: "/duplicate #3" },
        permission,
      }).steps[0];
    expect(cmd("triage")).toMatchObject({ kind: "close-duplicate", number: 7, original: 3 });
    expect(cmd("read")).toMatchObject({ kind: "comment" });
  });
});

describe("follow-up through the executor (memory GitHub)", () => {
  it("closes once after closeAfter without an answer, with a kind note; a reply in time keeps it open", async () => {
    const gh = memoryGitHub();
    const cfg = config({ followUp: { closeAfter: "7d" } });
    const asked = "2026-01-01T00:00:00Z";
    const waiting = [
      { number: 1, author: "a", labels: ["needs-info"], askedAt: asked },
      { number: 2, author: "b", labels: ["needs-info"], askedAt: asked, lastReporterCommentAt: "2026-01-03T00:00:00Z" },
    ];
    for (const n of [1, 2])
      await gh.createIssue("acme/app", { title: `i${n}`, body: "", labels: ["needs-info"], assignees: [] });
    expect(planStaleFollowUps("acme/app", waiting, cfg, new Date("2026-01-07T00:00:00Z")).steps).toEqual([]);
    const late = new Date("2026-01-08T01:00:00Z");
    const plan = planStaleFollowUps("acme/app", waiting, cfg, late);
    expect(plan.steps.map((s) => s.key)).toEqual(["feedback/closed/1", "feedback/close/1"]);
    await executePlanWith(gh, plan);
    await executePlanWith(gh, plan);
    const one = gh.issues.find((i) => i.number === 1)!;
    expect(one.state).toBe("closed");
    expect((await gh.listComments("acme/app", 1)).filter((c) => c.body.includes("reply here"))).toHaveLength(1);
    expect(planStaleFollowUps("acme/app", waiting, config({ followUp: { closeAfter: "0d" } }), late).steps).toEqual([]);
  });
});

describe("DuplicateIndex", () => {
  const issues = [
    {
      number: 1,
      title: "Crash when opening settings",
      body: "TypeError: Cannot read properties of undefined (reading 'theme')\n    at SettingsPanel.render (settings.js:8:1)",
    },
    { number: 2, title: "Add dark mode", body: "Please add a dark theme to the editor." },
    { number: 3, title: "Slow startup on Windows", body: "Startup takes 30 seconds on Windows 11." },
  ];

  it("ranks the issue with the same error first, above the threshold, and others low", () => {
    const index = new DuplicateIndex();
    for (const i of issues) index.add(indexIssue(i));
    const hits = index.query({
      number: 9,
      title: "Settings page is blank",
      body: "```\nTypeError: Cannot read properties of undefined (reading 'theme')\n    at SettingsPanel.render (settings.js:12:4)\n```",
    });
    expect(hits[0]?.number).toBe(1);
    expect(hits[0]!.similarity).toBeGreaterThan(0.45);
    expect(hits.find((h) => h.number === 3)?.similarity ?? 0).toBeLessThan(0.2);
  });

  it("updates incrementally and survives a JSON round trip", () => {
    const index = new DuplicateIndex();
    for (const i of issues) index.add(indexIssue(i));
    index.add(indexIssue({ number: 2, title: "Startup slow on Windows 11", body: "takes 30 seconds" }));
    index.updatedAt = "2026-01-01T00:00:00Z";
    const copy = DuplicateIndex.fromJSON(JSON.parse(JSON.stringify(index.toJSON())));
    expect(copy.size).toBe(3);
    expect(copy.updatedAt).toBe("2026-01-01T00:00:00Z");
    const q = { title: "Windows startup is slow", body: "30 seconds to start" };
    expect(
      copy
        .query(q)
        .map((h) => h.number)
        .slice(0, 2)
        .sort(),
    ).toEqual([2, 3]);
    copy.remove(3);
    expect(copy.query(q)[0]?.number).toBe(2);
    expect(DuplicateIndex.fromJSON({ version: 2 }).size).toBe(0);
  });
});
