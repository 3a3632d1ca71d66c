// The release-please layout means release-please's behaviour (issue 9 §4): each release section of a
// generated history is rendered by upkeep and by the release-please npm package's own
// parseConventionalCommits + DefaultChangelogNotes on the same commits, and the bullets must be the same,
// apart from the one difference docs/changelog.md documents and upkeep keeps on purpose (`closes #n`
// where release-please 17 writes `refs #n`). bench/corpus/release-please-diff.ts runs the same comparison
// on real release ranges of public repositories.
import { historySections, openRepository } from "@upkeep/shared/changelog/repository.js";
import { DefaultChangelogNotes } from "release-please/build/src/changelog-notes/default.js";
import { parseConventionalCommits } from "release-please/build/src/commit.js";
import { afterAll, describe, expect, it } from "vitest";
import { generateHistory } from "../../../bench/changelog/history.js";
import { fixtureRepo } from "./git-fixture.js";

const quiet = () => undefined;
const SILENT = { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet } as unknown as Parameters<
  typeof parseConventionalCommits
>[1];

function bullets(markdown: string): string[] {
  return markdown
    .split("\n")
    .filter((l) => l.startsWith("* "))
    .map((l) => l.trim())
    .sort();
}

describe("release-please layout against release-please 17 itself", () => {
  const repo = fixtureRepo(generateHistory({ commits: 200, tags: 20, seed: 11 }));
  afterAll(() => repo.cleanup());

  it("gives every release section the same bullets (closes/refs aside)", async () => {
    const r = await openRepository(repo.git, { scheme: { prefix: "v" } });
    const links = { host: "https://github.com", owner: "o", repository: "r" };
    const ours = historySections(r, { links, layout: "release-please" });
    const releases = [...r.releases].reverse();
    expect(releases.length).toBeGreaterThanOrEqual(15);
    let compared = 0;
    for (const [i, release] of releases.entries()) {
      const commits = release.commits.map((c) => ({ sha: c.hash, message: c.message }));
      const theirs = await new DefaultChangelogNotes({}).buildNotes(parseConventionalCommits(commits, SILENT), {
        owner: "o",
        repository: "r",
        version: release.tag.version,
        ...(release.previous ? { previousTag: release.previous.name } : {}),
        currentTag: release.tag.name,
        targetBranch: "main",
      });
      const expected = bullets(theirs.replace(/\), refs \[#/g, "), closes [#"));
      expect(bullets(ours[i] ?? ""), `release ${release.tag.name}`).toEqual(expected);
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(60);
  });
});
