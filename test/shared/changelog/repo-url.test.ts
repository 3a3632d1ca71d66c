import { parseRepoUrl, repoLinksFromFlag } from "@upkeep/shared/changelog/repo-url.js";
import { InputError } from "@upkeep/shared/errors.js";
import { describe, expect, it } from "vitest";

describe("parseRepoUrl", () => {
  it.each([
    ["https://github.com/o/r.git", { host: "https://github.com", owner: "o", repository: "r" }],
    ["https://github.com/o/r", { host: "https://github.com", owner: "o", repository: "r" }],
    ["git@github.com:o/r.git", { host: "https://github.com", owner: "o", repository: "r" }],
    [
      "ssh://git@ghe.example.com:2222/team/tool.git",
      { host: "https://ghe.example.com", owner: "team", repository: "tool" },
    ],
    ["https://ghe.example.com/team/tool.git\n", { host: "https://ghe.example.com", owner: "team", repository: "tool" }],
    ["git@gitlab.com:group/sub/proj.git", { host: "https://gitlab.com", owner: "group/sub", repository: "proj" }],
    ["/srv/git/repo.git", undefined],
    ["file:///srv/git/o/r.git", undefined],
  ])("%s", (url, expected) => {
    expect(parseRepoUrl(url)).toEqual(expected);
  });

  it("names the flag when --repo-url cannot be used", () => {
    expect(() => repoLinksFromFlag("nope")).toThrow(InputError);
    expect(() => repoLinksFromFlag("nope")).toThrow(/--repo-url nope/);
  });
});
