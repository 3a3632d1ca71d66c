// The HTTP behaviour a client notices: pagination, ETags, rate limits, faults, auth and OpenAPI validation.
import { Octokit } from "@octokit/rest";
import { beforeAll, describe, expect, it } from "vitest";
import { startGitHubStandIn } from "./index.js";
import { useGitHubStandIn } from "./use-github-stand-in.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const gh = useGitHubStandIn();
let octokit: Octokit;
const repo = { owner: "acme", repo: "paged" };

beforeAll(() => {
  gh().state.createRepo({ owner: "acme", name: "paged" });
  for (let i = 1; i <= 75; i += 1) gh().state.addIssue("acme/paged", { title: `issue ${i}` });
  octokit = new Octokit({ auth: "t0ken", baseUrl: gh().url, log: quiet });
});

describe("pagination", () => {
  it("pages with per_page and page and writes GitHub's Link header", async () => {
    const res = await octokit.rest.issues.listForRepo({ ...repo, per_page: 20, page: 2 });
    expect(res.data).toHaveLength(20);
    const base = `${gh().url}/repos/acme/paged/issues?per_page=20&page=`;
    expect(res.headers.link).toBe(
      `<${base}1>; rel="prev", <${base}3>; rel="next", <${base}4>; rel="last", <${base}1>; rel="first"`,
    );
    const last = await octokit.rest.issues.listForRepo({ ...repo, per_page: 20, page: 4 });
    expect(last.data).toHaveLength(15);
    expect(last.headers.link).toBe(`<${base}3>; rel="prev", <${base}1>; rel="first"`);
  });

  it("answers 30 per page by default and caps per_page at 100", async () => {
    const first = await octokit.rest.issues.listForRepo(repo);
    expect(first.data).toHaveLength(30);
    expect(first.headers.link).toContain('rel="next"');
    expect(first.headers.link).not.toContain('rel="prev"');
    const capped = await octokit.request("GET /repos/{owner}/{repo}/issues", { ...repo, per_page: 500 });
    expect(capped.data).toHaveLength(75);
    expect(capped.headers.link).toBeUndefined();
  });

  it("lets octokit.paginate follow the Link header to every item", async () => {
    gh().resetLog();
    const all = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, per_page: 25 });
    expect(all.map((i) => i.title)).toEqual(Array.from({ length: 75 }, (_, i) => `issue ${75 - i}`));
    expect(gh().requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
      "GET /repos/acme/paged/issues?per_page=25",
      "GET /repos/acme/paged/issues?per_page=25&page=2",
      "GET /repos/acme/paged/issues?per_page=25&page=3",
    ]);
  });
});

describe("ETags and rate limit", () => {
  it("answers 304 to a matching If-None-Match without counting it", async () => {
    const first = await octokit.rest.repos.get(repo);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^W\/"[0-9a-f]+"$/);
    const remaining = Number(first.headers["x-ratelimit-remaining"]);
    const notModified = await octokit.rest.repos
      .get({ ...repo, headers: { "if-none-match": etag } })
      .catch((err: { status: number; response: { headers: Record<string, string> } }) => err);
    expect(notModified).toMatchObject({ status: 304 });
    const again = await octokit.rest.repos.get(repo);
    expect(Number(again.headers["x-ratelimit-remaining"])).toBe(remaining - 1);
    const log = gh().requests.slice(-2);
    expect(log.map((r) => [r.status, r.counted])).toEqual([
      [304, false],
      [200, true],
    ]);
  });

  it("changes the ETag when the resource changes", async () => {
    const issue = gh().state.addIssue("acme/paged", { title: "etag" });
    const a = await octokit.rest.issues.get({ ...repo, issue_number: issue.number });
    await octokit.rest.issues.update({ ...repo, issue_number: issue.number, body: "changed" });
    const b = await octokit.rest.issues.get({ ...repo, issue_number: issue.number });
    expect(a.headers.etag).not.toBe(b.headers.etag);
  });

  it("sends GitHub's rate limit headers and refuses with 403 once the limit is used up", async () => {
    const small = await startGitHubStandIn({ rateLimit: 3 });
    try {
      small.state.createRepo({ owner: "o", name: "r" });
      const client = new Octokit({ auth: "t", baseUrl: small.url, log: quiet });
      const first = await client.rest.repos.get({ owner: "o", repo: "r" });
      expect(first.headers).toMatchObject({
        "x-ratelimit-limit": "3",
        "x-ratelimit-remaining": "2",
        "x-ratelimit-used": "1",
        "x-ratelimit-resource": "core",
      });
      expect(Number(first.headers["x-ratelimit-reset"])).toBeGreaterThan(Date.now() / 1000);
      await client.rest.repos.get({ owner: "o", repo: "r" });
      await client.rest.repos.get({ owner: "o", repo: "r" });
      const refused = await client.rest.repos.get({ owner: "o", repo: "r" }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ status: 403, response: { headers: { "x-ratelimit-remaining": "0" } } });
      expect((refused as Error).message).toMatch(/^API rate limit exceeded for user ID \d+\./);
      const overview = await client.rest.rateLimit.get();
      expect(overview.data.resources.core).toMatchObject({ limit: 3, used: 3, remaining: 0 });
      // A separate token has its own budget, like GitHub's per-user limits.
      const other = new Octokit({ auth: "other", baseUrl: small.url, log: quiet });
      await expect(other.rest.repos.get({ owner: "o", repo: "r" })).resolves.toMatchObject({ status: 200 });
      small.assertNoViolations();
    } finally {
      await small.close();
    }
  });
});

describe("fault injection", () => {
  it("answers a 5xx the given number of times, then recovers", async () => {
    gh().fault("GET", "/repos/{owner}/{repo}", { status: 502, times: 2 });
    await expect(octokit.rest.repos.get(repo)).rejects.toMatchObject({ status: 502 });
    await expect(octokit.rest.repos.get(repo)).rejects.toMatchObject({ status: 502 });
    await expect(octokit.rest.repos.get(repo)).resolves.toMatchObject({ status: 200 });
    expect(
      gh()
        .requests.slice(-3)
        .map((r) => [r.status, r.counted]),
    ).toEqual([
      [502, false],
      [502, false],
      [200, true],
    ]);
  });

  it("answers GitHub's secondary rate limit with retry-after", async () => {
    gh().fault("POST", "/repos/{owner}/{repo}/issues", { status: 403, retryAfter: 7 });
    const err = (await octokit.rest.issues.create({ ...repo, title: "x" }).catch((e: unknown) => e)) as {
      status: number;
      message: string;
      response: { headers: Record<string, string> };
    };
    expect(err.status).toBe(403);
    expect(err.message).toMatch(/^You have exceeded a secondary rate limit/);
    expect(err.response.headers["retry-after"]).toBe("7");
    expect(
      gh()
        .state.repo("acme/paged")
        .issues.some((i) => i.title === "x"),
    ).toBe(false);
  });

  it("answers 429 and matches concrete paths as patterns", async () => {
    gh().fault("get", "/repos/acme/paged/issues/1", { status: 429, retryAfter: 1 });
    await expect(octokit.rest.issues.get({ ...repo, issue_number: 2 })).resolves.toMatchObject({ status: 200 });
    await expect(octokit.rest.issues.get({ ...repo, issue_number: 1 })).rejects.toMatchObject({ status: 429 });
  });

  it("delays an answer without changing it", async () => {
    gh().fault("GET", "/repos/{owner}/{repo}", { delayMs: 150 });
    const started = Date.now();
    await expect(octokit.rest.repos.get(repo)).resolves.toMatchObject({ status: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe("OpenAPI validation", () => {
  it.each([
    ["an issue without a title", { body: "no title" }, /body must have required property 'title'/],
    ["labels as a string", { title: "t", labels: "bug" }, /body\/labels must be array/],
    ["a title of the wrong type", { title: { text: "t" } }, /body\/title must be (string|integer)/],
  ])("rejects %s with 422 and records the violation", async (_name, body, expected) => {
    const err = (await octokit
      .request("POST /repos/{owner}/{repo}/issues", { ...repo, ...body } as never)
      .catch((e: unknown) => e)) as { status: number; message: string };
    expect(err.status).toBe(422);
    expect(err.message).toMatch(/^Invalid request\./);
    const violations = gh().takeViolations();
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(expected);
    expect(violations[0]).toMatch(/^POST \/repos\/\{owner\}\/\{repo\}\/issues request:/);
  });

  it("rejects an unknown property where the description forbids additional properties", async () => {
    await expect(
      octokit.request("POST /repos/{owner}/{repo}/issues", {
        ...repo,
        title: "t",
        issue_field_values: [{ field_id: 1, value: "x", colour: "red" }],
      } as never),
    ).rejects.toMatchObject({ status: 422 });
    expect(gh().takeViolations()[0]).toMatch(/must NOT have additional properties \(colour\)/);
  });

  it("lets an unknown top-level property through where the description allows it", async () => {
    await expect(
      octokit.request("POST /repos/{owner}/{repo}/issues", { ...repo, title: "t", colour: "red" } as never),
    ).resolves.toMatchObject({ status: 201 });
  });

  it("answers 404 for a route GitHub does not have and records it", async () => {
    await expect(octokit.request("GET /repos/{owner}/{repo}/no-such-thing", repo)).rejects.toMatchObject({
      status: 404,
    });
    expect(gh().takeViolations()).toEqual([
      "GET /repos/acme/paged/no-such-thing: no such route in GitHub's REST API served by the stand-in",
    ]);
  });

  it("answers 404 when a path parameter has the wrong type", async () => {
    await expect(
      octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...repo, issue_number: "abc" } as never),
    ).rejects.toMatchObject({ status: 404 });
    expect(gh().takeViolations()[0]).toMatch(/path parameter issue_number must be integer/);
  });

  it("rejects a query parameter outside its enum", async () => {
    await expect(
      octokit.request("GET /repos/{owner}/{repo}/issues", { ...repo, state: "opened" } as never),
    ).rejects.toMatchObject({ status: 422 });
    expect(gh().takeViolations()[0]).toMatch(/query parameter state must be equal to one of the allowed values/);
  });

  it("records a response of its own that breaks the schema", async () => {
    // Corrupt a record behind the server's back: the response no longer matches GitHub's `issue` schema.
    const issue = gh().state.addIssue("acme/paged", { title: "corrupt" });
    (issue as { title: unknown }).title = 42;
    (issue as { createdAt: unknown }).createdAt = "yesterday";
    await octokit.rest.issues.get({ ...repo, issue_number: issue.number });
    const violations = gh().takeViolations();
    expect(violations[0]).toMatch(/^GET \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\} response 200:/);
    gh().state.repo("acme/paged").issues.splice(gh().state.repo("acme/paged").issues.indexOf(issue), 1);
  });

  it("answers 400 to a body that is not JSON", async () => {
    const res = await fetch(`${gh().url}/repos/acme/paged/issues`, {
      method: "POST",
      headers: { authorization: "token t0ken", "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ message: "Problems parsing JSON" });
  });
});

describe("auth", () => {
  it("serves public reads anonymously but requires a token to write", async () => {
    const anon = new Octokit({ baseUrl: gh().url, log: quiet });
    await expect(anon.rest.repos.get(repo)).resolves.toMatchObject({ status: 200 });
    await expect(anon.rest.issues.create({ ...repo, title: "x" })).rejects.toMatchObject({
      status: 401,
      message: expect.stringMatching(/^Requires authentication/),
    });
  });

  it("hides private repositories from anonymous callers", async () => {
    gh().state.createRepo({ owner: "acme", name: "secret", private: true });
    const anon = new Octokit({ baseUrl: gh().url, log: quiet });
    await expect(anon.rest.repos.get({ owner: "acme", repo: "secret" })).rejects.toMatchObject({ status: 404 });
    await expect(octokit.rest.repos.get({ owner: "acme", repo: "secret" })).resolves.toMatchObject({
      data: { private: true, visibility: "private" },
    });
  });

  it("answers 401 Bad credentials for a revoked token and a malformed header", async () => {
    gh().state.revokeToken("old");
    const revoked = new Octokit({ auth: "old", baseUrl: gh().url, log: quiet });
    await expect(revoked.rest.repos.get(repo)).rejects.toMatchObject({ status: 401, message: /^Bad credentials/ });
    const res = await fetch(`${gh().url}/repos/acme/paged`, { headers: { authorization: "Basic abc" } });
    expect(res.status).toBe(401);
  });

  it("acts as the user a token was registered for", async () => {
    gh().state.addToken("alice-token", "alice");
    const alice = new Octokit({ auth: "alice-token", baseUrl: gh().url, log: quiet });
    const created = await alice.rest.issues.create({ ...repo, title: "by alice" });
    expect(created.data.user?.login).toBe("alice");
  });

  it("serves REST under /api/v3 as GitHub Enterprise Server does", async () => {
    const ghes = new Octokit({ auth: "t", baseUrl: `${gh().url}/api/v3`, log: quiet });
    await expect(ghes.rest.repos.get(repo)).resolves.toMatchObject({ data: { full_name: "acme/paged" } });
  });
});

describe("start-up", () => {
  it("starts a second, independent server beside the first", async () => {
    const second = await startGitHubStandIn();
    try {
      expect(second.url).not.toBe(gh().url);
      second.state.createRepo({ owner: "acme", name: "only-in-second" });
      const other = new Octokit({ auth: "t", baseUrl: second.url, log: quiet });
      await expect(other.rest.repos.get({ owner: "acme", repo: "only-in-second" })).resolves.toMatchObject({
        status: 200,
      });
      await expect(
        new Octokit({ auth: "t", baseUrl: gh().url, log: quiet }).rest.repos.get({
          owner: "acme",
          repo: "only-in-second",
        }),
      ).rejects.toMatchObject({ status: 404 });
    } finally {
      await second.close();
    }
  });
});
