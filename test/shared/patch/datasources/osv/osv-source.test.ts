import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExternalServiceError } from "@upkeep/shared/errors.js";
import { nodeFileSystem } from "@upkeep/shared/io/node-fs.js";
import { recordingLogger } from "@upkeep/shared/logger.js";
import { fileSystemCache, memoryCache } from "@upkeep/shared/patch/datasources/osv/cache.js";
import { createOsvSource, type OsvSourceOptions } from "@upkeep/shared/patch/datasources/osv/osv-source.js";
import { packageKey } from "@upkeep/shared/patch/datasources/types.js";
import type { PackageRef } from "@upkeep/shared/patch/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadOsvFixtures } from "../../../../fixtures/osv/index.js";
import { type OsvStandIn, startOsvStandIn } from "../../../../stand-ins/osv/index.js";

const lodash: PackageRef = { ecosystem: "npm", name: "lodash", version: "4.17.11" };
const semver6: PackageRef = { ecosystem: "npm", name: "semver", version: "6.0.0" };
const jinja: PackageRef = { ecosystem: "PyPI", name: "Jinja2", version: "3.1.2" };
const xnet: PackageRef = { ecosystem: "Go", name: "golang.org/x/net", version: "v0.16.0" };
const safe: PackageRef = { ecosystem: "npm", name: "lodash", version: "4.17.21" };

const ids = (list: { id: string }[] | undefined) => (list ?? []).map((r) => r.id).sort();

let osv: OsvStandIn;
beforeAll(async () => {
  osv = await startOsvStandIn();
});
afterAll(async () => {
  await osv.close();
});
afterEach(() => {
  osv.clearFaults();
  osv.requests.length = 0;
});

function source(extra: Partial<OsvSourceOptions> = {}) {
  return createOsvSource({ fetch, url: osv.url, backoffMs: 1, ...extra });
}

describe("OSV API source", () => {
  it("finds the advisories of real records, per package, on the installed branch", async () => {
    const result = await source().query([lodash, semver6, jinja, xnet, safe]);
    expect(ids(result.byPackage.get(packageKey(lodash)))).toEqual([
      "GHSA-35jh-r3h4-6jhm",
      "GHSA-jf85-cpcp-j695",
      "GHSA-p6mc-m468-83gw",
    ]);
    expect(ids(result.byPackage.get(packageKey(semver6)))).toEqual(["GHSA-c2qf-rxjj-qqgw"]);
    // Jinja2 and jinja2 are one PyPI package (PEP 503): both advisories apply to 3.1.2.
    expect(ids(result.byPackage.get(packageKey(jinja)))).toEqual(["GHSA-h5c8-rqwp-cp95", "GHSA-h75v-3vvj-5mfj"]);
    expect(ids(result.byPackage.get(packageKey(xnet)))).toEqual(["GHSA-4374-p667-p6c8"]);
    expect(result.byPackage.get(packageKey(safe))).toEqual([]);
    const full = result.byPackage.get(packageKey(semver6))![0]!;
    expect(full.affected?.[0]?.package?.name).toBe("semver");
  });

  it("asks OSV for Go versions without the v and PyPI names normalised", async () => {
    await source().query([xnet, jinja]);
    const body = JSON.parse(osv.requests.find((r) => r.path === "/v1/querybatch")!.body);
    expect(body.queries).toEqual([
      { package: { ecosystem: "Go", name: "golang.org/x/net" }, version: "0.16.0" },
      { package: { ecosystem: "PyPI", name: "jinja2" }, version: "3.1.2" },
    ]);
  });

  it("deduplicates first: 2,500 package versions (plus 1,000 duplicates) take exactly 3 querybatch calls", async () => {
    const unique: PackageRef[] = [lodash, semver6, jinja, xnet];
    for (let i = 0; unique.length < 2500; i++) unique.push({ ecosystem: "npm", name: `pkg-${i}`, version: "1.0.0" });
    const withDuplicates = [...unique, ...unique.slice(0, 1000).map((p) => ({ ...p })), { ...jinja, name: "jinja2" }];
    const logger = recordingLogger();
    const result = await source({ logger }).query(withDuplicates);

    expect(osv.count("querybatch")).toBe(3);
    for (const r of osv.requests.filter((q) => q.path === "/v1/querybatch")) {
      expect(JSON.parse(r.body).queries.length).toBeLessThanOrEqual(1000);
    }
    expect(result.byPackage.size).toBe(2500);
    // Every unique advisory is fetched once, however many packages it affects.
    const fetched = osv.requests.filter((r) => r.path.startsWith("/v1/vulns/")).map((r) => r.path);
    expect(new Set(fetched).size).toBe(fetched.length);
    expect(fetched.length).toBe(7);
    expect(result.stats).toMatchObject({ batches: 3, advisoriesFetched: 7, cacheHits: 0, requests: 10 });
    expect(logger.records.some((l) => l.level === "info" && l.message.includes("1001 duplicates dropped"))).toBe(true);
  });

  it("reuses cached advisories on a second run and refetches one whose modified time moved on", async () => {
    const cache = memoryCache();
    await source({ cache }).query([lodash, semver6]);
    expect(osv.count("vulns")).toBe(4);
    osv.requests.length = 0;

    const second = await source({ cache }).query([lodash, semver6]);
    expect(osv.count("vulns")).toBe(0);
    expect(second.stats).toMatchObject({ advisoriesFetched: 0, cacheHits: 4 });
    expect(ids(second.byPackage.get(packageKey(lodash)))).toHaveLength(3);

    const record = loadOsvFixtures().find((r) => r.id === "GHSA-c2qf-rxjj-qqgw")!;
    osv.upsert({ ...record, modified: "2030-01-01T00:00:00Z", summary: "updated upstream" });
    try {
      osv.requests.length = 0;
      const third = await source({ cache }).query([lodash, semver6]);
      expect(osv.requests.filter((r) => r.path.startsWith("/v1/vulns/")).map((r) => r.path)).toEqual([
        "/v1/vulns/GHSA-c2qf-rxjj-qqgw",
      ]);
      expect(third.byPackage.get(packageKey(semver6))![0]!.summary).toBe("updated upstream");
    } finally {
      osv.upsert(record);
    }
  });

  it("keeps advisories on disk between runs with the file-system cache", async () => {
    const dir = mkdtempSync(join(tmpdir(), "upkeep-osv-cache-"));
    try {
      const fs = nodeFileSystem(dir);
      await source({ cache: fileSystemCache(fs, ".cache/osv") }).query([semver6]);
      expect(await fs.exists(".cache/osv/GHSA-c2qf-rxjj-qqgw.json")).toBe(true);
      osv.requests.length = 0;
      const again = await source({ cache: fileSystemCache(nodeFileSystem(dir), ".cache/osv") }).query([semver6]);
      expect(osv.count("vulns")).toBe(0);
      expect(again.stats.cacheHits).toBe(1);
      // A corrupt entry is a miss, not an error.
      await fs.writeText(".cache/osv/GHSA-c2qf-rxjj-qqgw.json", "{ half");
      const repaired = await source({ cache: fileSystemCache(fs, ".cache/osv") }).query([semver6]);
      expect(repaired.stats.advisoriesFetched).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("follows next_page_token until every page of a query is read", async () => {
    const paged = await startOsvStandIn({ pageSize: 1 });
    try {
      const result = await createOsvSource({ fetch, url: paged.url }).query([lodash, semver6]);
      expect(ids(result.byPackage.get(packageKey(lodash)))).toHaveLength(3);
      expect(ids(result.byPackage.get(packageKey(semver6)))).toEqual(["GHSA-c2qf-rxjj-qqgw"]);
      const batches = paged.requests.filter((r) => r.path === "/v1/querybatch").map((r) => JSON.parse(r.body).queries);
      expect(batches.map((q) => q.length)).toEqual([2, 1, 1]);
      expect(batches[1][0].page_token).toEqual(expect.any(String));
    } finally {
      await paged.close();
    }
  });

  it("retries 5xx answers and succeeds", async () => {
    osv.fault({ path: "/v1/querybatch", status: 503, times: 2 });
    const result = await source().query([semver6]);
    expect(ids(result.byPackage.get(packageKey(semver6)))).toEqual(["GHSA-c2qf-rxjj-qqgw"]);
    expect(osv.count("querybatch")).toBe(3);
    expect(result.stats.requests).toBe(4);
  });

  it("waits as long as retry-after says on 429", async () => {
    osv.fault({ path: "/v1/vulns/", status: 429, headers: { "retry-after": "0.3" } });
    const started = Date.now();
    await source({ backoffMs: 1 }).query([semver6]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(osv.count("vulns")).toBe(2);
  });

  it("gives up on 5xx forever with an ExternalServiceError that says what to do", async () => {
    osv.fault({ path: "/v1/querybatch", status: 502, times: Number.POSITIVE_INFINITY });
    const err = await source({ retries: 2 })
      .query([semver6])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExternalServiceError);
    expect(err).toMatchObject({ service: "osv", status: 502 });
    expect((err as Error).message).toMatch(/querybatch answered 502 after 3 attempt/);
    expect((err as ExternalServiceError).hint).toMatch(/retry later/);
    expect(osv.count("querybatch")).toBe(3);
  });

  it.each([
    ["an HTML page", "<html><body>Service Unavailable</body></html>", /not JSON: "<html>/],
    ["truncated JSON", '{"results":[{"vulns":[{"id":"GH', /not JSON/],
    ["the wrong shape", '{"results":[]}', /one entry per query \(1\)/],
    ["ids that are not strings", '{"results":[{"vulns":[{"id":7}]}]}', /results\[0\]\.vulns\[0\]\.id/],
  ])("turns %s from querybatch into an ExternalServiceError", async (_what, body, message) => {
    osv.fault({ path: "/v1/querybatch", body });
    const err = await source()
      .query([semver6])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExternalServiceError);
    expect((err as Error).message).toMatch(message);
  });

  it("rejects an advisory body that is not the record asked for", async () => {
    osv.fault({ path: "/v1/vulns/", body: JSON.stringify({ id: "OTHER-1", modified: "2020-01-01T00:00:00Z" }) });
    await expect(source().query([semver6])).rejects.toThrow(/OSV record with id GHSA-c2qf-rxjj-qqgw/);
  });

  it("times out a slow answer", async () => {
    osv.fault({ path: "/v1/querybatch", delayMs: 2000 });
    const err = await source({ timeoutMs: 100, retries: 0 })
      .query([semver6])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExternalServiceError);
    expect((err as Error).message).toMatch(/no answer within 0\.1 s/);
  });

  it("makes no request for an empty package list", async () => {
    const result = await source().query([]);
    expect(result.byPackage.size).toBe(0);
    expect(osv.requests).toHaveLength(0);
  });
});

describe("OSV stand-in", () => {
  it("refuses more than 1,000 queries in one call, as osv.dev does", async () => {
    const queries = Array.from({ length: 1001 }, (_, i) => ({
      package: { ecosystem: "npm", name: `p${i}` },
      version: "1.0.0",
    }));
    const res = await fetch(`${osv.url}/v1/querybatch`, { method: "POST", body: JSON.stringify({ queries }) });
    expect(res.status).toBe(400);
  });

  it("answers {} for a query without vulns and 404 for an unknown id", async () => {
    const res = await fetch(`${osv.url}/v1/querybatch`, {
      method: "POST",
      body: JSON.stringify({ queries: [{ package: { ecosystem: "npm", name: "left-pad" }, version: "1.0.0" }] }),
    });
    expect(await res.json()).toEqual({ results: [{}] });
    expect((await fetch(`${osv.url}/v1/vulns/GHSA-none`)).status).toBe(404);
    const one = await fetch(`${osv.url}/v1/query`, {
      method: "POST",
      body: JSON.stringify({ package: { ecosystem: "npm", name: "minimist" }, version: "1.2.5" }),
    });
    expect(ids(((await one.json()) as { vulns: { id: string }[] }).vulns)).toEqual(["GHSA-xvch-5gv4-984h"]);
  });
});
