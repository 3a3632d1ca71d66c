import { changelogDrift, checkChangelogs } from "@upkeep/shared/changelog/drift.js";
import { historySections, openRepository } from "@upkeep/shared/changelog/repository.js";
import { InputError } from "@upkeep/shared/errors.js";
import { afterAll, describe, expect, it } from "vitest";
import { memoryFs } from "../../helpers/memory-fs.js";
import { fixtureRepo, linear } from "./git-fixture.js";

const NOW = new Date("2026-11-26T00:00:00Z");

describe("changelogDrift", () => {
  const repo = fixtureRepo(
    linear([
      ["feat: first", ["v1.0.0"]],
      "fix: one",
      ["feat: two", ["v1.1.0"]],
      ["fix: three", ["v1.1.1"]],
      "feat: four",
      "docs: hidden",
    ]),
  );
  afterAll(() => repo.cleanup());
  const links = { host: "https://github.com", owner: "o", repository: "r" };

  it("passes a changelog generated from the history", async () => {
    const r = await openRepository(repo.git, { scheme: { prefix: "v" } });
    const text = `# Changelog\n\n${historySections(r, { links }).join("\n")}`;
    expect(changelogDrift(r, text, { links })).toEqual([]);
  });

  it("reports a tag without a section, a section with missing and extra entries, and an incomplete Unreleased", async () => {
    const r = await openRepository(repo.git, { scheme: { prefix: "v" } });
    const text = [
      "# Changelog",
      "",
      "<!-- upkeep:changelog -->",
      "",
      "## [Unreleased]",
      "",
      "- nothing yet",
      "",
      "## [1.1.0](x) (2026-01-05)",
      "",
      "### Features",
      "",
      `* two ([${repo.sha("feat: two").slice(0, 7)}](https://github.com/o/r/commit/${repo.sha("feat: two")}))`,
      "* something never committed",
      "",
      "## 1.0.0",
      "",
      "### Features",
      "",
      "* first",
      "",
    ].join("\n");
    const findings = changelogDrift(r, text, { links });
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ["changelog/section-mismatch", 9],
      ["changelog/missing-section", undefined],
      ["changelog/unreleased-incomplete", 5],
    ]);
    expect(findings[0]?.message).toMatch(/Missing[\s\S]*one \(/);
    expect(findings[0]?.message).toMatch(/Extra[\s\S]*line 14: something never committed/);
    expect(findings[1]?.title).toBe("v1.1.1 has no section in CHANGELOG.md");
    expect(findings[2]?.message).toContain("four");
    expect(findings[2]?.message).not.toContain("hidden");
  });
});

describe("checkChangelogs", () => {
  const repo = fixtureRepo(linear([["feat: first", ["v1.0.0"]], "fix: one", ["feat: two", ["v1.1.0"]], "fix: three"]));
  afterAll(() => repo.cleanup());
  const links = { host: "https://github.com", owner: "o", repository: "r" };
  const target = { name: undefined, target: { scheme: { prefix: "v" } }, file: "CHANGELOG.md" };

  it("checks each target's file and notes how many tags and unreleased commits it was compared with", async () => {
    const r = await openRepository(repo.git, target.target);
    const fs = memoryFs({ "CHANGELOG.md": `# Changelog\n\n${historySections(r, { links }).join("\n")}` });
    const report = await checkChangelogs([target], { git: repo.git, fs }, { notes: { links }, now: NOW });
    expect(report.check).toBe("changelog");
    expect(report.findings).toEqual([]);
    expect(report.notes).toEqual([
      "CHANGELOG.md: 2 release tags, 1 unreleased commit; not written by upkeep (no <!-- upkeep:changelog --> line): checked that each release has a section, not its entries",
    ]);
  });

  it("reports drift in the file, and throws InputError with how to create a missing file", async () => {
    const drifted = memoryFs({ "CHANGELOG.md": "# Changelog\n" });
    const report = await checkChangelogs([target], { git: repo.git, fs: drifted }, { notes: { links }, now: NOW });
    expect(report.findings.map((f) => f.title)).toEqual([
      "v1.0.0 has no section in CHANGELOG.md",
      "v1.1.0 has no section in CHANGELOG.md",
    ]);
    const missing = checkChangelogs([target], { git: repo.git, fs: memoryFs({}) }, { notes: { links }, now: NOW });
    await expect(missing).rejects.toThrow(InputError);
    await expect(missing).rejects.toMatchObject({
      message: "CHANGELOG.md does not exist",
      hint: expect.stringContaining("upkeep changelog --from-scratch --write"),
    });
  });
});
