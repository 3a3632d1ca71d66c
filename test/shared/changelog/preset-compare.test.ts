import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { historySections, openRepository } from "@upkeep/shared/changelog/repository.js";
import { afterAll, describe, expect, it } from "vitest";
import { generateHistory } from "../../../bench/changelog/history.js";
import { fixtureRepo } from "./git-fixture.js";

const run = promisify(execFile);
const CC_CLI = join(import.meta.dirname, "../../node_modules/conventional-changelog/dist/cli/index.js");

// The anchor: conventional-changelog 7 with the conventionalcommits preset 9, run on the same repository.
describe("notes against the real conventionalcommits preset", () => {
  const repo = fixtureRepo(generateHistory({ commits: 160, tags: 24, seed: 7 }), {
    remote: "https://github.com/o/r.git",
  });
  writeFileSync(
    join(repo.dir, "package.json"),
    JSON.stringify({ name: "x", version: "0.0.0", repository: "https://github.com/o/r" }),
  );
  afterAll(() => repo.cleanup());

  it("writes every release section byte for byte as conventional-changelog does (layout preset)", async () => {
    const { stdout } = await run(process.execPath, [CC_CLI, "-p", "conventionalcommits", "-r", "0", "--stdout"], {
      cwd: repo.dir,
      maxBuffer: 64 * 1024 * 1024,
    });
    const r = await openRepository(repo.git, { scheme: { prefix: "v" } });
    const links = { host: "https://github.com", owner: "o", repository: "r" };
    const ours = historySections(r, { links, layout: "preset" }).join("\n");
    const latest = r.releases.at(-1)?.tag.version ?? "";
    const theirs = stdout.slice(stdout.indexOf(`## [${latest}]`));
    const first = r.releases[0];
    // conventional-changelog links the first release to the root commit; release-please (and we) give no link.
    const root = repo.shas[0] ?? "";
    const normalized = theirs.replace(
      `## [${first?.tag.version}](https://github.com/o/r/compare/${root}...${first?.tag.name})`,
      `## ${first?.tag.version}`,
    );
    expect(r.releases.length).toBeGreaterThan(20);
    expect(ours.split("\n").filter((l) => l.startsWith("* ")).length).toBeGreaterThan(80);
    expect(ours).toBe(normalized);
  });
});
