// GitHub App flows: JWT -> installation token -> repository access, plus collaborator permissions,
// the deployment protection rule callback and global advisories.
import { Octokit } from "@octokit/rest";
import { beforeAll, describe, expect, it } from "vitest";
import { useGitHubStandIn } from "./use-github-stand-in.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const gh = useGitHubStandIn();

function jwt(payload: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "RS256", typ: "JWT" })}.${part(payload)}.c2lnbmF0dXJl`;
}

let app: Octokit;
let installationId: number;

beforeAll(() => {
  const { state } = gh();
  state.createRepo({ owner: "org", name: "one", ownerType: "Organization" });
  state.createRepo({ owner: "org", name: "two", ownerType: "Organization" });
  state.createRepo({ owner: "org", name: "three", ownerType: "Organization" });
  installationId = state.addInstallation({ account: "org", repositories: ["org/one", "org/two"] }).id;
  const now = Math.floor(Date.now() / 1000);
  app = new Octokit({ auth: jwt({ iss: 1, iat: now - 60, exp: now + 540 }), baseUrl: gh().url, log: quiet });
});

describe("installations", () => {
  it("lists installations and finds the one for a repository with the app's JWT", async () => {
    const list = await app.rest.apps.listInstallations();
    expect(list.data.map((i) => i.id)).toEqual([installationId]);
    const forRepo = await app.rest.apps.getRepoInstallation({ owner: "org", repo: "one" });
    expect(forRepo.data).toMatchObject({ id: installationId, repository_selection: "selected" });
    await expect(app.rest.apps.getRepoInstallation({ owner: "org", repo: "three" })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("issues a token that reaches only the installation's repositories", async () => {
    const { data } = await app.rest.apps.createInstallationAccessToken({ installation_id: installationId });
    expect(data.token).toMatch(/^ghs_/);
    expect(Date.parse(data.expires_at)).toBeGreaterThan(Date.now());
    const inst = new Octokit({ auth: data.token, baseUrl: gh().url, log: quiet });
    const repos = await inst.rest.apps.listReposAccessibleToInstallation();
    expect(repos.data.repositories.map((r) => r.full_name)).toEqual(["org/one", "org/two"]);
    const issue = await inst.rest.issues.create({ owner: "org", repo: "one", title: "from the bot" });
    expect(issue.data.user?.login).toBe("upkeep[bot]");
    expect(issue.data.user?.type).toBe("Bot");
    await expect(inst.rest.repos.get({ owner: "org", repo: "three" })).rejects.toMatchObject({ status: 404 });
  });

  it("narrows a token to the repositories asked for", async () => {
    const { data } = await app.rest.apps.createInstallationAccessToken({
      installation_id: installationId,
      repositories: ["two"],
    });
    const inst = new Octokit({ auth: data.token, baseUrl: gh().url, log: quiet });
    await expect(inst.rest.repos.get({ owner: "org", repo: "one" })).rejects.toMatchObject({ status: 404 });
    await expect(inst.rest.repos.get({ owner: "org", repo: "two" })).resolves.toMatchObject({ status: 200 });
  });

  it("refuses app endpoints without a JWT and repository endpoints with one", async () => {
    const user = new Octokit({ auth: "personal", baseUrl: gh().url, log: quiet });
    await expect(user.rest.apps.listInstallations()).rejects.toMatchObject({ status: 401 });
    await expect(app.rest.issues.listForRepo({ owner: "org", repo: "one" })).rejects.toMatchObject({ status: 403 });
    const expired = new Octokit({ auth: jwt({ iss: 1, exp: 1 }), baseUrl: gh().url, log: quiet });
    await expect(expired.rest.apps.listInstallations()).rejects.toMatchObject({ status: 401 });
  });

  it("records a deployment protection rule review made with an installation token", async () => {
    const { data } = await app.rest.apps.createInstallationAccessToken({ installation_id: installationId });
    const inst = new Octokit({ auth: data.token, baseUrl: gh().url, log: quiet });
    const review = {
      owner: "org",
      repo: "one",
      run_id: 4242,
      environment_name: "production",
      state: "rejected" as const,
      comment: "backup older than 24h",
    };
    await expect(inst.rest.actions.reviewCustomGatesForRun(review)).resolves.toMatchObject({ status: 204 });
    expect(gh().state.repo("org/one").protectionReviews).toEqual([
      expect.objectContaining({ runId: 4242, environmentName: "production", state: "rejected", token: data.token }),
    ]);
    await expect(inst.rest.actions.reviewCustomGatesForRun(review)).rejects.toMatchObject({ status: 422 });
  });
});

describe("collaborator permission", () => {
  it.each([
    ["admin", "admin", "admin"],
    ["maintain", "write", "maintain"],
    ["write", "write", "write"],
    ["triage", "read", "triage"],
    ["read", "read", "read"],
  ] as const)("reports %s as permission %s and role %s", async (level, permission, role) => {
    gh().state.addCollaborator("org/one", `user-${level}`, level);
    const user = new Octokit({ auth: "personal", baseUrl: gh().url, log: quiet });
    const { data } = await user.rest.repos.getCollaboratorPermissionLevel({
      owner: "org",
      repo: "one",
      username: `user-${level}`,
    });
    expect(data).toMatchObject({ permission, role_name: role, user: { login: `user-${level}` } });
  });

  it("answers 404 for an unknown user", async () => {
    const user = new Octokit({ auth: "personal", baseUrl: gh().url, log: quiet });
    await expect(
      user.rest.repos.getCollaboratorPermissionLevel({ owner: "org", repo: "one", username: "ghost-x" }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe("global advisories", () => {
  beforeAll(() => {
    const base = { summary: "s", severity: "high" as const, published_at: "2024-01-01T00:00:00Z" };
    gh().state.addAdvisory({
      ...base,
      ghsa_id: "GHSA-aaaa-aaaa-aaaa",
      cve_id: "CVE-2024-0001",
      published_at: "2024-01-03T00:00:00Z",
      cvss: { vector_string: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", score: 9.8 },
      severity: "critical",
      vulnerabilities: [
        {
          package: { ecosystem: "npm", name: "lodash" },
          vulnerable_version_range: "< 4.17.21",
          first_patched_version: "4.17.21",
        },
      ],
    });
    gh().state.addAdvisory({
      ...base,
      ghsa_id: "GHSA-bbbb-bbbb-bbbb",
      published_at: "2024-01-02T00:00:00Z",
      vulnerabilities: [
        {
          package: { ecosystem: "npm", name: "@scope/pkg" },
          vulnerable_version_range: ">= 1.0.0, < 1.2.3",
          first_patched_version: "1.2.3",
        },
      ],
    });
    gh().state.addAdvisory({
      ...base,
      ghsa_id: "GHSA-cccc-cccc-cccc",
      vulnerabilities: [
        {
          package: { ecosystem: "pip", name: "django" },
          vulnerable_version_range: "< 4.2.1",
          first_patched_version: "4.2.1",
        },
      ],
    });
  });

  it.each([
    [{}, ["GHSA-aaaa-aaaa-aaaa", "GHSA-bbbb-bbbb-bbbb", "GHSA-cccc-cccc-cccc"]],
    [{ ecosystem: "npm" }, ["GHSA-aaaa-aaaa-aaaa", "GHSA-bbbb-bbbb-bbbb"]],
    [{ affects: "lodash@4.17.20" }, ["GHSA-aaaa-aaaa-aaaa"]],
    [{ affects: "lodash@4.17.21" }, []],
    [{ affects: "@scope/pkg@1.2.0,django" }, ["GHSA-bbbb-bbbb-bbbb", "GHSA-cccc-cccc-cccc"]],
    [{ cve_id: "CVE-2024-0001" }, ["GHSA-aaaa-aaaa-aaaa"]],
    [{ severity: "critical" }, ["GHSA-aaaa-aaaa-aaaa"]],
    [{ ghsa_id: "GHSA-cccc-cccc-cccc" }, ["GHSA-cccc-cccc-cccc"]],
  ])("filters %j", async (params, expected) => {
    const anon = new Octokit({ baseUrl: gh().url, log: quiet });
    const { data } = await anon.rest.securityAdvisories.listGlobalAdvisories(params as never);
    expect(data.map((a) => a.ghsa_id)).toEqual(expected);
  });

  it("pages with a Link cursor that octokit.paginate follows", async () => {
    const user = new Octokit({ auth: "personal", baseUrl: gh().url, log: quiet });
    const first = await user.rest.securityAdvisories.listGlobalAdvisories({ per_page: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.headers.link).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/advisories\?per_page=2&after=[^>]+>; rel="next"$/);
    const all = await user.paginate(user.rest.securityAdvisories.listGlobalAdvisories, { per_page: 2 });
    expect(all.map((a) => a.ghsa_id)).toEqual(["GHSA-aaaa-aaaa-aaaa", "GHSA-bbbb-bbbb-bbbb", "GHSA-cccc-cccc-cccc"]);
    const one = all[0]!;
    expect(one.vulnerabilities?.[0]).toMatchObject({
      package: { ecosystem: "npm", name: "lodash" },
      vulnerable_version_range: "< 4.17.21",
      first_patched_version: "4.17.21",
    });
    expect(one.identifiers).toEqual([
      { type: "GHSA", value: "GHSA-aaaa-aaaa-aaaa" },
      { type: "CVE", value: "CVE-2024-0001" },
    ]);
  });
});
