import { GitHubApiError, NotFoundError } from "@upkeep/shared/errors.js";
import { createGitHubClient } from "@upkeep/shared/github/client.js";
import { formatMarker } from "@upkeep/shared/github/markers.js";
import { upsertStickyComment } from "@upkeep/shared/github/sticky-comment.js";
import { beforeEach, describe, expect, it } from "vitest";
import { useGitHubStandIn } from "../../stand-ins/github/use-github-stand-in.js";

const gh = useGitHubStandIn();
let n = 0;
let repoName = "";
const client = () =>
  createGitHubClient({ token: "t", baseUrl: gh().url, retryAfterScaleMs: 1, writeIntervalMs: 0, retries: 1 });
const target = () => ({ owner: "acme", repo: repoName, issueNumber: 1, key: "patch-check" });
const comments = () =>
  gh()
    .state.repo(`acme/${repoName}`)
    .comments.filter((c) => c.issueNumber === 1);

beforeEach(() => {
  repoName = `app-${++n}`;
  gh().state.createRepo({ owner: "acme", name: repoName });
  gh().state.addIssue(`acme/${repoName}`, { title: "PR", body: "" });
});

describe("sticky comments", () => {
  it("creates one comment, updates it in place, and writes nothing when unchanged", async () => {
    const first = await upsertStickyComment(client(), target(), "2 findings");
    expect(first.action).toBe("created");
    const second = await upsertStickyComment(client(), target(), "1 finding");
    expect(second).toMatchObject({ action: "updated" });
    gh().resetLog();
    const third = await upsertStickyComment(client(), target(), "1 finding");
    expect(third.action).toBe("unchanged");
    expect(gh().requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(comments()).toHaveLength(1);
    expect(comments()[0]?.body).toContain("1 finding");
    expect(comments()[0]?.body).toContain(formatMarker("patch-check"));
  });

  it("keeps a human's comments and other keys' comments untouched", async () => {
    gh().state.addComment(`acme/${repoName}`, 1, "LGTM");
    await upsertStickyComment(client(), { ...target(), key: "drift-check" }, "drift");
    await upsertStickyComment(client(), target(), "patch");
    await upsertStickyComment(client(), target(), "patch again");
    expect(comments().map((c) => c.body.split("\n")[0])).toEqual(["LGTM", "drift", "patch again"]);
  });

  it("when two runs raced and both created one, the older wins and the newer is deleted", async () => {
    const marker = formatMarker("patch-check");
    gh().state.addComment(`acme/${repoName}`, 1, `old\n\n${marker}`);
    gh().state.addComment(`acme/${repoName}`, 1, `new\n\n${marker}`);
    const olderId = comments()[0]!.id;
    const out = await upsertStickyComment(client(), target(), "latest");
    expect(out).toMatchObject({ action: "updated", commentId: olderId, duplicatesDeleted: 1 });
    expect(comments()).toHaveLength(1);
    expect(comments()[0]?.body).toContain("latest");
  });

  it("on a fork pull request whose token may not comment, reports forbidden instead of failing", async () => {
    gh().fault("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", {
      status: 403,
      times: 1,
      body: { message: "Resource not accessible by integration" },
    });
    const out = await upsertStickyComment(client(), target(), "x", { tolerateForbidden: true });
    expect(out.action).toBe("forbidden");
    expect(comments()).toHaveLength(0);
  });

  it("translates API failures into named errors with a hint", async () => {
    const err = await upsertStickyComment(client(), { ...target(), repo: "does-not-exist" }, "x").catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).hint).toMatch(/token/);
    gh().fault("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", {
      status: 403,
      times: 1,
      body: { message: "Resource not accessible by integration" },
    });
    const denied = await upsertStickyComment(client(), target(), "x").catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(GitHubApiError);
    expect((denied as GitHubApiError).status).toBe(403);
    expect((denied as GitHubApiError).message).toContain("Resource not accessible by integration");
  });
});
