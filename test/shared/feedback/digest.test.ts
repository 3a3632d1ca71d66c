import { applyDefaults } from "@upkeep/shared/config/defaults.js";
import { upkeepSchema } from "@upkeep/shared/config/schema.js";
import type { UpkeepConfig } from "@upkeep/shared/config/types.js";
import { buildDigest, type DigestIssue, renderDigestMarkdown, stats } from "@upkeep/shared/feedback/digest.js";
import { describe, expect, it } from "vitest";

const config = (applyDefaults(upkeepSchema, {}) as UpkeepConfig).feedback;
const T0 = Date.parse("2026-11-02T00:00:00Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function issue(n: number, over: Partial<DigestIssue> = {}): DigestIssue {
  return {
    number: n,
    title: `Issue ${n}`,
    body: "",
    author: "reporter",
    authorIsBot: false,
    labels: [],
    state: "open",
    createdAt: at(n * 100),
    closedAt: null,
    comments: [],
    ...over,
  };
}

describe("digest metrics (issue-metrics definitions)", () => {
  it("computes mean, median and 90th percentile like numpy, rounding seconds half to even", () => {
    // numpy: average([60,120,3600,7200]) = 2745, median = 1860, percentile 90 = 6120
    const s = stats([60, 120, 3600, 7200].map((x) => x * 1000));
    expect(s).toEqual({ count: 4, mean: 2_745_000, median: 1_860_000, p90: 6_120_000 });
    // round(2.5) == 2 and round(3.5) == 4 in Python
    expect(stats([2000, 3000]).mean).toBe(2000);
    expect(stats([3000, 4000]).mean).toBe(4000);
    expect(stats([])).toEqual({ count: 0, mean: null, median: null, p90: null });
  });

  it("first response skips the author, bots, and anything after the 20th comment; no response leaves the issue out", () => {
    const created = at(0);
    const issues = [
      issue(1, {
        createdAt: created,
        comments: [
          { author: "reporter", authorIsBot: false, createdAt: at(10) },
          { author: "upkeep[bot]", authorIsBot: true, createdAt: at(20) },
          { author: "maintainer", authorIsBot: false, createdAt: at(60) },
        ],
      }),
      issue(2, {
        createdAt: created,
        comments: [
          ...Array.from({ length: 20 }, (_, i) => ({ author: "reporter", authorIsBot: false, createdAt: at(i + 1) })),
          { author: "maintainer", authorIsBot: false, createdAt: at(500) },
        ],
      }),
      issue(3, { createdAt: created, comments: [{ author: "helper", authorIsBot: false, createdAt: at(120) }] }),
    ];
    const d = buildDigest(issues, { since: new Date(T0 - 1000), until: new Date(T0 + 7 * 86_400_000) }, config);
    expect(d.timeToFirstResponse).toEqual({ count: 2, mean: 90_000, median: 90_000, p90: 114_000 });
  });

  it("counts kinds and labels, the backlog by age, time to close, and open questions nobody answered", () => {
    const until = new Date(T0 + 7 * 86_400_000);
    const issues = [
      issue(1, { labels: ["bug"], state: "closed", closedAt: at(3600 + 100) }),
      issue(2, { labels: ["enhancement"] }),
      issue(3, { labels: ["question"], title: "How to configure?" }),
      issue(4, { labels: ["question"], comments: [{ author: "maintainer", authorIsBot: false, createdAt: at(1000) }] }),
      issue(5, { createdAt: new Date(T0 - 40 * 86_400_000).toISOString(), labels: ["bug"] }),
      issue(6, { authorIsBot: true, author: "renovate[bot]" }),
    ];
    const d = buildDigest(issues, { since: new Date(T0), until }, config);
    expect(d.opened).toBe(4);
    expect(d.closed).toBe(1);
    expect(d.byKind).toEqual({ bug: 1, feature: 1, question: 2 });
    expect(d.timeToClose).toMatchObject({ count: 1, mean: 3_600_000 });
    expect(d.backlog.total).toBe(4);
    expect(d.backlog.byAge).toMatchObject({ "< 7 days": 3, "30–90 days": 1 });
    expect(d.unansweredQuestions.map((q) => q.number)).toEqual([3]);
    const md = renderDigestMarkdown(d, "acme/app");
    expect(md).toContain("| time to close | 1 h 0 min | 1 h 0 min | 1 h 0 min | 1 |");
    expect(md).toContain("- #3 How to configure?");
  });

  it("groups similar new issues into themes", () => {
    const crash =
      "TypeError: Cannot read properties of undefined (reading 'theme')\n    at SettingsPanel.render (settings.js:8:1)";
    const d = buildDigest(
      [
        issue(1, { title: "Settings crash on open", body: crash }),
        issue(2, { title: "Crash when opening settings", body: crash }),
        issue(3, { title: "Add export to PDF", body: "Please add PDF export." }),
      ],
      { since: new Date(T0), until: new Date(T0 + 86_400_000) },
      config,
    );
    expect(d.themes).toEqual([{ issues: [1, 2], words: expect.arrayContaining(["settings"]) }]);
  });
});
