// Upkeep's own Octokit factory against injected faults: what a user sees is a run that survives a blip.

import { createGitHubClient, type GitHubClient } from "@upkeep/shared/github/client.js";
import { beforeAll, describe, expect, it } from "vitest";
import { useGitHubStandIn } from "./use-github-stand-in.js";

const gh = useGitHubStandIn();
let client: GitHubClient;
const repo = { owner: "acme", repo: "flaky" };

beforeAll(() => {
  gh().state.createRepo({ owner: "acme", name: "flaky" });
  client = createGitHubClient({ token: "t", baseUrl: gh().url, retryAfterScaleMs: 1, writeIntervalMs: 0 });
});

describe("shared GitHub client through stand-in faults", () => {
  it("retries a 502 and succeeds", async () => {
    gh().fault("GET", "/repos/{owner}/{repo}", { status: 502, times: 1 });
    gh().resetLog();
    await expect(client.rest.repos.get(repo)).resolves.toMatchObject({ status: 200 });
    expect(gh().requests.map((r) => r.status)).toEqual([502, 200]);
  });

  // A label, not an issue: octokit spaces notification-triggering writes (issues, comments) 3 s apart.
  it("waits out a secondary rate limit and then creates the label once", async () => {
    gh().fault("POST", "/repos/{owner}/{repo}/labels", { status: 403, retryAfter: 2 });
    gh().resetLog();
    const created = await client.rest.issues.createLabel({ ...repo, name: "after-the-limit" });
    expect(created.status).toBe(201);
    expect(gh().requests.map((r) => `${r.method} ${r.status}`)).toEqual(["POST 403", "POST 201"]);
    expect(
      gh()
        .state.repo("acme/flaky")
        .labels.filter((l) => l.name === "after-the-limit"),
    ).toHaveLength(1);
  });

  it("gives up on a 404 without retrying", async () => {
    gh().resetLog();
    await expect(client.rest.repos.get({ owner: "acme", repo: "missing" })).rejects.toThrow();
    expect(gh().requests).toHaveLength(1);
  });
});
