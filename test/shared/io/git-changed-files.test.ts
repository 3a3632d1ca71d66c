// The git ChangedFilesPort on a real repository: base...head, the folder scope of a working-directory and the
// repository scope of `upkeep drift-check pr`.

import { join } from "node:path";
import { InputError } from "@upkeep/shared/errors.js";
import { gitChangedFiles } from "@upkeep/shared/io/git-changed-files.js";
import { nodeGit } from "@upkeep/shared/io/node-git.js";
import { afterAll, describe, expect, it } from "vitest";
import { day, fixtureRepo } from "../changelog/git-fixture.js";

const repo = fixtureRepo([
  { message: "chore: start", at: day("2026-01-01"), files: { "pkg/a.txt": "1\n", "other/b.txt": "1\n" } },
  { message: "feat: both", at: day("2026-01-02"), files: { "pkg/a.txt": "2\n", "other/b.txt": "2\n" } },
  { message: "fix: other only", at: day("2026-01-03"), files: { "other/b.txt": "3\n" } },
  { message: "Merge branch 'x'", at: day("2026-01-04"), merge: 1, files: { "pkg/c.txt": "1\n" } },
]);
afterAll(() => repo.cleanup());

const base = repo.sha("chore: start");
const head = repo.shas.at(-1) ?? "";

describe("gitChangedFiles", () => {
  it("lists the folder's files relative to it and only the commits touching it (scope folder)", async () => {
    const port = gitChangedFiles(nodeGit(join(repo.dir, "pkg")), { scope: "folder" });
    const changes = await port.changes({ number: 1, base, head });
    expect(changes).toMatchObject({ files: ["a.txt", "c.txt"], source: "git" });
    expect(changes.commits?.map((c) => c.message)).toEqual(["feat: both"]);
  });

  it("lists every file from the repository root and every commit but merges (scope repository)", async () => {
    const port = gitChangedFiles(nodeGit(join(repo.dir, "pkg")), { scope: "repository" });
    const changes = await port.changes({ number: 1, base, head });
    expect(changes.files).toEqual(["other/b.txt", "pkg/a.txt", "pkg/c.txt"]);
    expect(changes.commits?.map((c) => c.message)).toEqual(["fix: other only", "feat: both"]);
  });

  it("compares with HEAD when the head commit is not in the checkout", async () => {
    const port = gitChangedFiles(repo.git, { scope: "repository" });
    const changes = await port.changes({ number: 1, base, head: "0".repeat(40) });
    expect(changes.files).toEqual(["other/b.txt", "pkg/a.txt", "pkg/c.txt"]);
  });

  it("throws an InputError when the pull request has no base", async () => {
    await expect(gitChangedFiles(repo.git).changes({ number: 1, base: undefined, head })).rejects.toThrow(InputError);
  });
});
