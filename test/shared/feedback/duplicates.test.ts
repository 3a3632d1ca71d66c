// The possible-duplicate comment as a reporter sees it: an obvious duplicate gets a comment linking the
// earlier issue, an issue that is merely about the same part of the product gets none.
import { applyDefaults } from "@upkeep/shared/config/defaults.js";
import { upkeepSchema } from "@upkeep/shared/config/schema.js";
import type { FeedbackConfig, UpkeepConfig } from "@upkeep/shared/config/types.js";
import { builtinModel } from "@upkeep/shared/feedback/default-model.js";
import {
  calibrateThreshold,
  duplicateThreshold,
  PAIR_FEATURES,
  trainDuplicateModel,
} from "@upkeep/shared/feedback/duplicate-model.js";
import { DEFAULT_DUPLICATE_MODEL } from "@upkeep/shared/feedback/duplicate-model-default.js";
import { DuplicateIndex, indexIssue } from "@upkeep/shared/feedback/duplicates.js";
import { planNewIssue } from "@upkeep/shared/feedback/triage.js";
import { describe, expect, it } from "vitest";

function config(over: Record<string, unknown> = {}): FeedbackConfig {
  return (applyDefaults(upkeepSchema, { feedback: over }) as UpkeepConfig).feedback;
}

const TRACE = [
  "```",
  "TypeError: Cannot read properties of undefined (reading 'theme')",
  "    at SettingsPanel.render (settings-panel.js:80:3)",
  "    at renderRoot (renderer.js:1204:9)",
  "```",
].join("\n");

/** An issue form's answers that many reports share word for word. */
const FORM = (steps: string, what: string) =>
  [
    "### Environment",
    "",
    "- OS: Windows 11 23H2",
    "- App version: 2.4.1 (build 8812)",
    "- Display: 4K monitor at 150 % scaling",
    "- Installed from the Microsoft Store",
    "",
    "### Steps to reproduce",
    "",
    "1. Open the app",
    "2. Open the settings page",
    "3. Go to the Appearance tab",
    `4. ${steps}`,
    "",
    what,
    "",
    "### Additional context",
    "",
    "I reset my preferences and reinstalled the app, it still happens. Other tabs of the settings page work.",
  ].join("\n");

/** A small tracker: one crash, and issues about the same screens that are other problems. */
const HISTORY = [
  {
    number: 1,
    title: "Crash when opening the settings page",
    body: `Since 2.4 the app crashes when I open the settings page.\n\n${TRACE}`,
    createdAt: "2026-11-20T10:00:00Z",
    state: "closed" as const,
  },
  {
    number: 2,
    title: "Add a dark theme",
    body: "It would be nice to have a dark theme option in the settings.",
    createdAt: "2026-11-21T10:00:00Z",
  },
  {
    number: 3,
    title: "Settings page does not remember the window size",
    body: "After resizing the settings page and reopening it, the size is back to the default.",
    createdAt: "2026-11-22T10:00:00Z",
  },
  {
    number: 4,
    title: "Slow startup on Windows",
    body: "Startup takes 30 seconds on Windows 11 since the last update.",
    createdAt: "2026-11-23T10:00:00Z",
  },
  {
    number: 5,
    title: "Font size setting is ignored",
    body: FORM("Change the font size to 18", "The editor font stays at 14."),
    createdAt: "2026-11-24T10:00:00Z",
  },
];

function index(): DuplicateIndex {
  const i = new DuplicateIndex();
  for (const issue of HISTORY) i.add(indexIssue(issue));
  return i;
}

/** What the bot posts for a new issue with the default configuration (the comment on duplicates, if any). */
function duplicateComment(issue: { number: number; title: string; body: string; createdAt: string }) {
  const feedback = config();
  const duplicates = index().query(issue, {
    limit: 50,
    minProbability: duplicateThreshold(feedback),
    exclude: [issue.number],
  });
  const { plan } = planNewIssue({
    repo: "acme/app",
    issue: { ...issue, labels: [], author: "carol", authorIsBot: false, state: "open" },
    config: feedback,
    model: builtinModel(),
    duplicates,
  });
  const step = plan.steps.find((s) => s.key === `feedback/duplicates/${issue.number}`);
  return step && "body" in step ? step.body : undefined;
}

describe("the possible-duplicate comment", () => {
  it("links the earlier report when the same crash is reported again", () => {
    const body = duplicateComment({
      number: 9,
      title: "Crash when opening settings",
      body: `The app crashes as soon as I open the settings page.\n\n${TRACE}`,
      createdAt: "2026-12-01T09:00:00Z",
    });
    expect(body).toBeDefined();
    expect(body).toMatch(/^- #1 \(closed\)/m);
    expect(body).toContain("/duplicate #N");
    // Only the crash: the other settings issues are not listed.
    expect(body).not.toMatch(/#[2345]\b/);
  });

  it("stays quiet for another problem reported through the same form, however similar the text", () => {
    const issue = {
      number: 13,
      title: "Accent colour picker closes immediately",
      body: FORM("Click the accent colour picker", "The picker opens and closes at once."),
      createdAt: "2026-12-01T09:00:00Z",
    };
    // Similar enough for the old cosine threshold (0.45) to comment, but another problem: no comment.
    const [best] = index().query(issue);
    expect(best?.number).toBe(5);
    expect(best!.similarity).toBeGreaterThanOrEqual(0.45);
    expect(duplicateComment(issue)).toBeUndefined();
  });

  it("stays quiet for an issue that is only about the same screen", () => {
    for (const issue of [
      {
        number: 10,
        title: "Settings page: add a search box",
        body: "The settings page has many options; a search box would help to find them.",
        createdAt: "2026-12-01T09:00:00Z",
      },
      {
        number: 11,
        title: "Dark theme colours on the settings page are hard to read",
        body: "In the dark theme the settings page uses grey on grey.",
        createdAt: "2026-12-01T09:00:00Z",
      },
    ]) {
      expect(duplicateComment(issue), issue.title).toBeUndefined();
    }
  });

  it("still finds the original among all earlier issues, ranked first, even when it does not comment", () => {
    const hits = index().query({
      number: 12,
      title: "Settings page is blank",
      body: `Nothing shows up.\n\n${TRACE}`,
    });
    expect(hits[0]?.number).toBe(1);
    expect(hits[0]!.features).toHaveLength(PAIR_FEATURES.length);
    expect(hits[0]!.probability).toBeGreaterThan(hits[1]?.probability ?? 0);
  });

  it("keeps the report dates through the cache, so the time between two reports counts", () => {
    const copy = DuplicateIndex.fromJSON(JSON.parse(JSON.stringify(index().toJSON())));
    const issue = {
      number: 9,
      title: "Crash when opening settings",
      body: `The app crashes as soon as I open the settings page.\n\n${TRACE}`,
    };
    const soon = copy.query({ ...issue, createdAt: "2026-11-21T10:00:00Z" })[0]!;
    const later = copy.query({ ...issue, createdAt: "2029-11-21T10:00:00Z" })[0]!;
    expect(soon.number).toBe(1);
    expect(soon.probability).toBeGreaterThan(later.probability);
  });

  it("uses the configured threshold, or the built-in model's calibrated one by default", () => {
    expect(duplicateThreshold(config())).toBe(DEFAULT_DUPLICATE_MODEL.threshold);
    expect(duplicateThreshold(config({ duplicates: { threshold: 0.5 } }))).toBe(0.5);
  });
});

describe("the pair model", () => {
  it("learns a positive weight for a feature that separates duplicates, and refuses one class only", () => {
    const at = (title: number, y: 0 | 1) => ({
      x: PAIR_FEATURES.map((f) => (f === "title" ? title : 0.5)),
      y,
    });
    const examples = [at(0.9, 1), at(0.8, 1), at(0.2, 0), at(0.3, 0), at(0.1, 0), at(0.25, 0)];
    const { weights } = trainDuplicateModel(examples, { features: ["title", "gap"] });
    expect(weights[0]).toBeGreaterThan(1);
    expect(() => trainDuplicateModel([at(0.9, 1)])).toThrow(/both classes/);
  });

  it("calibrates to the lowest probability that keeps the precision, and never comments when none does", () => {
    const c = (probability: number, right: boolean, duplicate = right) => ({ probability, right, duplicate });
    const comments = [c(0.99, true), c(0.98, true), c(0.97, true), c(0.96, false), c(0.95, true), c(0.9, false)];
    expect(calibrateThreshold(comments, 0.8, { minComments: 3 })).toBe(0.95);
    expect(calibrateThreshold(comments, 0.8, { minComments: 10 })).toBe(1);
    // Over duplicates only, comments on issues nobody marked do not count against it.
    const unmarked = [c(0.99, true), c(0.98, false, false), c(0.97, false, false), c(0.96, true)];
    expect(calibrateThreshold(unmarked, 0.8, { minComments: 2 })).toBe(1);
    expect(calibrateThreshold(unmarked, 0.8, { over: "duplicates", minComments: 2 })).toBe(0.96);
  });
});
