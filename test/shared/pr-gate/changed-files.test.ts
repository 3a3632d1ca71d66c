// Which source a workflow checkout reads the changed files from, and what it says when none can answer.

import { InputError } from "@upkeep/shared/errors.js";
import { recordingLogger } from "@upkeep/shared/logger.js";
import type { ChangedFilesPort, PullRequestChanges } from "@upkeep/shared/ports.js";
import { checkoutChangedFiles } from "@upkeep/shared/pr-gate/changed-files.js";
import { describe, expect, it } from "vitest";

const PR = { number: 7, base: "b".repeat(40), head: "h".repeat(40) };
const FROM_GIT: PullRequestChanges = { files: ["src/a.ts"], commits: [], source: "git" };
const FROM_API: PullRequestChanges = { files: ["src/a.ts", "src/old.ts"], commits: undefined, source: "api" };

function port(answer: PullRequestChanges | Error): ChangedFilesPort & { calls: number } {
  const p = {
    calls: 0,
    async changes() {
      p.calls++;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return p;
}

describe("checkoutChangedFiles", () => {
  it("asks git when the checkout has the history", async () => {
    const git = port(FROM_GIT);
    const api = port(FROM_API);
    const changes = checkoutChangedFiles({ git, api, shallow: false, logger: recordingLogger() });
    expect(await changes.changes(PR)).toBe(FROM_GIT);
    expect(api.calls).toBe(0);
  });

  it("asks the Pulls API first for a shallow checkout or a folder outside git", async () => {
    const git = port(FROM_GIT);
    const api = port(FROM_API);
    const shallow = checkoutChangedFiles({ git, api, shallow: true, logger: recordingLogger() });
    expect(await shallow.changes(PR)).toBe(FROM_API);
    expect(git.calls).toBe(0);
    const noGit = checkoutChangedFiles({ git: undefined, api, shallow: false, logger: recordingLogger() });
    expect(await noGit.changes(PR)).toBe(FROM_API);
  });

  it("falls back to the API when git cannot compare, saying why", async () => {
    const logger = recordingLogger();
    const api = port(FROM_API);
    const changes = checkoutChangedFiles({
      git: port(new InputError("unknown revision")),
      api,
      shallow: false,
      logger,
    });
    expect(await changes.changes(PR)).toBe(FROM_API);
    expect(logger.records.map((r) => r.message).join("\n")).toMatch(
      /git cannot compare .*unknown revision.*asking the API/,
    );
  });

  it("throws an InputError naming the pull request and the fix when neither way works", async () => {
    const shallowNoToken = checkoutChangedFiles({
      git: port(new InputError("unknown revision")),
      api: undefined,
      shallow: true,
      logger: recordingLogger(),
    });
    const err = await shallowNoToken.changes(PR).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toContain("cannot tell what pull request #7 changes: unknown revision");
    expect((err as InputError).hint).toContain("fetch-depth: 0");

    const nothing = checkoutChangedFiles({ git: undefined, api: undefined, shallow: false, logger: recordingLogger() });
    await expect(nothing.changes(PR)).rejects.toThrow(/#7 changes: the folder is not a git checkout/);
  });
});
