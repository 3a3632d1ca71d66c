import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { groupAliases, groupIds, primaryId } from "@upkeep/shared/patch/aliases.js";
import type { OsvRecord } from "@upkeep/shared/patch/osv-schema.js";
import { describe, expect, it } from "vitest";
import { osvFixtureDir } from "../../fixtures/osv/index.js";

const OSV_DIR = osvFixtureDir;

function loadAll(): OsvRecord[] {
  const files = readdirSync(OSV_DIR).filter((f) => f.endsWith(".json"));
  return files.map((f) => JSON.parse(readFileSync(join(OSV_DIR, f), "utf8")) as OsvRecord);
}

function rec(id: string, aliases: string[] = [], extra: Partial<OsvRecord> = {}): OsvRecord {
  return { id, modified: "2024-01-01T00:00:00Z", aliases, ...extra };
}

const ids = (groups: OsvRecord[][]): string[][] => groups.map((g) => g.map((r) => r.id));

describe("groupAliases with the real records", () => {
  const real = loadAll();

  it("keeps the 25 distinct GHSA advisories apart (each has its own CVE)", () => {
    const groups = groupAliases(real);
    expect(groups).toHaveLength(25);
    expect(groups.every((g) => g.length === 1)).toBe(true);
  });

  it("keeps the two follow-redirects advisories apart: different CVEs", () => {
    const fr = real.filter((r) => r.affected?.some((a) => a.package?.name === "follow-redirects"));
    expect(fr.map((r) => r.id).sort()).toEqual(["GHSA-cxjh-pqwp-8mfp", "GHSA-jchw-25xp-jwwc"]);
    expect(groupAliases(fr)).toHaveLength(2);
  });

  it("joins a GHSA record with the Go and CVE records that alias it", () => {
    const ghsa = real.find((r) => r.id === "GHSA-4374-p667-p6c8")!;
    const goRecord = rec("GO-2023-2102", ["CVE-2023-39325", "GHSA-4374-p667-p6c8"]);
    const groups = groupAliases([goRecord, ghsa, real.find((r) => r.id === "GHSA-grv7-fg5c-xmjg")!]);
    expect(ids(groups)).toEqual([["GHSA-4374-p667-p6c8", "GO-2023-2102"], ["GHSA-grv7-fg5c-xmjg"]]);
    expect(primaryId(groups[0]!)).toBe("GHSA-4374-p667-p6c8");
  });
});

describe("groupAliases with synthetic chains", () => {
  it("follows aliases transitively, in either direction", () => {
    const groups = groupAliases([
      rec("RUSTSEC-2024-0001", ["CVE-2024-1"]),
      rec("GHSA-bbbb-bbbb-bbbb", ["CVE-2024-1", "CVE-2024-2"]),
      rec("PYSEC-2024-9", ["CVE-2024-2"]),
      rec("GO-2024-7", []),
    ]);
    expect(ids(groups)).toEqual([["GHSA-bbbb-bbbb-bbbb", "PYSEC-2024-9", "RUSTSEC-2024-0001"], ["GO-2024-7"]]);
  });

  it("joins records that only name each other as aliases (no shared third id)", () => {
    expect(ids(groupAliases([rec("GO-2024-1"), rec("CVE-2024-5", ["GO-2024-1"])]))).toEqual([
      ["CVE-2024-5", "GO-2024-1"],
    ]);
  });

  it("does not follow `related`", () => {
    const groups = groupAliases([
      rec("GHSA-aaaa-aaaa-aaaa", [], { related: ["GHSA-cccc-cccc-cccc"] }),
      rec("GHSA-cccc-cccc-cccc"),
    ]);
    expect(groups).toHaveLength(2);
  });

  it("keeps one copy of a record fetched from two sources, the most recently modified", () => {
    const old = rec("GHSA-aaaa-aaaa-aaaa", ["CVE-2024-1"], { modified: "2024-01-01T00:00:00Z", summary: "old" });
    const fresh = rec("GHSA-aaaa-aaaa-aaaa", ["CVE-2024-1"], { modified: "2024-06-01T00:00:00Z", summary: "new" });
    const groups = groupAliases([fresh, old]);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toHaveLength(1);
    expect(groups[0]![0]!.summary).toBe("new");
  });

  it("gives the same groups whatever the input order", () => {
    const input = [rec("GO-1", ["CVE-9"]), rec("GHSA-zzzz-zzzz-zzzz", ["CVE-9"]), rec("PYSEC-3"), rec("CVE-1")];
    const expected = ids(groupAliases(input));
    expect(ids(groupAliases([...input].reverse()))).toEqual(expected);
    expect(expected).toEqual([["GHSA-zzzz-zzzz-zzzz", "GO-1"], ["CVE-1"], ["PYSEC-3"]]);
  });
});

describe("primaryId", () => {
  it.each([
    [[rec("GO-2024-1", ["CVE-2024-3", "GHSA-xxxx-yyyy-zzzz"])], "GHSA-xxxx-yyyy-zzzz"],
    [[rec("RUSTSEC-2024-1", ["CVE-2024-3"]), rec("PYSEC-1", ["CVE-2024-3"])], "CVE-2024-3"],
    [[rec("RUSTSEC-2024-1"), rec("PYSEC-1", ["RUSTSEC-2024-1"])], "PYSEC-1"],
    [[rec("GHSA-bbbb-bbbb-bbbb", ["GHSA-aaaa-aaaa-aaaa"])], "GHSA-aaaa-aaaa-aaaa"],
  ])("%# prefers GHSA, then CVE, then the first id by string order", (group, expected) => {
    expect(primaryId(group)).toBe(expected);
    expect(primaryId([...group].reverse())).toBe(expected);
  });

  it("lists every id of the group, primary first", () => {
    expect(groupIds([rec("GO-1", ["CVE-1", "GHSA-a"])])).toEqual(["GHSA-a", "CVE-1", "GO-1"]);
  });

  it("throws on an empty group", () => {
    expect(() => primaryId([])).toThrow(TypeError);
  });
});
