import { nextVersion, releaseTypeOf } from "@upkeep/shared/changelog/next-version.js";
import { parseCommit } from "@upkeep/shared/changelog/parse-commit.js";
import type { ReleaseType } from "@upkeep/shared/changelog/types.js";
import { describe, expect, it } from "vitest";

const entries = (...messages: string[]) =>
  messages.flatMap((m, i) => parseCommit({ hash: String(i).repeat(40), parents: [], committedAt: 0, message: m }));

describe("releaseTypeOf", () => {
  it.each([
    [["fix: a"], "patch"],
    [["perf: a"], "patch"],
    [["fix: a", "feat: b"], "minor"],
    [["feat: b", "fix!: c"], "major"],
    [["chore: c\n\nBREAKING CHANGE: node 18 dropped"], "major"],
    [["docs: a", "chore: b", "Merge stuff"], undefined],
  ])("%j → %s", (messages, expected) => {
    expect(releaseTypeOf(entries(...messages))).toBe(expected);
  });
});

describe("nextVersion", () => {
  it.each<[string | undefined, string | undefined, ReleaseType, object, string]>([
    ["1.2.3", "1.2.3", "patch", {}, "1.2.4"],
    ["1.2.3", "1.2.3", "minor", {}, "1.3.0"],
    ["1.2.3", "1.2.3", "major", {}, "2.0.0"],
    ["0.4.2", "0.4.2", "major", {}, "0.5.0"],
    ["0.4.2", "0.4.2", "minor", {}, "0.4.3"],
    ["0.4.2", "0.4.2", "major", { preMajor: false }, "1.0.0"],
    ["0.4.2", "0.4.2", "minor", { preMajor: false }, "0.5.0"],
    [undefined, undefined, "minor", {}, "1.0.0"],
    [undefined, undefined, "minor", { initialVersion: "0.1.0" }, "0.1.0"],
    ["1.2.0", "1.2.0", "minor", { prerelease: "rc" }, "1.3.0-rc.0"],
    ["1.2.0", "1.3.0-rc.0", "minor", { prerelease: "rc" }, "1.3.0-rc.1"],
    ["1.2.0", "1.3.0-rc.1", "patch", { prerelease: "rc" }, "1.3.0-rc.2"],
    ["1.2.0", "1.3.0-beta.3", "minor", { prerelease: "rc" }, "1.3.0-rc.0"],
    ["1.2.0", "1.3.0-rc.1", "major", { prerelease: "rc" }, "2.0.0-rc.0"],
    ["1.2.0", "1.3.0-rc.1", "minor", {}, "1.3.0"],
  ])("%s (last tag %s) + %s %j → %s", (stable, tagged, type, options, expected) => {
    expect(nextVersion(stable, tagged, type, options)).toBe(expected);
  });
});
