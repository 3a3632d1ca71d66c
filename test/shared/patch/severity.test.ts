import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { OsvRecord, OsvSeverity } from "@upkeep/shared/patch/osv-schema.js";
import { ratingOf, severityOf } from "@upkeep/shared/patch/severity.js";
import { describe, expect, it } from "vitest";
import { osvFixtureDir } from "../../fixtures/osv/index.js";

const OSV_DIR = osvFixtureDir;

function load(id: string): OsvRecord {
  const file = resolve(OSV_DIR, `${id}.json`);
  if (!existsSync(file))
    throw new Error(`OSV test record ${file} is missing (the shared/ folder beside the repository)`);
  return JSON.parse(readFileSync(file, "utf8")) as OsvRecord;
}

function synthetic(severity: OsvSeverity[], extra: Partial<OsvRecord> = {}): OsvRecord {
  return { id: "TEST-1", modified: "2024-01-01T00:00:00Z", severity, ...extra };
}

const V3 = (score: string): OsvSeverity => ({ type: "CVSS_V3", score });

describe("severity of the real records", () => {
  // Scores computed by hand with the CVSS v3.1 specification's base equations (section 7.1, Roundup).
  it.each([
    ["GHSA-34jh-p97f-mpxf", 4.4, "medium"],
    ["GHSA-35jh-r3h4-6jhm", 7.2, "high"],
    ["GHSA-3h5v-q93c-6h6q", 7.5, "high"],
    ["GHSA-4374-p667-p6c8", 7.5, "high"],
    ["GHSA-7rjr-3q55-vv33", 9.0, "critical"],
    ["GHSA-7rrj-xr53-82p7", 5.4, "medium"],
    ["GHSA-9c47-m6qq-7p4h", 7.1, "high"],
    ["GHSA-9wv6-86v2-598j", 7.5, "high"],
    ["GHSA-9wx4-h78v-vm56", 5.6, "medium"],
    ["GHSA-c2qf-rxjj-qqgw", 5.3, "medium"],
    ["GHSA-cxjh-pqwp-8mfp", 6.5, "medium"],
    ["GHSA-grv7-fg5c-xmjg", 7.5, "high"],
    ["GHSA-h5c8-rqwp-cp95", 5.4, "medium"],
    ["GHSA-h75v-3vvj-5mfj", 5.4, "medium"],
    ["GHSA-j8r2-6x86-q33q", 6.1, "medium"],
    ["GHSA-jchw-25xp-jwwc", 6.1, "medium"],
    ["GHSA-jf85-cpcp-j695", 9.1, "critical"],
    ["GHSA-jfh8-c2jp-5v3q", 10.0, "critical"],
    ["GHSA-m5pq-gvj9-9vr8", 7.5, "high"],
    ["GHSA-p6mc-m468-83gw", 7.4, "high"],
    ["GHSA-v845-jxx5-vc9f", 5.9, "medium"],
    ["GHSA-xvch-5gv4-984h", 9.8, "critical"],
  ])("%s scores %d (%s) from its CVSS v3.1 vector", (id, score, severity) => {
    const record = load(id);
    expect(severityOf(record)).toEqual({ severity, score, vector: record.severity![0]!.score, source: "CVSS_V3" });
    expect(severityOf(record, 0)).toMatchObject({ severity, score });
  });

  it.each([
    ["GHSA-wf5p-g6vw-rhxx", "medium"],
    ["GHSA-952p-6rrq-rcjv", "medium"],
    ["GHSA-78xj-cgh5-2h22", "high"],
  ])("%s has no vector and falls back to GitHub's severity (%s)", (id, severity) => {
    expect(severityOf(load(id))).toEqual({ severity, source: "database_specific" });
  });
});

describe("severity sources and precedence", () => {
  const v2 = { type: "CVSS_V2", score: "AV:N/AC:L/Au:N/C:P/I:P/A:P" };
  const v3 = V3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L");
  const v4 = { type: "CVSS_V4", score: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N" };

  it("scores the CVSS v4.0 example vector 9.3 and prefers v4 over v3 and v2", () => {
    expect(severityOf(synthetic([v2, v3, v4]))).toEqual({
      severity: "critical",
      score: 9.3,
      vector: v4.score,
      source: "CVSS_V4",
    });
  });

  it("prefers v3 over v2", () => {
    expect(severityOf(synthetic([v2, v3]))).toMatchObject({ source: "CVSS_V3", score: 5.3, severity: "medium" });
  });

  it("scores CVSS v2 (7.5 is high: v2 has no critical band) and v2's 10.0 stays high", () => {
    expect(severityOf(synthetic([v2]))).toEqual({ severity: "high", score: 7.5, vector: v2.score, source: "CVSS_V2" });
    expect(severityOf(synthetic([{ type: "CVSS_V2", score: "AV:N/AC:L/Au:N/C:C/I:C/A:C" }]))).toMatchObject({
      score: 10,
      severity: "high",
    });
    expect(severityOf(synthetic([{ type: "CVSS_V2", score: "AV:N/AC:M/Au:N/C:N/I:P/A:N" }]))).toMatchObject({
      score: 4.3,
      severity: "medium",
    });
  });

  it("scores CVSS 3.0 vectors", () => {
    expect(severityOf(synthetic([V3("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")]))).toMatchObject({
      score: 9.8,
      severity: "critical",
    });
  });

  it("rates a v4 vector with local access and user interaction in the high band", () => {
    const s = severityOf(
      synthetic([{ type: "CVSS_V4", score: "CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N" }]),
    );
    expect(s.severity).toBe("high");
    expect(s.score).toBeLessThan(9.3);
  });

  it("rates a vector with no impact as info", () => {
    expect(severityOf(synthetic([V3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N")]))).toMatchObject({
      score: 0,
      severity: "info",
    });
  });

  it("lets affected[].severity override the top level for that entry only", () => {
    const record = synthetic([V3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H")], {
      affected: [
        { package: { ecosystem: "npm", name: "a" } },
        { package: { ecosystem: "npm", name: "b" }, severity: [v2] },
      ],
    });
    expect(severityOf(record, 1)).toMatchObject({ source: "CVSS_V2", score: 7.5 });
    expect(severityOf(record, 0)).toMatchObject({ source: "CVSS_V3", score: 10 });
    expect(severityOf(record)).toMatchObject({ source: "CVSS_V3", score: 10 });
  });

  it("maps GitHub's MODERATE to medium and ignores unknown labels", () => {
    expect(severityOf(synthetic([], { database_specific: { severity: "MODERATE" } }))).toEqual({
      severity: "medium",
      source: "database_specific",
    });
    expect(severityOf(synthetic([], { database_specific: { severity: "CRITICAL" } })).severity).toBe("critical");
    expect(severityOf(synthetic([], { database_specific: { severity: "LOW" } })).severity).toBe("low");
    expect(severityOf(synthetic([], { database_specific: { severity: "whatever" } }))).toEqual({
      severity: "unknown",
      source: "none",
    });
  });

  it("is unknown, with no warning, when the record says nothing", () => {
    expect(severityOf({ id: "X", modified: "2024-01-01T00:00:00Z" })).toEqual({ severity: "unknown", source: "none" });
  });

  it("ignores severity types it does not score (Ubuntu priorities)", () => {
    expect(severityOf(synthetic([{ type: "Ubuntu", score: "high" }]))).toEqual({ severity: "unknown", source: "none" });
  });
});

describe("invalid vectors fall back to the next source, with a warning", () => {
  it.each([
    ["a truncated vector", "CVSS:3.1/AV:N/AC:L/PR:N"],
    ["an unknown metric value", "CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"],
    ["an unknown metric", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:H"],
    ["a repeated metric", "CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"],
    ["an unsupported version", "CVSS:5.0/AV:N"],
    ["garbage", "not a vector"],
  ])("%s", (_what, vector) => {
    const s = severityOf(synthetic([V3(vector), { type: "CVSS_V2", score: "AV:N/AC:L/Au:N/C:P/I:P/A:P" }]));
    expect(s).toMatchObject({ source: "CVSS_V2", score: 7.5 });
    expect(s.warning).toContain(vector);
    expect(s.warning).toContain("TEST-1");
  });

  it("falls back to database_specific and says so", () => {
    const s = severityOf(
      synthetic([{ type: "CVSS_V4", score: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N" }], {
        database_specific: { severity: "HIGH" },
      }),
    );
    expect(s).toMatchObject({ severity: "high", source: "database_specific" });
    expect(s.warning).toMatch(/SA is missing.*database_specific\.severity/);
  });

  it("ends at unknown and says so when nothing else is left", () => {
    const s = severityOf(synthetic([V3("CVSS:3.1/AV:N")]));
    expect(s).toMatchObject({ severity: "unknown", source: "none" });
    expect(s.warning).toContain("CVSS:3.1/AV:N");
  });
});

describe("ratingOf", () => {
  it.each([
    [0, "CVSS_V3", "info"],
    [0.1, "CVSS_V3", "low"],
    [3.9, "CVSS_V3", "low"],
    [4.0, "CVSS_V3", "medium"],
    [6.9, "CVSS_V4", "medium"],
    [7.0, "CVSS_V4", "high"],
    [8.9, "CVSS_V3", "high"],
    [9.0, "CVSS_V3", "critical"],
    [10, "CVSS_V4", "critical"],
    [0, "CVSS_V2", "low"],
    [3.9, "CVSS_V2", "low"],
    [4.0, "CVSS_V2", "medium"],
    [7.0, "CVSS_V2", "high"],
    [10, "CVSS_V2", "high"],
  ] as const)("%d under %s is %s", (score, source, expected) => {
    expect(ratingOf(score, source)).toBe(expected);
  });
});
