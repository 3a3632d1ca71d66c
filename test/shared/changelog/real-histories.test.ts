// `changelog next` and `changelog check` on the shapes real histories have (issue 9 §4), each one a
// shape the corpus (bench/corpus) showed going wrong: tags without a `v`, only package tags, a changelog
// that starts long after the first release, changelogs upkeep did not write, pre-releases folded into
// their release, `# v1.2.3` headings, a CHANGES.rst. Histories and texts are our own, small.
import { changelogDrift, checkChangelogs } from "@upkeep/shared/changelog/drift.js";
import { openRepository, planNextRelease } from "@upkeep/shared/changelog/repository.js";
import { tagPatterns } from "@upkeep/shared/changelog/tags.js";
import { afterAll, describe, expect, it } from "vitest";
import { memoryFs } from "../../helpers/memory-fs.js";
import { fixtureRepo, linear } from "./git-fixture.js";

const v = { scheme: { prefix: "v" } };

describe("release tags as repositories name them", () => {
  const bare = fixtureRepo(
    linear([["feat: a", ["0.27.0"]], ["fix: b", ["0.28.0"]], ["fix: c", ["0.28.1"]], "feat: d"]),
  );
  const packages = fixtureRepo(
    linear([["feat: a", ["@acme/cli@2.0.0", "@acme/core@1.4.0"]], ["fix: b", ["@acme/cli@2.0.1"]], "feat: c"]),
  );
  afterAll(() => {
    bare.cleanup();
    packages.cleanup();
  });

  it("tags without a prefix are the releases when no tag has the configured v prefix, and the answer says so", async () => {
    const repo = await openRepository(bare.git, v);
    expect(repo.releases.map((r) => r.tag.name)).toEqual(["0.27.0", "0.28.0", "0.28.1"]);
    expect(planNextRelease(repo).previous?.name).toBe("0.28.1");
    expect(repo.tags?.note).toMatch(
      /no tag has the configured prefix "v"; using the repository's release tags without a prefix \(3, newest 0\.28\.1\)/,
    );
  });

  it("only package tags: no release of the repository, and the shapes found are listed instead of starting at 1.0.0", async () => {
    const repo = await openRepository(packages.git, v);
    expect(repo.releases).toEqual([]);
    expect(repo.tags?.unmatched?.map((p) => [p.pattern, p.count, p.example])).toEqual([
      ["@acme/cli@{version}", 2, "@acme/cli@2.0.1"],
      ["@acme/core@{version}", 1, "@acme/core@1.4.0"],
    ]);
    expect(repo.tags?.note).toMatch(/no release tag matches v\{version\}.*changelog\.packages/);
  });

  it.each([
    [
      ["v1.2.3", "v1.10.0", "1.0.0", "latest", "pkg-v0.1.0"],
      ["v{version}", "{version}", "pkg-v{version}"],
    ],
    [["release-2024", "nightly"], []],
  ])("tag shapes of %j", (tags, shapes) => {
    expect(tagPatterns(tags).map((p) => p.pattern)).toEqual(shapes);
  });
});

describe("changelog check covers what the changelog claims", () => {
  const history = fixtureRepo(
    linear([
      ["feat: one", ["v0.1.0"]],
      ["feat: two", ["v0.2.0"]],
      ["fix: three", ["v1.0.0-rc.1"]],
      ["feat: four", ["v1.0.0"]],
      ["fix: five", ["v1.0.1"]],
      ["feat: six", ["v1.1.0"]],
      "fix: seven",
    ]),
  );
  afterAll(() => history.cleanup());

  it("a hand-written changelog that starts at 1.0.0: older tags and the folded rc are not asked for; a gap is; bullets are its own", async () => {
    const repo = await openRepository(history.git, v);
    const text = [
      "# Changelog",
      "",
      "## [Unreleased]",
      "",
      "- Nothing noteworthy yet.",
      "",
      "## [1.1.0] - 2026-01-10",
      "",
      "### Added",
      "",
      "- The sixth feature, described in our own words.",
      "",
      "## [1.0.0] - 2026-01-08",
      "",
      "- First stable release.",
      "",
    ].join("\n");
    const findings = changelogDrift(repo, text);
    expect(findings.map((f) => f.title)).toEqual(["v1.0.1 has no section in CHANGELOG.md"]);
  });

  it("changelog.checkSince moves the start", async () => {
    const repo = await openRepository(history.git, v);
    const text = "# Changelog\n\n## 1.1.0\n\n## 1.0.1\n\n## 1.0.0\n";
    expect(changelogDrift(repo, text).map((f) => f.title)).toEqual([]);
    expect(changelogDrift(repo, text, { checkSince: "0.2.0" }).map((f) => f.title)).toEqual([
      "v0.2.0 has no section in CHANGELOG.md",
    ]);
  });

  it("`# v1.1.0` headings (level one, v prefix) and Version titles count as sections", async () => {
    const repo = await openRepository(history.git, v);
    const text = "# v1.1.0\n\n- six\n\n# v1.0.1\n\n- five\n\n### Version 1.0.0 (2026-01-08)\n\n- four\n";
    expect(changelogDrift(repo, text)).toEqual([]);
  });

  it("an upkeep changelog (with the marker) still has its entries compared", async () => {
    const repo = await openRepository(history.git, v);
    const text =
      "# Changelog\n\n<!-- upkeep:changelog -->\n\n## 1.1.0\n\n### Features\n\n* something else\n\n## 1.0.1\n\n## 1.0.0\n";
    const rules = changelogDrift(repo, text).map((f) => `${f.rule} ${f.title}`);
    expect(rules).toContain("changelog/section-mismatch CHANGELOG.md section 1.1.0 disagrees with v1.0.1..v1.1.0");
  });

  it("a changelog that lists no pre-release does not claim pre-releases; one split into linked files covers the older ones there", async () => {
    const repo = await openRepository(history.git, v);
    const main =
      "# Changelog\n\n## 1.1.0\n\n- six\n\nOlder releases: see [the 0.x changelog](changelogs/CHANGELOG-0.x.md).\n";
    const fs = memoryFs({
      "CHANGELOG.md": main,
      "changelogs/CHANGELOG-0.x.md": "# 0.x\n\n## 1.0.1\n\n## 1.0.0\n\n## 0.2.0\n\n## 0.1.0\n",
    });
    const report = await checkChangelogs(
      [{ name: undefined, target: v, file: "CHANGELOG.md" }],
      { git: history.git, fs },
      { notes: {}, now: new Date("2026-09-01T00:00:00Z") },
    );
    expect(report.findings).toEqual([]);
    expect(report.notes[0]).toContain("older sections read from changelogs/CHANGELOG-0.x.md");
    const withRc = "# Changelog\n\n## 1.1.0\n\n## 1.0.1\n\n## 0.9.0-beta.1\n\n## 0.2.0\n\n## 0.1.0\n";
    expect(changelogDrift(repo, withRc).map((f) => f.title)).toEqual([
      "v1.0.0-rc.1 has no section in CHANGELOG.md",
      "v1.0.0 has no section in CHANGELOG.md",
    ]);
  });

  it("reads CHANGES.rst when there is no CHANGELOG.md, and says which file and range it checked", async () => {
    const rst = [
      "Version 1.1.0",
      "-------------",
      "",
      "Released 2026-01-10",
      "",
      "-   Six.",
      "",
      "Version 1.0.0",
      "-------------",
      "",
      "-   Four.",
      "",
    ].join("\n");
    const report = await checkChangelogs(
      [{ name: undefined, target: v, file: "CHANGELOG.md" }],
      { git: history.git, fs: memoryFs({ "CHANGES.rst": rst }) },
      { notes: {}, now: new Date("2026-09-01T00:00:00Z") },
    );
    expect(report.findings.map((f) => `${f.file} ${f.title}`)).toEqual([
      "CHANGES.rst v1.0.1 has no section in CHANGES.rst",
    ]);
    expect(report.notes[0]).toMatch(
      /^CHANGES\.rst: 6 release tags, 1 unreleased commit; read instead of CHANGELOG\.md/,
    );
    expect(report.notes[0]).toMatch(/3 releases before 1\.0\.0 not checked/);
  });
});
