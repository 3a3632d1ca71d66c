import { afterAll, describe, expect, it } from "vitest";
import { day, fixtureRepo } from "../changelog/git-fixture.js";
import { check } from "./helpers.js";

describe("staleness", () => {
  const repo = fixtureRepo([
    {
      message: "docs: guide\n",
      at: day("2026-01-01"),
      files: { "docs/guide.md": "# Guide\n", "docs/other.md": "# O\n" },
    },
    { message: "feat: a\n", at: day("2026-01-02"), files: { "src/a.ts": "1" } },
    { message: "feat: b\n", at: day("2026-02-01"), files: { "src/a.ts": "2" } },
    { message: "docs: other\n", at: day("2026-05-01"), files: { "docs/other.md": "# O2\n" } },
    { message: "feat: c\n", at: day("2026-05-02"), files: { "src/b.ts": "3", "lib/x.ts": "x" } },
  ]);
  afterAll(() => repo.cleanup());
  const files = { "docs/guide.md": "# Guide\n", "docs/other.md": "# O2\n" };
  const mapping = [{ docs: "docs/*.md", code: "src/**" }];

  it.each([
    ["commits", { maxCommitsBehind: 3, maxDaysBehind: 1000 }, ["docs/guide.md:3"]],
    ["days", { maxCommitsBehind: 100, maxDaysBehind: 100 }, ["docs/guide.md:3"]],
    ["fewer commits than the limit", { maxCommitsBehind: 4, maxDaysBehind: 1000 }, []],
    ["a day apart is within a 90-day limit", { maxCommitsBehind: 2, maxDaysBehind: 90 }, ["docs/guide.md:3"]],
  ])("warns by %s", async (_name, limits, expected) => {
    const { report } = await check(
      files,
      { detectors: ["staleness"], config: { staleness: { mapping, ...limits } } },
      { git: repo.git },
    );
    expect(report.findings.map((f) => `${f.file}:${f.properties?.commitsBehind}`)).toEqual(expected);
    for (const f of report.findings)
      expect([f.rule, f.level, f.line]).toEqual(["drift/staleness/stale-doc", "warning", 1]);
  });

  it("reports the numbers a maintainer needs", async () => {
    const { report } = await check(
      files,
      { detectors: ["staleness"], config: { staleness: { mapping, maxCommitsBehind: 3 } } },
      { git: repo.git },
    );
    expect(report.findings[0]?.message).toMatch(
      /^docs\/guide\.md last changed on 2026-01-01 \([0-9a-f]{7}\); since then src\/\*\* has 3 commit\(s\), the newest 121 day\(s\) later/,
    );
  });

  it("is skipped without git", async () => {
    const { report } = await check(files, { detectors: ["staleness"], config: { staleness: { mapping } } });
    expect(report.findings).toEqual([]);
    expect(report.notes.join(" ")).toContain("staleness (needs git history)");
  });
});
