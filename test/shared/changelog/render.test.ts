import { parseCommit } from "@upkeep/shared/changelog/parse-commit.js";
import { renderSection, visibleEntries } from "@upkeep/shared/changelog/render.js";
import type { RepoLinks } from "@upkeep/shared/changelog/types.js";
import { describe, expect, it } from "vitest";

const links: RepoLinks = { host: "https://github.com", owner: "o", repository: "r" };
const sha = (n: number) => n.toString(16).padStart(2, "0").repeat(20);
const entries = (...messages: string[]) =>
  messages.flatMap((m, i) => parseCommit({ hash: sha(i + 1), parents: [], committedAt: 0, message: m }));
const c = (n: number) => `([${sha(n).slice(0, 7)}](https://github.com/o/r/commit/${sha(n)}))`;
const input = (e: ReturnType<typeof entries>) => ({
  version: "1.3.0",
  date: "2026-11-26",
  previousTag: "v1.2.0",
  currentTag: "v1.3.0",
  entries: e,
});

describe("renderSection", () => {
  const e = entries(
    "fix(ui): zebra stripes",
    "feat: login with passkeys (#123)",
    "docs: typo",
    "feat(api)!: remove v1 endpoints",
    "perf(core): cache tags",
    "fix: crash on empty list\n\nCloses #7",
  );

  it("writes release-please's layout: sections in the preset's order, bullets by scope then subject", () => {
    expect(renderSection(input(e), { links })).toBe(
      [
        "## [1.3.0](https://github.com/o/r/compare/v1.2.0...v1.3.0) (2026-11-26)",
        "",
        "",
        "### ⚠ BREAKING CHANGES",
        "",
        "* **api:** remove v1 endpoints",
        "",
        "### Features",
        "",
        `* **api:** remove v1 endpoints ${c(4)}`,
        `* login with passkeys ([#123](https://github.com/o/r/issues/123)) ${c(2)}`,
        "",
        "",
        "### Bug Fixes",
        "",
        `* crash on empty list ${c(6)}, closes [#7](https://github.com/o/r/issues/7)`,
        `* **ui:** zebra stripes ${c(1)}`,
        "",
        "",
        "### Performance Improvements",
        "",
        `* **core:** cache tags ${c(5)}`,
        "",
      ].join("\n"),
    );
  });

  it("writes the preset's own layout with one blank line before each section", () => {
    const out = renderSection(input(entries("feat: a", "fix: b")), { links, layout: "preset" });
    expect(out).toBe(
      `## [1.3.0](https://github.com/o/r/compare/v1.2.0...v1.3.0) (2026-11-26)\n\n### Features\n\n* a ${c(1)}\n\n### Bug Fixes\n\n* b ${c(2)}\n`,
    );
  });

  it("leaves links out without a repository and the compare link without a previous tag", () => {
    const out = renderSection({ ...input(entries("feat: a")), previousTag: undefined }, {});
    expect(out).toBe(`## 1.3.0 (2026-11-26)\n\n\n### Features\n\n* a ${sha(1).slice(0, 7)}\n`);
  });

  it("shows a hidden type only when it breaks something, under its own section", () => {
    const out = renderSection(input(entries("chore!: drop node 18", "chore: tidy")), { links });
    expect(out).toContain("### Miscellaneous Chores\n\n* drop node 18");
    expect(out).not.toContain("tidy");
  });

  it("drops a revert together with the commit it reverts in the same release", () => {
    const list = entries("feat: shiny");
    const revert = parseCommit({
      hash: sha(9),
      parents: [],
      committedAt: 0,
      message: `revert: feat: shiny\n\nThis reverts commit ${sha(1)}.`,
    });
    expect(visibleEntries([...revert, ...list, ...entries("fix: other")])).toHaveLength(1);
    expect(visibleEntries(revert).map((v) => v.group)).toEqual(["Reverts"]);
  });

  it("escapes the first angle brackets in release-please's layout only", () => {
    const e2 = entries("feat: support <T> generics");
    expect(renderSection(input(e2), { links })).toContain("* support &lt;T&gt; generics");
    expect(renderSection(input(e2), { links, layout: "preset" })).toContain("* support <T> generics");
  });
});
