import { dirname } from "node:path";
import { InputError } from "@upkeep/shared/errors.js";
import { nodeFileSystem } from "@upkeep/shared/io/node-fs.js";
import { type VulnerabilitySourceContext, vulnerabilitySources } from "@upkeep/shared/patch/datasources/registry.js";
import { packageKey } from "@upkeep/shared/patch/datasources/types.js";
import type { PackageRef } from "@upkeep/shared/patch/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { osvFixtureDir } from "../../../fixtures/osv/index.js";
import { type OsvStandIn, startOsvStandIn } from "../../../stand-ins/osv/index.js";

// One table of package versions and the advisories that affect them (by hand, from the records' ranges).
const expected: [PackageRef, string[]][] = [
  [{ ecosystem: "npm", name: "semver", version: "6.0.0" }, ["GHSA-c2qf-rxjj-qqgw"]],
  [{ ecosystem: "npm", name: "semver", version: "6.3.1" }, []],
  [{ ecosystem: "npm", name: "ws", version: "7.5.9" }, ["GHSA-3h5v-q93c-6h6q"]],
  [{ ecosystem: "npm", name: "ip", version: "1.1.8" }, ["GHSA-78xj-cgh5-2h22"]],
  [{ ecosystem: "PyPI", name: "URLLib3", version: "2.0.5" }, ["GHSA-34jh-p97f-mpxf", "GHSA-v845-jxx5-vc9f"]],
  [{ ecosystem: "Go", name: "golang.org/x/net", version: "v0.16.0" }, ["GHSA-4374-p667-p6c8"]],
  [{ ecosystem: "crates.io", name: "regex", version: "1.5.4" }, ["GHSA-m5pq-gvj9-9vr8"]],
  [
    { ecosystem: "Maven", name: "org.apache.logging.log4j:log4j-core", version: "2.14.1" },
    ["GHSA-7rjr-3q55-vv33", "GHSA-jfh8-c2jp-5v3q"],
  ],
  [{ ecosystem: "RubyGems", name: "rails", version: "7.0.0" }, []],
];

let osv: OsvStandIn;
beforeAll(async () => {
  osv = await startOsvStandIn();
});
afterAll(async () => {
  await osv.close();
});

function context(): VulnerabilitySourceContext {
  return {
    fetch,
    osvUrl: osv.url,
    fs: nodeFileSystem(dirname(osvFixtureDir)),
    osvDir: "osv",
    githubClient: { request: async () => ({ data: [], headers: {} }) },
  };
}

describe.each([...vulnerabilitySources.keys()])("vulnerability source %s", (id) => {
  it("answers once per unique package, every package present, with numeric stats", async () => {
    const source = vulnerabilitySources.get(id)!(context());
    expect(source.id).toBe(id);
    const packages = expected.map(([p]) => p);
    const result = await source.query([...packages, ...packages.map((p) => ({ ...p }))]);
    expect([...result.byPackage.keys()].sort()).toEqual(packages.map(packageKey).sort());
    for (const value of Object.values(result.stats)) expect(Number.isInteger(value)).toBe(true);
  });

  it("says what it needs when the context lacks it", () => {
    expect(() => vulnerabilitySources.get(id)!({})).toThrow(InputError);
  });
});

describe.each(["osv", "osv-offline"] as const)("%s on the real records", (id) => {
  it.each(expected)("%o -> %o", async (pkg, ids) => {
    const result = await vulnerabilitySources.get(id)!(context()).query([pkg]);
    expect(
      result.byPackage
        .get(packageKey(pkg))!
        .map((r) => r.id)
        .sort(),
    ).toEqual(ids);
  });
});
