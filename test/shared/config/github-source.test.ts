import { type ContentsRequester, gitHubConfigSource } from "@upkeep/shared/config/github-source.js";
import { loadConfig } from "@upkeep/shared/config/load.js";
import { describe, expect, it } from "vitest";

/** Answers the contents route from a map of `owner/repo:path`, like GitHub: base64 content, 404 otherwise. */
function contents(files: Record<string, string>): ContentsRequester & { calls: Record<string, unknown>[] } {
  const calls: Record<string, unknown>[] = [];
  return {
    calls,
    async request(route, params) {
      expect(route).toBe("GET /repos/{owner}/{repo}/contents/{path}");
      calls.push(params);
      const text = files[`${params.owner}/${params.repo}:${params.path}`];
      if (text === undefined) throw Object.assign(new Error("Not Found"), { status: 404 });
      return { data: { type: "file", encoding: "base64", content: Buffer.from(text).toString("base64") } };
    },
  };
}

describe("gitHubConfigSource", () => {
  it("reads the current repository at a ref and bases from other repositories", async () => {
    const client = contents({
      "acme/app:.github/upkeep.yml": "_extends: .github\nbot:\n  sweepIntervalMinutes: 30\n",
      "acme/.github:.github/upkeep.yml": "incidents:\n  pin: false\n",
    });
    const loaded = await loadConfig({
      source: gitHubConfigSource(client, { repo: "acme/app", ref: "main" }),
      repo: "acme/app",
    });
    expect(loaded.files).toEqual(["acme/.github:.github/upkeep.yml", "acme/app:.github/upkeep.yml"]);
    expect(loaded.config.bot.sweepIntervalMinutes).toBe(30);
    expect(loaded.config.incidents.pin).toBe(false);
    expect(client.calls[0]).toEqual({ owner: "acme", repo: "app", path: ".github/upkeep.yml", ref: "main" });
    expect(client.calls[1]).toEqual({ owner: "acme", repo: ".github", path: ".github/upkeep.yml" });
  });

  it("reads a 404 as no file and lets other errors through", async () => {
    const source = gitHubConfigSource(contents({}), { repo: "acme/app" });
    expect(await source.read(undefined, ".github/upkeep.yml")).toBeUndefined();
    const failing = gitHubConfigSource(
      {
        async request() {
          throw Object.assign(new Error("Server Error"), { status: 502 });
        },
      },
      { repo: "acme/app" },
    );
    await expect(failing.read(undefined, ".github/upkeep.yml")).rejects.toThrow("Server Error");
  });

  it("reads a folder at the path as no file", async () => {
    const source = gitHubConfigSource(
      { request: async () => ({ data: [{ type: "file", name: "a.yml" }] }) },
      {
        repo: "acme/app",
      },
    );
    expect(await source.read(undefined, ".github/upkeep.yml")).toBeUndefined();
  });
});
