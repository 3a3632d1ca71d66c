import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileSystemConfigSource } from "@upkeep/shared/config/fs-source.js";
import { loadConfig } from "@upkeep/shared/config/load.js";
import { nodeFileSystem } from "@upkeep/shared/io/node-fs.js";
import { afterAll, describe, expect, it } from "vitest";

const root = mkdtempSync(join(tmpdir(), "upkeep-fs-source-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("fileSystemConfigSource", () => {
  mkdirSync(join(root, ".github"));
  writeFileSync(join(root, ".github", "upkeep.yml"), "drift:\n  changelog: HISTORY.md\n");

  it("reads the current repository's file and names it by its path", async () => {
    const source = fileSystemConfigSource(nodeFileSystem(root));
    expect(await source.read(undefined, ".github/upkeep.yml")).toEqual({
      text: "drift:\n  changelog: HISTORY.md\n",
      file: ".github/upkeep.yml",
    });
    const loaded = await loadConfig({ source });
    expect(loaded.config.drift.changelog).toBe("HISTORY.md");
  });

  it("reads a missing file as undefined (zero config)", async () => {
    const source = fileSystemConfigSource(nodeFileSystem(root));
    expect(await source.read(undefined, "nope.yml")).toBeUndefined();
  });

  it("cannot reach other repositories", async () => {
    const source = fileSystemConfigSource(nodeFileSystem(root));
    expect(await source.read("acme/.github", ".github/upkeep.yml")).toBeUndefined();
  });

  it("uses displayName in messages", async () => {
    const source = fileSystemConfigSource(nodeFileSystem(root), { displayName: (p) => `repo/${p}` });
    expect((await source.read(undefined, ".github/upkeep.yml"))?.file).toBe("repo/.github/upkeep.yml");
  });
});
