// The Pulls API ChangedFilesPort against the GitHub stand-in: every page, renames under both names, and
// only the files inside the checked folder, relative to it.

import { createGitHubClient } from "@upkeep/shared/github/client.js";
import { pullsApiChangedFiles } from "@upkeep/shared/github/pull-files.js";
import { recordingLogger } from "@upkeep/shared/logger.js";
import { describe, expect, it } from "vitest";
import type { PullFileRecord } from "../../stand-ins/github/state.js";
import { useGitHubStandIn } from "../../stand-ins/github/use-github-stand-in.js";

const gh = useGitHubStandIn();
let n = 0;

function openPull(files: PullFileRecord[]): { repo: string; number: number } {
  const repo = `app-${++n}`;
  gh().state.createRepo({ owner: "acme", name: repo });
  gh().state.addCommit(`acme/${repo}`, { branch: "topic", files: { "topic.txt": "x\n" } });
  const pull = gh().state.addPull(`acme/${repo}`, { title: "feat: x", head: "topic", files });
  return { repo, number: pull.number };
}

const client = () => createGitHubClient({ token: "t", baseUrl: gh().url, retryAfterScaleMs: 1, retries: 1 });
const file = (filename: string, extra: Partial<PullFileRecord> = {}): PullFileRecord => ({
  filename,
  status: "modified",
  additions: 1,
  deletions: 0,
  ...extra,
});

describe("pullsApiChangedFiles", () => {
  it("reads every page and lists a renamed file under its old and new name, with no commits", async () => {
    const many = Array.from({ length: 130 }, (_, i) => file(`src/f${String(i).padStart(3, "0")}.ts`));
    const { repo, number } = openPull([
      ...many,
      file("src/new.ts", { status: "renamed", previousFilename: "src/old.ts" }),
    ]);
    const logger = recordingLogger();
    const changes = await pullsApiChangedFiles(client(), { owner: "acme", repo, prefix: "", logger }).changes({
      number,
      base: undefined,
      head: undefined,
    });
    expect(changes.source).toBe("api");
    expect(changes.commits).toBeUndefined();
    expect(changes.files).toHaveLength(132);
    expect(changes.files).toContain("src/f129.ts");
    expect(changes.files).toContain("src/new.ts");
    expect(changes.files).toContain("src/old.ts");
    expect(changes.files).toEqual([...changes.files].sort());
    expect(logger.records.map((r) => r.message)).toContain(
      "changed files: 132 from the pull request's file list (the checkout is shallow)",
    );
  });

  it("keeps only the files inside the checked folder, relative to it", async () => {
    const { repo, number } = openPull([file("pkg/a.ts"), file("pkgs/b.ts"), file("README.md"), file("pkg/docs/c.md")]);
    const changes = await pullsApiChangedFiles(client(), {
      owner: "acme",
      repo,
      prefix: "pkg",
      logger: recordingLogger(),
    }).changes({ number, base: undefined, head: undefined });
    expect(changes.files).toEqual(["a.ts", "docs/c.md"]);
  });
});
