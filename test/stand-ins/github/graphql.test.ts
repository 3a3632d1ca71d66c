// GraphQL: pinning issues like the bot does, validated against GitHub's published GraphQL schema.
import { Octokit } from "@octokit/rest";
import { beforeAll, describe, expect, it } from "vitest";
import { loadGraphqlSchema } from "./graphql.js";
import type { IssueRecord } from "./state.js";
import { useGitHubStandIn } from "./use-github-stand-in.js";

const gh = useGitHubStandIn();
let octokit: Octokit;
const issues: IssueRecord[] = [];

const PIN = `mutation($id: ID!) { pinIssue(input: { issueId: $id }) { issue { id number isPinned } } }`;
const UNPIN = `mutation($id: ID!) { unpinIssue(input: { issueId: $id }) { issue { number isPinned } } }`;
const PINNED = `query($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
    pinnedIssues(first: 3) { totalCount nodes { issue { id number title url state author { login } } } }
  }
}`;

type PinnedAnswer = {
  repository: {
    pinnedIssues: {
      totalCount: number;
      nodes: { issue: { number: number; state: string; author: { login: string } } }[];
    };
  };
};

beforeAll(() => {
  loadGraphqlSchema();
  gh().state.createRepo({ owner: "acme", name: "pins" });
  for (let i = 1; i <= 4; i += 1) issues.push(gh().state.addIssue("acme/pins", { title: `pin me ${i}` }));
  octokit = new Octokit({ auth: "t", baseUrl: gh().url, log: { debug() {}, info() {}, warn() {}, error() {} } });
}, 30_000);

describe("GraphQL pins", () => {
  it("pins issues by node id and lists them in pin order", async () => {
    const first = await octokit.graphql<{ pinIssue: { issue: { number: number; isPinned: boolean } } }>(PIN, {
      id: issues[0]!.nodeId,
    });
    expect(first.pinIssue.issue).toMatchObject({ number: issues[0]!.number, isPinned: true });
    await octokit.graphql(PIN, { id: issues[1]!.nodeId });
    const pinned = await octokit.graphql<PinnedAnswer>(PINNED, { owner: "acme", name: "pins" });
    expect(pinned.repository.pinnedIssues.totalCount).toBe(2);
    expect(pinned.repository.pinnedIssues.nodes.map((n) => n.issue.number)).toEqual([
      issues[0]!.number,
      issues[1]!.number,
    ]);
    expect(pinned.repository.pinnedIssues.nodes[0]?.issue).toMatchObject({
      state: "OPEN",
      author: { login: "octocat" },
    });
  });

  it("refuses a fourth pin like GitHub (three per repository)", async () => {
    await octokit.graphql(PIN, { id: issues[2]!.nodeId });
    await expect(octokit.graphql(PIN, { id: issues[3]!.nodeId })).rejects.toMatchObject({
      errors: [expect.objectContaining({ message: expect.stringMatching(/3/) })],
    });
    expect(gh().state.repo("acme/pins").pinned).toHaveLength(3);
  });

  it("unpins an issue", async () => {
    const res = await octokit.graphql<{ unpinIssue: { issue: { isPinned: boolean } } }>(UNPIN, {
      id: issues[0]!.nodeId,
    });
    expect(res.unpinIssue.issue.isPinned).toBe(false);
    expect(gh().state.repo("acme/pins").pinned).not.toContain(issues[0]!.number);
  });

  it("answers NOT_FOUND for an unknown node id", async () => {
    await expect(octokit.graphql(PIN, { id: "I_kwDOnope" })).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: "NOT_FOUND" })],
    });
  });

  it("rejects a document GitHub's schema rejects and records the violation", async () => {
    await expect(octokit.graphql(`mutation { pinIssue(input: { id: "x" }) { issue { id } } }`)).rejects.toThrow(
      /issueId/,
    );
    expect(gh().takeViolations().join("\n")).toMatch(/^graphql: .*issueId/m);
  });

  it("counts GraphQL requests in their own rate limit resource", async () => {
    const res = await octokit.request("POST /graphql", { query: "{ viewer { login } }" });
    expect(res.headers["x-ratelimit-resource"]).toBe("graphql");
    expect(res.data).toEqual({ data: { viewer: { login: "octocat" } } });
  });
});
