import { ExternalServiceError, InputError } from "@upkeep/shared/errors.js";
import { createGitHubClient } from "@upkeep/shared/github/client.js";
import { githubAdvisoryToOsv, githubRangeToEvents } from "@upkeep/shared/patch/datasources/github/convert.js";
import {
  createGitHubAdvisorySource,
  type GitHubRequestClient,
  nextCursor,
} from "@upkeep/shared/patch/datasources/github/github-source.js";
import { packageKey } from "@upkeep/shared/patch/datasources/types.js";
import type { PackageRef } from "@upkeep/shared/patch/types.js";
import { describe, expect, it } from "vitest";
import { type GlobalAdvisorySeed, startGitHubStandIn } from "../../../../stand-ins/github/index.js";

// Hand-written in the documented shape of `GET /advisories` (GitHub REST, global advisories).
const semverAdvisory = {
  id: 1,
  ghsa_id: "GHSA-c2qf-rxjj-qqgw",
  cve_id: "CVE-2022-25883",
  url: "https://api.github.com/advisories/GHSA-c2qf-rxjj-qqgw",
  html_url: "https://github.com/advisories/GHSA-c2qf-rxjj-qqgw",
  repository_advisory_url: null,
  summary: "semver vulnerable to Regular Expression Denial of Service",
  description: "Versions of the package semver before 7.5.2 are vulnerable to ReDoS via the function new Range.",
  type: "reviewed",
  severity: "medium",
  source_code_location: "https://github.com/npm/node-semver",
  identifiers: [
    { type: "GHSA", value: "GHSA-c2qf-rxjj-qqgw" },
    { type: "CVE", value: "CVE-2022-25883" },
  ],
  references: ["https://nvd.nist.gov/vuln/detail/CVE-2022-25883"],
  published_at: "2023-06-21T06:30:28Z",
  updated_at: "2024-06-21T21:33:53Z",
  github_reviewed_at: "2023-06-22T16:19:12Z",
  nvd_published_at: "2023-06-21T05:15:09Z",
  withdrawn_at: null,
  vulnerabilities: [
    {
      package: { ecosystem: "npm", name: "semver" },
      vulnerable_version_range: ">= 7.0.0, < 7.5.2",
      first_patched_version: "7.5.2",
      vulnerable_functions: [],
    },
    {
      package: { ecosystem: "npm", name: "semver" },
      vulnerable_version_range: ">= 6.0.0, < 6.3.1",
      first_patched_version: "6.3.1",
      vulnerable_functions: [],
    },
    {
      package: { ecosystem: "npm", name: "semver" },
      vulnerable_version_range: "< 5.7.2",
      first_patched_version: "5.7.2",
      vulnerable_functions: [],
    },
  ],
  cvss_severities: {
    cvss_v3: { vector_string: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", score: 5.3 },
    cvss_v4: { vector_string: null, score: 0 },
  },
  cwes: [{ cwe_id: "CWE-1333", name: "Inefficient Regular Expression Complexity" }],
  epss: { percentage: 0.00238, percentile: "0.62" },
  credits: [],
};

const ipAdvisory = {
  ghsa_id: "GHSA-78xj-cgh5-2h22",
  cve_id: "CVE-2023-42282",
  html_url: "https://github.com/advisories/GHSA-78xj-cgh5-2h22",
  summary: "NPM IP package incorrectly identifies some private IP addresses as public",
  description: "The isPublic() function in the NPM package ip doesn't correctly identify certain private IP addresses.",
  type: "reviewed",
  severity: "low",
  identifiers: [{ type: "GHSA", value: "GHSA-78xj-cgh5-2h22" }],
  references: [],
  published_at: "2024-02-08T18:30:39Z",
  updated_at: "2024-05-20T21:47:52Z",
  withdrawn_at: null,
  vulnerabilities: [
    {
      package: { ecosystem: "npm", name: "ip" },
      vulnerable_version_range: "<= 1.1.8",
      first_patched_version: null,
      vulnerable_functions: ["isPublic"],
    },
  ],
  cvss_severities: {
    cvss_v3: { vector_string: null, score: null },
    cvss_v4: { vector_string: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N", score: 6.9 },
  },
  cwes: [],
};

const jinjaAdvisory = {
  ghsa_id: "GHSA-h75v-3vvj-5mfj",
  cve_id: "CVE-2024-34064",
  html_url: "https://github.com/advisories/GHSA-h75v-3vvj-5mfj",
  summary: "Jinja vulnerable to HTML attribute injection when passing user input as keys to xmlattr filter",
  type: "reviewed",
  severity: "medium",
  identifiers: [
    { type: "GHSA", value: "GHSA-h75v-3vvj-5mfj" },
    { type: "CVE", value: "CVE-2024-34064" },
  ],
  published_at: "2024-05-06T14:20:23Z",
  updated_at: "2024-06-17T18:39:55Z",
  withdrawn_at: null,
  vulnerabilities: [
    {
      package: { ecosystem: "pip", name: "Jinja2" },
      vulnerable_version_range: "< 3.1.4",
      first_patched_version: "3.1.4",
    },
    {
      package: { ecosystem: "actions", name: "some/action" },
      vulnerable_version_range: "< 1",
      first_patched_version: "1",
    },
  ],
  cvss: { vector_string: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N", score: 5.4 },
  cwes: [{ cwe_id: "CWE-79", name: "Cross-site Scripting" }],
};

const ALL = [semverAdvisory, ipAdvisory, jinjaAdvisory];
const GITHUB_ECOSYSTEM: Record<string, string> = { npm: "npm", pip: "pip" };

/** Answers `GET /advisories` the way api.github.com does: filtered by ecosystem and affects, paged by cursor. */
function fakeGitHub(): GitHubRequestClient & { calls: Record<string, unknown>[] } {
  const calls: Record<string, unknown>[] = [];
  return {
    calls,
    async request(route, params) {
      calls.push(params);
      if (route !== "GET /advisories") throw Object.assign(new Error("Not Found"), { status: 404 });
      const names = String(params.affects)
        .split(",")
        .map((a) => a.slice(0, a.lastIndexOf("@")).toLowerCase());
      const hits = ALL.filter((a) =>
        a.vulnerabilities.some(
          (v) =>
            GITHUB_ECOSYSTEM[v.package.ecosystem] === params.ecosystem && names.includes(v.package.name.toLowerCase()),
        ),
      );
      const start = params.after ? Number(Buffer.from(String(params.after), "base64url").toString()) : 0;
      const perPage = Number(params.per_page ?? 30);
      const data = hits.slice(start, start + perPage);
      const headers: Record<string, string | undefined> = {};
      if (start + perPage < hits.length) {
        const after = Buffer.from(String(start + perPage)).toString("base64url");
        headers.link = `<https://api.github.com/advisories?per_page=${perPage}&after=${after}>; rel="next"`;
      }
      return { data, headers };
    },
  };
}

const semver6: PackageRef = { ecosystem: "npm", name: "semver", version: "6.0.0" };
const semver76: PackageRef = { ecosystem: "npm", name: "semver", version: "7.6.0" };
const ip: PackageRef = { ecosystem: "npm", name: "ip", version: "1.1.8" };
const jinja: PackageRef = { ecosystem: "PyPI", name: "jinja2", version: "3.1.3" };

describe("GitHub advisory source", () => {
  it("asks per ecosystem with affects=name@version and keeps what affects each version", async () => {
    const client = fakeGitHub();
    const result = await createGitHubAdvisorySource({ client }).query([semver6, ip, jinja, semver76, { ...ip }]);
    expect(result.byPackage.get(packageKey(semver6))!.map((r) => r.id)).toEqual(["GHSA-c2qf-rxjj-qqgw"]);
    expect(result.byPackage.get(packageKey(semver76))).toEqual([]);
    expect(result.byPackage.get(packageKey(ip))!.map((r) => r.id)).toEqual(["GHSA-78xj-cgh5-2h22"]);
    expect(result.byPackage.get(packageKey(jinja))!.map((r) => r.id)).toEqual(["GHSA-h75v-3vvj-5mfj"]);
    // One version per name per request: semver 7.6.0 goes in a second npm batch.
    expect(client.calls.map((c) => [c.ecosystem, c.affects])).toEqual([
      ["npm", "semver@6.0.0,ip@1.1.8"],
      ["npm", "semver@7.6.0"],
      ["pip", "jinja2@3.1.3"],
    ]);
    expect(client.calls[0]).toMatchObject({ per_page: 100, type: "reviewed" });
  });

  it("follows the Link header's cursor through every page", async () => {
    const client = fakeGitHub();
    const result = await createGitHubAdvisorySource({ client, perPage: 1 }).query([semver6, ip]);
    expect(client.calls.map((c) => c.after ?? null)).toEqual([null, expect.any(String)]);
    expect(result.stats).toMatchObject({ requests: 2, advisoriesFetched: 2 });
    expect(result.byPackage.get(packageKey(ip))!.map((r) => r.id)).toEqual(["GHSA-78xj-cgh5-2h22"]);
  });

  it("wraps a failing client in ExternalServiceError and refuses a non-list answer", async () => {
    const failing: GitHubRequestClient = {
      request: async () => {
        throw Object.assign(new Error("Server Error"), { status: 502 });
      },
    };
    const err = await createGitHubAdvisorySource({ client: failing })
      .query([ip])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExternalServiceError);
    expect(err).toMatchObject({ service: "github", status: 502 });
    const odd: GitHubRequestClient = { request: async () => ({ data: { message: "hi" }, headers: {} }) };
    await expect(createGitHubAdvisorySource({ client: odd }).query([ip])).rejects.toThrow(
      /not .*list|other than a list/,
    );
  });

  it("reads the next cursor from a Link header", () => {
    expect(
      nextCursor(
        '<https://api.github.com/advisories?after=Y3Vyc29yOnYy&per_page=2>; rel="next", <https://api.github.com/advisories?before=X>; rel="prev"',
      ),
    ).toBe("Y3Vyc29yOnYy");
    expect(nextCursor('<https://api.github.com/advisories?before=X>; rel="prev"')).toBeUndefined();
    expect(nextCursor(undefined)).toBeUndefined();
  });
});

describe("GitHub advisory -> OSV record", () => {
  it("converts ids, aliases, every affected range, severities and dates", () => {
    const record = githubAdvisoryToOsv(semverAdvisory);
    expect(record).toMatchObject({
      id: "GHSA-c2qf-rxjj-qqgw",
      aliases: ["CVE-2022-25883"],
      published: "2023-06-21T06:30:28Z",
      modified: "2024-06-21T21:33:53Z",
      summary: "semver vulnerable to Regular Expression Denial of Service",
      severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L" }],
      database_specific: { severity: "MODERATE", cwe_ids: ["CWE-1333"], github_reviewed: true },
    });
    expect(record.withdrawn).toBeUndefined();
    expect(record.affected!.map((a) => a.ranges![0]!.events)).toEqual([
      [{ introduced: "7.0.0" }, { fixed: "7.5.2" }],
      [{ introduced: "6.0.0" }, { fixed: "6.3.1" }],
      [{ introduced: "0" }, { fixed: "5.7.2" }],
    ]);
    expect(record.references).toContainEqual({
      type: "ADVISORY",
      url: "https://github.com/advisories/GHSA-c2qf-rxjj-qqgw",
    });
  });

  it("keeps a CVSS v4 vector, has no fix for a <= range without a patch, and names functions", () => {
    const record = githubAdvisoryToOsv(ipAdvisory);
    expect(record.severity).toEqual([
      { type: "CVSS_V4", score: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N" },
    ]);
    expect(record.affected![0]!.ranges![0]!.events).toEqual([{ introduced: "0" }, { last_affected: "1.1.8" }]);
    expect(record.affected![0]!.ecosystem_specific).toEqual({ affected_functions: ["isPublic"] });
    expect(record.database_specific?.severity).toBe("LOW");
  });

  it("maps GitHub's ecosystem names, drops unscanned ones, and reads the older cvss field", () => {
    const record = githubAdvisoryToOsv(jinjaAdvisory);
    expect(record.affected!.map((a) => a.package)).toEqual([{ ecosystem: "PyPI", name: "Jinja2" }]);
    expect(record.severity).toEqual([{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N" }]);
  });

  it.each([
    ["< 1.0.3", "1.0.3", [{ introduced: "0" }, { fixed: "1.0.3" }]],
    ["<= 1.0.2", "1.0.3", [{ introduced: "0" }, { fixed: "1.0.3" }]],
    ["<= 1.1.8", null, [{ introduced: "0" }, { last_affected: "1.1.8" }]],
    [">= 7.0.0, < 7.5.2", "7.5.2", [{ introduced: "7.0.0" }, { fixed: "7.5.2" }]],
    [">= 2.0.0, <= 2.3.0", null, [{ introduced: "2.0.0" }, { last_affected: "2.3.0" }]],
    ["= 2.0.0", null, [{ introduced: "2.0.0" }, { last_affected: "2.0.0" }]],
    ["= 2.0.0", "2.0.1", [{ introduced: "2.0.0" }, { last_affected: "2.0.0" }]],
    [">= 4.0.0", null, [{ introduced: "4.0.0" }]],
    [">= 1.0.0.pre, < 1.2.3.1", "1.2.3.1", [{ introduced: "1.0.0.pre" }, { fixed: "1.2.3.1" }]],
  ])("range %s (patched %s) -> events", (range, patched, events) => {
    expect(githubRangeToEvents(range, patched)).toEqual(events);
  });

  it("throws on a range clause it cannot read", () => {
    expect(() => githubRangeToEvents(">= 1.0 or < 2.0")).toThrow(InputError);
  });
});

describe("GitHub advisory source through Octokit and the GitHub stand-in", () => {
  it("lists, pages and converts the advisories GitHub returns for name@version", async () => {
    const gh = await startGitHubStandIn();
    try {
      // The stand-in's seed carries one `cvss` vector and serves it in both `cvss` and `cvss_severities.cvss_v3`.
      const cvss = { vector_string: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", score: 5.3 };
      gh.state.addAdvisory({ ...semverAdvisory, cvss } as GlobalAdvisorySeed);
      gh.state.addAdvisory(ipAdvisory as GlobalAdvisorySeed);
      gh.state.addAdvisory({
        ...jinjaAdvisory,
        vulnerabilities: jinjaAdvisory.vulnerabilities.filter((v) => v.package.ecosystem !== "actions"),
      } as GlobalAdvisorySeed);
      const client = createGitHubClient({ baseUrl: gh.url, token: "ghp_standintoken000000000000000000000000" });
      const source = createGitHubAdvisorySource({ client, perPage: 1 });
      const result = await source.query([semver6, semver76, ip, jinja]);
      expect(result.byPackage.get(packageKey(semver6))!.map((r) => r.id)).toEqual(["GHSA-c2qf-rxjj-qqgw"]);
      expect(result.byPackage.get(packageKey(semver76))).toEqual([]);
      expect(result.byPackage.get(packageKey(ip))!.map((r) => r.id)).toEqual(["GHSA-78xj-cgh5-2h22"]);
      expect(result.byPackage.get(packageKey(jinja))!.map((r) => r.id)).toEqual(["GHSA-h75v-3vvj-5mfj"]);
      expect(result.byPackage.get(packageKey(semver6))![0]!.severity).toEqual([
        { type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L" },
      ]);
    } finally {
      await gh.close();
    }
  });
});
