// The stand-in's contract with GitHub's description: the committed extract is current, every extracted
// operation has a handler, and paths route to the operation GitHub documents for them.
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { matchesTemplate, matchRoute, operations } from "./openapi.js";
import { routes } from "./routes/index.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

describe("OpenAPI extract", () => {
  it("matches what scripts/extract-openapi.mjs generates from the installed @octokit/openapi", async () => {
    const run = promisify(execFile);
    await expect(
      run(process.execPath, [path.join(root, "scripts/extract-openapi.mjs"), "--check"], { cwd: root }),
    ).resolves.toBeDefined();
  });

  it("has a handler for every extracted operation and no handler outside it", () => {
    const described = [...operations().keys()].sort();
    expect(Object.keys(routes).sort()).toEqual(described);
  });
});

describe("routing", () => {
  it.each([
    ["GET", "/repos/o/r", "GET /repos/{owner}/{repo}", {}],
    ["GET", "/repos/o/r/contents/src/a%20b.ts", "GET /repos/{owner}/{repo}/contents/{path}", { path: "src/a b.ts" }],
    [
      "GET",
      "/repos/o/r/contents/.github%2Fupkeep.yml",
      "GET /repos/{owner}/{repo}/contents/{path}",
      { path: ".github/upkeep.yml" },
    ],
    [
      "GET",
      "/repos/o/r/git/ref/heads/feature/x",
      "GET /repos/{owner}/{repo}/git/ref/{ref}",
      { ref: "heads/feature/x" },
    ],
    ["GET", "/repos/o/r/commits/abc/check-runs", "GET /repos/{owner}/{repo}/commits/{ref}/check-runs", { ref: "abc" }],
    ["GET", "/repos/o/r/commits/abc", "GET /repos/{owner}/{repo}/commits/{ref}", { ref: "abc" }],
    [
      "GET",
      "/repos/o/r/compare/main...feature",
      "GET /repos/{owner}/{repo}/compare/{basehead}",
      { basehead: "main...feature" },
    ],
    ["GET", "/repos/o/r/issues/comments", "GET /repos/{owner}/{repo}/issues/comments", {}],
    [
      "GET",
      "/repos/o/r/issues/7/comments",
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
      { issue_number: "7" },
    ],
    ["GET", "/repos/o/r/releases/latest", "GET /repos/{owner}/{repo}/releases/latest", {}],
    [
      "DELETE",
      "/repos/o/r/issues/7/labels/needs%20triage",
      "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
      { name: "needs triage" },
    ],
  ])("%s %s -> %s", (method, pathname, key, params) => {
    const hit = matchRoute(method, pathname);
    expect(hit?.operation.key).toBe(key);
    expect(hit?.params).toMatchObject(params);
  });

  it("finds nothing for paths GitHub does not serve", () => {
    expect(matchRoute("GET", "/repos/o/r/nothing-here")).toBeUndefined();
    expect(matchRoute("PATCH", "/rate_limit")).toBeUndefined();
  });

  it.each([
    ["/repos/{owner}/{repo}/issues", "/repos/a/b/issues", true],
    ["/repos/{owner}/{repo}/issues", "/repos/a/b/issues/1", false],
    ["/repos/a/b/issues/1", "/repos/a/b/issues/1", true],
  ])("fault pattern %s matches %s: %s", (pattern, pathname, expected) => {
    expect(matchesTemplate(pattern, pathname)).toBe(expected);
  });
});
