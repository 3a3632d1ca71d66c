// The next-release loop shared by `upkeep changelog next` and the drift-check action's outputs.

import { nextReleaseInfo, nextReleaseMarkdown, nextReleases } from "@upkeep/shared/changelog/next-release.js";
import type { ReleaseTarget } from "@upkeep/shared/changelog/release-targets.js";
import { afterAll, describe, expect, it } from "vitest";
import { day, fixtureRepo } from "./git-fixture.js";

const repo = fixtureRepo([
  { message: "feat: first", at: day("2026-01-01"), files: { "src/a.ts": "1\n", "packages/web/w.ts": "1\n" } },
  { message: "chore: release", at: day("2026-01-02"), tags: ["v1.0.0", "web@1.0.0"] },
  { message: "feat(core): add answers", at: day("2026-01-03"), files: { "src/a.ts": "2\n" } },
  { message: "chore(web): tidy", at: day("2026-01-04"), files: { "packages/web/w.ts": "2\n" } },
]);
afterAll(() => repo.cleanup());

const ROOT: ReleaseTarget = { name: undefined, target: { scheme: { prefix: "v" } }, file: "CHANGELOG.md" };
const WEB: ReleaseTarget = {
  name: "web",
  target: { scheme: { prefix: "web@" }, path: "packages/web" },
  file: "packages/web/CHANGELOG.md",
};

describe("nextReleases", () => {
  it("gives each target its next version, previous tag and notes, in target order", async () => {
    const [root, web] = await nextReleases(repo.git, [ROOT, WEB], { notes: {}, preMajor: false, date: "2026-02-01" });
    expect(root).toMatchObject({ name: undefined, version: "1.1.0", releaseType: "minor", previous: "v1.0.0" });
    expect(root?.notes).toContain("## 1.1.0 (2026-02-01)");
    expect(root?.notes).toContain("**core:** add answers");
    // Only a chore since web@1.0.0: nothing to release, and no notes.
    expect(web).toEqual({ name: "web", version: undefined, releaseType: undefined, previous: "web@1.0.0", notes: "" });
  });

  it("numbers a pre-release with the identifier and dates it by the clock when no date is given", async () => {
    const clock = { now: () => new Date("2026-03-04T12:00:00Z") };
    const [root] = await nextReleases(repo.git, [ROOT], { notes: {}, preMajor: false, prerelease: "rc", clock });
    expect(root?.version).toBe("1.1.0-rc.0");
    expect(root?.notes).toContain("## 1.1.0-rc.0 (2026-03-04)");
  });

  it("carries the releases into the action's outputs and job summary", async () => {
    const releases = (
      await nextReleases(repo.git, [ROOT, WEB], { notes: {}, preMajor: false, date: "2026-02-01" })
    ).map(nextReleaseInfo);
    expect(releases[1]).toEqual({ package: "web", version: "", releaseType: "", previous: "web@1.0.0", notes: "" });
    const md = nextReleaseMarkdown(releases);
    expect(md).toContain("<details><summary>Next release: minor → 1.1.0</summary>");
    expect(md).toContain("**Next release:** web: nothing to release since web@1.0.0.");
  });
});
