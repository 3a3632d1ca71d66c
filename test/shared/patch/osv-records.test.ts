/**
 * Every real record in test/fixtures/osv (a copy of ../shared/data/osv; GitHub Advisory Database, CC-BY 4.0), matched against installed
 * versions chosen by hand from the ranges in that folder's README: inside each range, on each boundary
 * (introduced inclusive, fixed exclusive, last_affected inclusive) and outside.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { matchAdvisory } from "@upkeep/shared/patch/match.js";
import type { OsvRecord } from "@upkeep/shared/patch/osv-schema.js";
import type { Ecosystem } from "@upkeep/shared/patch/types.js";
import { describe, expect, it } from "vitest";
import { osvFixtureDir } from "../../fixtures/osv/index.js";

const OSV_DIR = osvFixtureDir;

function loadRecords(): Map<string, OsvRecord> {
  if (!existsSync(OSV_DIR)) {
    throw new Error(`OSV test records not found at ${OSV_DIR}: the committed fixtures (test/fixtures/osv) are missing`);
  }
  const records = new Map<string, OsvRecord>();
  for (const f of readdirSync(OSV_DIR).filter((n) => n.endsWith(".json"))) {
    const record = JSON.parse(readFileSync(join(OSV_DIR, f), "utf8")) as OsvRecord;
    records.set(record.id, record);
  }
  return records;
}

const records = loadRecords();

/** [id, ecosystem, package name as a lockfile spells it, installed version, expected] */
type Expected = { fixed: string } | "no-fix" | "not-affected";
type Row = [string, Ecosystem, string, string, Expected];

const NOT: Expected = "not-affected";
const fix = (v: string): Expected => ({ fixed: v });

const ROWS: Row[] = [
  // lodash: >=0 <4.17.21; lodash-es: >=0 <4.17.21
  ["GHSA-35jh-r3h4-6jhm", "npm", "lodash", "0.1.0", fix("4.17.21")],
  ["GHSA-35jh-r3h4-6jhm", "npm", "lodash", "4.17.20", fix("4.17.21")],
  ["GHSA-35jh-r3h4-6jhm", "npm", "lodash", "4.17.21", NOT],
  ["GHSA-35jh-r3h4-6jhm", "npm", "lodash-es", "4.17.15", fix("4.17.21")],
  ["GHSA-35jh-r3h4-6jhm", "npm", "lodash-es", "4.17.21", NOT],
  ["GHSA-35jh-r3h4-6jhm", "npm", "lodash.template", "4.5.0", NOT],
  // ws: >=2.1.0 <5.2.4 | >=6.0.0 <6.2.3 | >=7.0.0 <7.5.10 | >=8.0.0 <8.17.1
  ["GHSA-3h5v-q93c-6h6q", "npm", "ws", "2.0.9", NOT],
  ["GHSA-3h5v-q93c-6h6q", "npm", "ws", "2.1.0", fix("5.2.4")],
  ["GHSA-3h5v-q93c-6h6q", "npm", "ws", "5.2.3", fix("5.2.4")],
  ["GHSA-3h5v-q93c-6h6q", "npm", "ws", "5.2.4", NOT],
  ["GHSA-3h5v-q93c-6h6q", "npm", "ws", "6.0.0", fix("6.2.3")],
  ["GHSA-3h5v-q93c-6h6q", "npm", "ws", "6.2.3", NOT],
  ["GHSA-3h5v-q93c-6h6q", "npm", "ws", "7.4.6", fix("7.5.10")],
  ["GHSA-3h5v-q93c-6h6q", "npm", "ws", "7.5.10", NOT],
  ["GHSA-3h5v-q93c-6h6q", "npm", "ws", "8.17.0", fix("8.17.1")],
  ["GHSA-3h5v-q93c-6h6q", "npm", "ws", "8.17.1", NOT],
  ["GHSA-3h5v-q93c-6h6q", "npm", "ws", "8.18.0", NOT],
  // ip: >=0 <=1.1.8 (last_affected: no fix)
  ["GHSA-78xj-cgh5-2h22", "npm", "ip", "1.1.5", "no-fix"],
  ["GHSA-78xj-cgh5-2h22", "npm", "ip", "1.1.8", "no-fix"],
  ["GHSA-78xj-cgh5-2h22", "npm", "ip", "1.1.9", NOT],
  ["GHSA-78xj-cgh5-2h22", "npm", "ip", "2.0.1", NOT],
  // micromatch: >=0 <4.0.8
  ["GHSA-952p-6rrq-rcjv", "npm", "micromatch", "3.1.10", fix("4.0.8")],
  ["GHSA-952p-6rrq-rcjv", "npm", "micromatch", "4.0.7", fix("4.0.8")],
  ["GHSA-952p-6rrq-rcjv", "npm", "micromatch", "4.0.8", NOT],
  // json5: >=2.0.0 <2.2.2 | >=0 <1.0.2
  ["GHSA-9c47-m6qq-7p4h", "npm", "json5", "0.5.1", fix("1.0.2")],
  ["GHSA-9c47-m6qq-7p4h", "npm", "json5", "1.0.1", fix("1.0.2")],
  ["GHSA-9c47-m6qq-7p4h", "npm", "json5", "1.0.2", NOT],
  ["GHSA-9c47-m6qq-7p4h", "npm", "json5", "2.0.0", fix("2.2.2")],
  ["GHSA-9c47-m6qq-7p4h", "npm", "json5", "2.2.1", fix("2.2.2")],
  ["GHSA-9c47-m6qq-7p4h", "npm", "json5", "2.2.2", NOT],
  // path-to-regexp: >=0 <0.1.10 | >=0.2.0 <1.9.0 | >=7.0.0 <8.0.0 | >=2.0.0 <3.3.0 | >=4.0.0 <6.3.0 (out of order)
  ["GHSA-9wv6-86v2-598j", "npm", "path-to-regexp", "0.1.7", fix("0.1.10")],
  ["GHSA-9wv6-86v2-598j", "npm", "path-to-regexp", "0.1.10", NOT],
  ["GHSA-9wv6-86v2-598j", "npm", "path-to-regexp", "0.2.0", fix("1.9.0")],
  ["GHSA-9wv6-86v2-598j", "npm", "path-to-regexp", "1.8.0", fix("1.9.0")],
  ["GHSA-9wv6-86v2-598j", "npm", "path-to-regexp", "1.9.0", NOT],
  ["GHSA-9wv6-86v2-598j", "npm", "path-to-regexp", "2.0.0", fix("3.3.0")],
  ["GHSA-9wv6-86v2-598j", "npm", "path-to-regexp", "3.3.0", NOT],
  ["GHSA-9wv6-86v2-598j", "npm", "path-to-regexp", "3.9.9", NOT],
  ["GHSA-9wv6-86v2-598j", "npm", "path-to-regexp", "6.2.1", fix("6.3.0")],
  ["GHSA-9wv6-86v2-598j", "npm", "path-to-regexp", "6.3.0", NOT],
  ["GHSA-9wv6-86v2-598j", "npm", "path-to-regexp", "7.0.0", fix("8.0.0")],
  ["GHSA-9wv6-86v2-598j", "npm", "path-to-regexp", "8.0.0", NOT],
  // semver: >=7.0.0 <7.5.2 | >=6.0.0 <6.3.1 | >=0 <5.7.2
  ["GHSA-c2qf-rxjj-qqgw", "npm", "semver", "5.7.1", fix("5.7.2")],
  ["GHSA-c2qf-rxjj-qqgw", "npm", "semver", "5.7.2", NOT],
  ["GHSA-c2qf-rxjj-qqgw", "npm", "semver", "6.0.0", fix("6.3.1")],
  ["GHSA-c2qf-rxjj-qqgw", "npm", "semver", "6.3.0", fix("6.3.1")],
  ["GHSA-c2qf-rxjj-qqgw", "npm", "semver", "6.3.1", NOT],
  ["GHSA-c2qf-rxjj-qqgw", "npm", "semver", "7.0.0", fix("7.5.2")],
  ["GHSA-c2qf-rxjj-qqgw", "npm", "semver", "7.5.1", fix("7.5.2")],
  ["GHSA-c2qf-rxjj-qqgw", "npm", "semver", "7.5.2", NOT],
  // follow-redirects: >=0 <1.15.6 (prose says <=1.15.5; ranges win)
  ["GHSA-cxjh-pqwp-8mfp", "npm", "follow-redirects", "1.15.5", fix("1.15.6")],
  ["GHSA-cxjh-pqwp-8mfp", "npm", "follow-redirects", "1.15.6", NOT],
  // braces: >=0 <3.0.3
  ["GHSA-grv7-fg5c-xmjg", "npm", "braces", "2.3.2", fix("3.0.3")],
  ["GHSA-grv7-fg5c-xmjg", "npm", "braces", "3.0.3", NOT],
  // follow-redirects: >=0 <1.15.4
  ["GHSA-jchw-25xp-jwwc", "npm", "follow-redirects", "1.15.3", fix("1.15.4")],
  ["GHSA-jchw-25xp-jwwc", "npm", "follow-redirects", "1.15.4", NOT],
  ["GHSA-jchw-25xp-jwwc", "npm", "follow-redirects", "1.15.5", NOT],
  // lodash <4.17.12; lodash-es <4.17.14; lodash-amd <4.17.13; lodash.defaultsdeep <4.6.1
  ["GHSA-jf85-cpcp-j695", "npm", "lodash", "4.17.11", fix("4.17.12")],
  ["GHSA-jf85-cpcp-j695", "npm", "lodash", "4.17.12", NOT],
  ["GHSA-jf85-cpcp-j695", "npm", "lodash-es", "4.17.13", fix("4.17.14")],
  ["GHSA-jf85-cpcp-j695", "npm", "lodash-es", "4.17.14", NOT],
  ["GHSA-jf85-cpcp-j695", "npm", "lodash-amd", "4.17.12", fix("4.17.13")],
  ["GHSA-jf85-cpcp-j695", "npm", "lodash-amd", "4.17.13", NOT],
  ["GHSA-jf85-cpcp-j695", "npm", "lodash.defaultsdeep", "4.6.0", fix("4.6.1")],
  ["GHSA-jf85-cpcp-j695", "npm", "lodash.defaultsdeep", "4.6.1", NOT],
  // lodash, lodash-es: >=0 <4.17.20 (details say "prior to 4.17.19"; ranges win)
  ["GHSA-p6mc-m468-83gw", "npm", "lodash", "4.17.19", fix("4.17.20")],
  ["GHSA-p6mc-m468-83gw", "npm", "lodash", "4.17.20", NOT],
  ["GHSA-p6mc-m468-83gw", "npm", "lodash-es", "4.17.19", fix("4.17.20")],
  // axios: >=0.8.1 <1.6.0
  ["GHSA-wf5p-g6vw-rhxx", "npm", "axios", "0.8.0", NOT],
  ["GHSA-wf5p-g6vw-rhxx", "npm", "axios", "0.8.1", fix("1.6.0")],
  ["GHSA-wf5p-g6vw-rhxx", "npm", "axios", "0.21.1", fix("1.6.0")],
  ["GHSA-wf5p-g6vw-rhxx", "npm", "axios", "1.5.1", fix("1.6.0")],
  ["GHSA-wf5p-g6vw-rhxx", "npm", "axios", "1.6.0", NOT],
  ["GHSA-wf5p-g6vw-rhxx", "npm", "axios", "1.6.0-beta.1", fix("1.6.0")],
  // minimist: >=1.0.0 <1.2.6 | >=0 <0.2.4
  ["GHSA-xvch-5gv4-984h", "npm", "minimist", "0.0.8", fix("0.2.4")],
  ["GHSA-xvch-5gv4-984h", "npm", "minimist", "0.2.4", NOT],
  ["GHSA-xvch-5gv4-984h", "npm", "minimist", "0.2.5", NOT],
  ["GHSA-xvch-5gv4-984h", "npm", "minimist", "1.0.0", fix("1.2.6")],
  ["GHSA-xvch-5gv4-984h", "npm", "minimist", "1.2.5", fix("1.2.6")],
  ["GHSA-xvch-5gv4-984h", "npm", "minimist", "1.2.6", NOT],
  // urllib3: >=0 <1.26.19 | >=2.0.0 <2.2.2
  ["GHSA-34jh-p97f-mpxf", "PyPI", "urllib3", "1.26.18", fix("1.26.19")],
  ["GHSA-34jh-p97f-mpxf", "PyPI", "urllib3", "1.26.19", NOT],
  ["GHSA-34jh-p97f-mpxf", "PyPI", "urllib3", "2.0.0", fix("2.2.2")],
  ["GHSA-34jh-p97f-mpxf", "PyPI", "urllib3", "2.2.1", fix("2.2.2")],
  ["GHSA-34jh-p97f-mpxf", "PyPI", "urllib3", "2.2.2", NOT],
  // a pre-release of 2.0.0 sorts above 1.26.19 and below `introduced: 2.0.0`: in neither range
  ["GHSA-34jh-p97f-mpxf", "PyPI", "urllib3", "2.0.0a1", NOT],
  // requests: >=0 <2.32.2 (last_known_affected_version_range "< 2.32.0" is prose; ranges win)
  ["GHSA-9wx4-h78v-vm56", "PyPI", "requests", "2.31.0", fix("2.32.2")],
  ["GHSA-9wx4-h78v-vm56", "PyPI", "requests", "2.32.0", fix("2.32.2")],
  ["GHSA-9wx4-h78v-vm56", "PyPI", "requests", "2.32.2", NOT],
  ["GHSA-9wx4-h78v-vm56", "PyPI", "Requests", "2.32.1", fix("2.32.2")],
  // jinja2: >=0 <3.1.3 (record names it `jinja2`)
  ["GHSA-h5c8-rqwp-cp95", "PyPI", "jinja2", "3.1.2", fix("3.1.3")],
  ["GHSA-h5c8-rqwp-cp95", "PyPI", "Jinja2", "3.1.2", fix("3.1.3")],
  ["GHSA-h5c8-rqwp-cp95", "PyPI", "jinja2", "3.1.3", NOT],
  // Jinja2: >=0 <3.1.4 (record names it `Jinja2`; PEP 503 makes both spellings one package)
  ["GHSA-h75v-3vvj-5mfj", "PyPI", "jinja2", "3.1.3", fix("3.1.4")],
  ["GHSA-h75v-3vvj-5mfj", "PyPI", "Jinja2", "3.0", fix("3.1.4")],
  ["GHSA-h75v-3vvj-5mfj", "PyPI", "jinja2", "3.1.4", NOT],
  ["GHSA-h75v-3vvj-5mfj", "PyPI", "jinja2", "3.1.4.post1", NOT],
  // requests: >=2.3.0 <2.31.0
  ["GHSA-j8r2-6x86-q33q", "PyPI", "requests", "2.2.1", NOT],
  ["GHSA-j8r2-6x86-q33q", "PyPI", "requests", "2.3.0", fix("2.31.0")],
  ["GHSA-j8r2-6x86-q33q", "PyPI", "requests", "2.3", fix("2.31.0")],
  ["GHSA-j8r2-6x86-q33q", "PyPI", "requests", "2.30.0", fix("2.31.0")],
  ["GHSA-j8r2-6x86-q33q", "PyPI", "requests", "2.31.0", NOT],
  // urllib3: >=2.0.0 <2.0.6 | >=0 <1.26.17
  ["GHSA-v845-jxx5-vc9f", "PyPI", "urllib3", "1.26.16", fix("1.26.17")],
  ["GHSA-v845-jxx5-vc9f", "PyPI", "urllib3", "1.26.17", NOT],
  ["GHSA-v845-jxx5-vc9f", "PyPI", "urllib3", "1.26.20", NOT],
  ["GHSA-v845-jxx5-vc9f", "PyPI", "urllib3", "2.0.0", fix("2.0.6")],
  ["GHSA-v845-jxx5-vc9f", "PyPI", "urllib3", "2.0.5", fix("2.0.6")],
  ["GHSA-v845-jxx5-vc9f", "PyPI", "urllib3", "2.0.6", NOT],
  // golang.org/x/net: >=0 <0.17.0 (OSV writes no `v`; go.mod does)
  ["GHSA-4374-p667-p6c8", "Go", "golang.org/x/net", "v0.16.0", fix("v0.17.0")],
  ["GHSA-4374-p667-p6c8", "Go", "golang.org/x/net", "0.16.0", fix("0.17.0")],
  ["GHSA-4374-p667-p6c8", "Go", "golang.org/x/net", "v0.0.0-20230101000000-abcdef123456", fix("v0.17.0")],
  ["GHSA-4374-p667-p6c8", "Go", "golang.org/x/net", "v0.17.0", NOT],
  ["GHSA-4374-p667-p6c8", "Go", "golang.org/x/net", "v0.17.1-0.20231010000000-abcdef123456", NOT],
  ["GHSA-4374-p667-p6c8", "Go", "golang.org/x/text", "v0.3.0", NOT],
  // tokio: >=1.7.0 <1.18.4 | >=1.19.0 <1.20.3 | >=1.21.0 <1.23.1
  ["GHSA-7rrj-xr53-82p7", "crates.io", "tokio", "1.6.9", NOT],
  ["GHSA-7rrj-xr53-82p7", "crates.io", "tokio", "1.7.0", fix("1.18.4")],
  ["GHSA-7rrj-xr53-82p7", "crates.io", "tokio", "1.18.3", fix("1.18.4")],
  ["GHSA-7rrj-xr53-82p7", "crates.io", "tokio", "1.18.4", NOT],
  ["GHSA-7rrj-xr53-82p7", "crates.io", "tokio", "1.18.9", NOT],
  ["GHSA-7rrj-xr53-82p7", "crates.io", "tokio", "1.19.0", fix("1.20.3")],
  ["GHSA-7rrj-xr53-82p7", "crates.io", "tokio", "1.20.3", NOT],
  ["GHSA-7rrj-xr53-82p7", "crates.io", "tokio", "1.21.0", fix("1.23.1")],
  ["GHSA-7rrj-xr53-82p7", "crates.io", "tokio", "1.23.0", fix("1.23.1")],
  ["GHSA-7rrj-xr53-82p7", "crates.io", "tokio", "1.23.1", NOT],
  // regex: >=0 <1.5.5
  ["GHSA-m5pq-gvj9-9vr8", "crates.io", "regex", "1.5.4", fix("1.5.5")],
  ["GHSA-m5pq-gvj9-9vr8", "crates.io", "regex", "1.5.5", NOT],
  // log4j-core: >=2.13.0 <2.16.0 | >=0 <2.12.2
  ["GHSA-7rjr-3q55-vv33", "Maven", "org.apache.logging.log4j:log4j-core", "2.12.1", fix("2.12.2")],
  ["GHSA-7rjr-3q55-vv33", "Maven", "org.apache.logging.log4j:log4j-core", "2.12.2", NOT],
  ["GHSA-7rjr-3q55-vv33", "Maven", "org.apache.logging.log4j:log4j-core", "2.12.4", NOT],
  ["GHSA-7rjr-3q55-vv33", "Maven", "org.apache.logging.log4j:log4j-core", "2.13.0", fix("2.16.0")],
  ["GHSA-7rjr-3q55-vv33", "Maven", "org.apache.logging.log4j:log4j-core", "2.15.0", fix("2.16.0")],
  ["GHSA-7rjr-3q55-vv33", "Maven", "org.apache.logging.log4j:log4j-core", "2.16.0", NOT],
  ["GHSA-7rjr-3q55-vv33", "Maven", "org.apache.logging.log4j:log4j-api", "2.15.0", NOT],
  // log4j-core: >=2.13.0 <2.15.0 | >=0 <2.3.1 | >=2.4 <2.12.2
  ["GHSA-jfh8-c2jp-5v3q", "Maven", "org.apache.logging.log4j:log4j-core", "2.0-beta9", fix("2.3.1")],
  ["GHSA-jfh8-c2jp-5v3q", "Maven", "org.apache.logging.log4j:log4j-core", "2.3", fix("2.3.1")],
  ["GHSA-jfh8-c2jp-5v3q", "Maven", "org.apache.logging.log4j:log4j-core", "2.3.1", NOT],
  ["GHSA-jfh8-c2jp-5v3q", "Maven", "org.apache.logging.log4j:log4j-core", "2.3.2", NOT],
  ["GHSA-jfh8-c2jp-5v3q", "Maven", "org.apache.logging.log4j:log4j-core", "2.4", fix("2.12.2")],
  ["GHSA-jfh8-c2jp-5v3q", "Maven", "org.apache.logging.log4j:log4j-core", "2.4.0", fix("2.12.2")],
  ["GHSA-jfh8-c2jp-5v3q", "Maven", "org.apache.logging.log4j:log4j-core", "2.12.1", fix("2.12.2")],
  ["GHSA-jfh8-c2jp-5v3q", "Maven", "org.apache.logging.log4j:log4j-core", "2.12.2", NOT],
  ["GHSA-jfh8-c2jp-5v3q", "Maven", "org.apache.logging.log4j:log4j-core", "2.13.0", fix("2.15.0")],
  ["GHSA-jfh8-c2jp-5v3q", "Maven", "org.apache.logging.log4j:log4j-core", "2.14.1", fix("2.15.0")],
  ["GHSA-jfh8-c2jp-5v3q", "Maven", "org.apache.logging.log4j:log4j-core", "2.15.0", NOT],
  ["GHSA-jfh8-c2jp-5v3q", "Maven", "org.apache.logging.log4j:log4j-core", "2.17.1", NOT],
];

describe("real OSV records", () => {
  it("loads all 25 records of the README", () => {
    expect(records.size).toBe(25);
  });

  it("has at least one affected and one unaffected row for every record", () => {
    for (const id of records.keys()) {
      const rows = ROWS.filter((r) => r[0] === id);
      expect(
        rows.some((r) => r[4] !== NOT),
        `${id} affected row`,
      ).toBe(true);
      expect(
        rows.some((r) => r[4] === NOT),
        `${id} unaffected row`,
      ).toBe(true);
    }
  });

  it.each(ROWS)("%s: %s %s@%s → %j", (id, ecosystem, name, version, expected) => {
    const record = records.get(id);
    if (!record) throw new Error(`record ${id} missing from ${OSV_DIR}`);
    const match = matchAdvisory({ ecosystem, name, version }, record);
    if (expected === NOT) {
      expect(match).toBeUndefined();
      return;
    }
    expect(match).toBeDefined();
    expect(match!.advisoryId).toBe(id);
    if (expected === "no-fix") {
      expect(match!.noFix).toBe(true);
      expect(match!.fixedVersion).toBeUndefined();
      return;
    }
    expect(match!.noFix).toBe(false);
    expect(match!.fixedVersion).toBe(expected.fixed);
  });
});

describe("what the real records say beyond match / no match", () => {
  const get = (id: string): OsvRecord => records.get(id)!;

  it("lists every higher fix of semver's branches but reports the installed branch's one", () => {
    const m = matchAdvisory({ ecosystem: "npm", name: "semver", version: "6.0.0" }, get("GHSA-c2qf-rxjj-qqgw"));
    expect(m).toMatchObject({
      fixedVersion: "6.3.1",
      fixedCandidates: ["6.3.1", "7.5.2"],
      rangeText: ">=6.0.0 <6.3.1",
    });
    expect(m!.affectedIndex).toBe(1);
    expect(m!.aliases).toEqual(["CVE-2022-25883"]);
  });

  it("points at the ws entry that holds the installed branch", () => {
    const m = matchAdvisory({ ecosystem: "npm", name: "ws", version: "7.4.6" }, get("GHSA-3h5v-q93c-6h6q"));
    expect(m).toMatchObject({ affectedIndex: 2, rangeText: ">=7.0.0 <7.5.10", fixedCandidates: ["7.5.10", "8.17.1"] });
  });

  it("describes ip's last_affected range and offers no fix", () => {
    const m = matchAdvisory({ ecosystem: "npm", name: "ip", version: "1.1.8" }, get("GHSA-78xj-cgh5-2h22"));
    expect(m).toMatchObject({ noFix: true, fixedCandidates: [], rangeText: "<=1.1.8" });
  });

  it("writes a range from the first version without a lower bound", () => {
    const m = matchAdvisory({ ecosystem: "npm", name: "braces", version: "1.8.5" }, get("GHSA-grv7-fg5c-xmjg"));
    expect(m?.rangeText).toBe("<3.0.3");
  });

  it("keeps the lockfile's name and version in the match", () => {
    const m = matchAdvisory({ ecosystem: "PyPI", name: "Jinja2", version: "3.1.2" }, get("GHSA-h5c8-rqwp-cp95"));
    expect(m?.package).toEqual({ ecosystem: "PyPI", name: "Jinja2", version: "3.1.2" });
  });

  it("does not match a package of another ecosystem with the same name", () => {
    expect(
      matchAdvisory({ ecosystem: "PyPI", name: "semver", version: "2.0.0" }, get("GHSA-c2qf-rxjj-qqgw")),
    ).toBeUndefined();
  });
});
