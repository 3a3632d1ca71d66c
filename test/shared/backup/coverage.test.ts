// The rotation's order (`selectForRun`): never-verified first, newest first; backups made in the same second
// keep one order from run to run, the later listed first, so `--sample` never verifies one twice and skips another.
import { type Candidate, selectForRun } from "@upkeep/shared/backup/coverage.js";
import { describe, expect, it } from "vitest";

const at = (iso: string) => new Date(iso);
const candidate = (name: string, time: string): Candidate<string> => ({
  item: name,
  stateKey: name,
  size: 1,
  time: at(time),
});

describe("selectForRun", () => {
  it("takes the never-verified newest first, and breaks a tie in time by the later listed", () => {
    const same = "2026-12-08T02:00:00Z";
    const listed = [candidate("one", same), candidate("two", same), candidate("three", "2026-12-08T03:00:00Z")];
    const pick = (verified: Record<string, string>) =>
      selectForRun(listed, { version: 1, verified }, { sample: { n: 1, t: 3 } }).selected;
    expect(pick({})).toEqual(["three"]);
    expect(pick({ three: "2026-12-08T04:00:00Z" })).toEqual(["two"]);
    expect(pick({ three: "2026-12-08T04:00:00Z", two: "2026-12-08T05:00:00Z" })).toEqual(["one"]);
  });
});
