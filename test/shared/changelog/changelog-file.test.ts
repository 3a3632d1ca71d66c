import {
  headingVersion,
  insertSection,
  parseChangelogFile,
  replaceAllSections,
} from "@upkeep/shared/changelog/changelog-file.js";
import { describe, expect, it } from "vitest";

const FILE = `# Changelog

All notable changes.

## [Unreleased]

### Added
- passkeys

## [1.2.0](https://github.com/o/r/compare/v1.1.0...v1.2.0) (2026-01-01)


### Features

* **api:** thing ([abc1234](https://github.com/o/r/commit/abc1234def))
* other 1234abc

## 1.1.0 (2025-12-01)

### Bug Fixes

* fix
`;

describe("parseChangelogFile", () => {
  it("finds the sections, versions, bullets and the commits they link to", () => {
    const s = parseChangelogFile(FILE);
    expect(s.map((x) => [x.version, x.line])).toEqual([
      ["Unreleased", 5],
      ["1.2.0", 10],
      ["1.1.0", 18],
    ]);
    expect(s[1]?.bullets.map((b) => [b.group, b.hashes])).toEqual([
      ["Features", ["abc1234def"]],
      ["Features", ["1234abc"]],
    ]);
  });

  it.each([
    ["[1.2.3](x) (2026-01-01)", "1.2.3"],
    ["v2.0.0-rc.1 - 2026-01-01", "2.0.0-rc.1"],
    ["pkg@1.0.0", "1.0.0"],
    ["[Unreleased]", "Unreleased"],
    ["Notes", undefined],
  ])("headingVersion(%j) = %j", (text, version) => {
    expect(headingVersion(text)).toBe(version);
  });
});

describe("insertSection", () => {
  const section =
    "## [1.3.0](https://github.com/o/r/compare/v1.2.0...v1.3.0) (2026-02-01)\n\n\n### Features\n\n* new\n";

  it("puts the new section after the title, intro and Unreleased, and is idempotent", () => {
    const once = insertSection(FILE, section, "1.3.0");
    expect(once.indexOf("## [1.3.0]")).toBeGreaterThan(once.indexOf("- passkeys"));
    expect(once.indexOf("## [1.3.0]")).toBeLessThan(once.indexOf("## [1.2.0]"));
    expect(insertSection(once, section, "1.3.0")).toBe(once);
  });

  it("replaces a section of the same version", () => {
    const once = insertSection(FILE, section, "1.3.0");
    const again = insertSection(once, section.replace("* new", "* newer"), "1.3.0");
    expect(again).toContain("* newer");
    expect(again).not.toContain("* new\n");
  });

  it("starts an empty file with a title", () => {
    expect(insertSection("", section, "1.3.0")).toBe(`# Changelog\n\n<!-- upkeep:changelog -->\n\n${section}`);
  });

  it("regenerates every section from scratch, keeping the intro", () => {
    const out = replaceAllSections(FILE, ["## 2.0.0\n", "## 1.0.0\n"]);
    expect(out).toBe("# Changelog\n\nAll notable changes.\n\n<!-- upkeep:changelog -->\n\n## 2.0.0\n\n## 1.0.0\n");
    expect(replaceAllSections(out, ["## 2.0.0\n"])).toBe(
      "# Changelog\n\nAll notable changes.\n\n<!-- upkeep:changelog -->\n\n## 2.0.0\n",
    );
  });
});
