import {
  openRepository,
  planNextRelease,
  rangeSection,
  unreleasedSection,
} from "@upkeep/shared/changelog/repository.js";
import { InputError } from "@upkeep/shared/errors.js";
import { afterAll, describe, expect, it } from "vitest";
import { day, fixtureRepo, linear } from "./git-fixture.js";

const links = { host: "https://github.com", owner: "o", repository: "r" };
const subjects = (commits: { message: string }[]) => commits.map((c) => c.message.split("\n")[0]);

describe("openRepository on a single-package repository", () => {
  const repo = fixtureRepo(
    linear([
      "chore: init",
      ["feat: first", ["v1.0.0"]],
      "fix: one",
      ["feat: two", ["annotated:v1.1.0", "other-tag"]],
      "fix: three",
      ["fix: four", ["v1.1.1-rc.0"]],
      "feat(cli): five (#9)",
      "docs: six",
    ]),
  );
  afterAll(() => repo.cleanup());

  it("maps release tags (lightweight and annotated) to the commits first in them", async () => {
    const r = await openRepository(repo.git, { scheme: { prefix: "v" } });
    expect(r.releases.map((x) => [x.tag.name, x.previous?.name, subjects(x.commits)])).toEqual([
      ["v1.0.0", undefined, ["feat: first", "chore: init"]],
      ["v1.1.0", "v1.0.0", ["feat: two", "fix: one"]],
      ["v1.1.1-rc.0", "v1.1.0", ["fix: four", "fix: three"]],
    ]);
    expect(subjects(r.unreleased)).toEqual(["docs: six", "feat(cli): five (#9)"]);
    expect(r.releases[0]?.date).toBe("2026-01-05");
  });

  it("plans the next version from the last stable release and continues a pre-release series", async () => {
    const r = await openRepository(repo.git, { scheme: { prefix: "v" } });
    expect(planNextRelease(r)).toMatchObject({ version: "1.2.0", releaseType: "minor" });
    expect(planNextRelease(r, { prerelease: "rc" }).version).toBe("1.2.0-rc.0");
    const notes = unreleasedSection(r, { links, date: "2026-02-01" }).markdown;
    expect(notes).toMatch(
      /^## \[1\.2\.0\]\(https:\/\/github.com\/o\/r\/compare\/v1\.1\.1-rc\.0\.\.\.v1\.2\.0\) \(2026-02-01\)\n/,
    );
    expect(notes).toContain("* **cli:** five ([#9](https://github.com/o/r/issues/9))");
    expect(notes).not.toContain("six");
  });

  it("honours a tag prefix that tags have, and detects the one they have when the configured one matches none", async () => {
    const r = await openRepository(repo.git, { scheme: { prefix: "release-" } });
    expect(r.releases.map((x) => x.tag.name)).toEqual(["v1.0.0", "v1.1.0", "v1.1.1-rc.0"]);
    expect(r.tags?.detectedPrefix).toBe("v");
    expect(r.tags?.note).toMatch(
      /no tag has the configured prefix "release-"; using the repository's release tags with the prefix "v"/,
    );
    const exact = await openRepository(repo.git, { scheme: { prefix: "v" } });
    expect(exact.tags).toBeUndefined();
  });

  it("writes the section of any range with the version and date given", async () => {
    const md = await rangeSection(repo.git, { scheme: { prefix: "v" } }, { from: "v1.0.0", to: "v1.1.0" }, { links });
    expect(md.split("\n")[0]).toBe("## [1.1.0](https://github.com/o/r/compare/v1.0.0...v1.1.0) (2026-01-05)");
    expect(md).toContain("* two");
    expect(md).toContain("* one");
    const custom = await rangeSection(
      repo.git,
      { scheme: { prefix: "v" } },
      { from: "v1.0.0", to: "HEAD", version: "9.9.9", date: "2030-01-01" },
      {},
    );
    expect(custom.split("\n")[0]).toBe("## 9.9.9 (2030-01-01)");
  });

  it("throws InputError for an unknown ref", async () => {
    await expect(rangeSection(repo.git, { scheme: { prefix: "v" } }, { from: "v0.0.1", to: "HEAD" })).rejects.toThrow(
      InputError,
    );
  });
});

describe("monorepo packages", () => {
  const t = day("2026-03-01");
  const repo = fixtureRepo([
    { message: "chore: init\n", at: t, files: { "README.md": "x" } },
    { message: "feat(a): alpha one\n", at: t + 1, files: { "packages/a/index.js": "1" }, tags: ["a@1.0.0"] },
    { message: "feat(b): beta one\n", at: t + 2, files: { "packages/b/index.js": "1" }, tags: ["b-v0.1.0"] },
    { message: "fix(a): alpha fix\n", at: t + 3, files: { "packages/a/index.js": "2" } },
    { message: "feat: both\n", at: t + 4, files: { "packages/a/x.js": "1", "packages/b/x.js": "1" } },
    { message: "fix: root only\n", at: t + 5, files: { "README.md": "y" } },
  ]);
  afterAll(() => repo.cleanup());

  it.each([
    ["a", "{name}@{version}", "packages/a", ["feat: both", "fix(a): alpha fix"], "1.1.0"],
    ["b", "{name}-v{version}", "packages/b", ["feat: both"], "0.1.1"],
  ])("package %s has its own tags and only the commits touching it", async (name, format, path, unreleased, next) => {
    const r = await openRepository(repo.git, { scheme: { prefix: "v", format, packageName: name }, path });
    expect(r.releases.map((x) => x.tag.name)).toEqual([
      format.replace("{name}", name).replace("{version}", r.releases[0]?.tag.version ?? ""),
    ]);
    expect(subjects(r.unreleased)).toEqual(unreleased);
    expect(planNextRelease(r).version).toBe(next);
  });
});

describe("merges", () => {
  const t = day("2026-04-01");
  const repo = fixtureRepo([
    { message: "feat: base\n", at: t, tags: ["v1.0.0"] },
    { message: "fix: on main\n", at: t + 10 },
    { message: "feat: on branch\n", at: t + 20, parent: 0, files: { "b.txt": "b" } },
    { message: "Merge branch 'topic'\n", at: t + 30, parent: 1, merge: 2 },
  ]);
  afterAll(() => repo.cleanup());

  it("follows both parents and leaves merge commits out of the notes", async () => {
    const r = await openRepository(repo.git, { scheme: { prefix: "v" } });
    expect(subjects(r.unreleased).sort()).toEqual(["feat: on branch", "fix: on main"]);
  });
});

describe("an empty repository", () => {
  const repo = fixtureRepo([]);
  afterAll(() => repo.cleanup());
  it("has no releases and nothing to release", async () => {
    const r = await openRepository(repo.git, { scheme: { prefix: "v" } });
    expect(planNextRelease(r).version).toBeUndefined();
  });
});
