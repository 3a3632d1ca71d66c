import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { recordingLogger } from "@upkeep/shared/logger.js";
import { describe, expect, it } from "vitest";
import { features } from "../../bot/src/index.js";
import { readDeliveryFile, replayDelivery } from "../../bot/src/replay.js";
import { commentPayload, repoRoot, tsxBin } from "./harness.js";

const now = new Date("2026-11-26T00:00:00Z");
const SCHEDULE = "/maintenance schedule 2026-12-01T02:00Z 2h Database upgrade";
const target = { repo: "acme/app", installationId: 1 };

describe("replay (offline)", () => {
  it.each([
    [
      "a write user's command plans the announcement, its pin and a reply",
      "write",
      false,
      ["create-issue", "pin-issue", "comment"],
    ],
    ["a read user's command plans only the refusal", "read", false, ["comment"]],
    ["a bot's command plans nothing", "admin", true, []],
  ] as const)("%s", async (_name, permission, bot, kinds) => {
    const payload = commentPayload(target, { body: SCHEDULE, login: bot ? "renovate[bot]" : "alice", issue: 1, bot });
    const { event, plan } = await replayDelivery({
      payload,
      now,
      features,
      logger: recordingLogger(),
      permission,
      root: repoRoot,
    });
    expect(event).toBe("issue_comment");
    expect(plan.steps.map((s) => s.kind)).toEqual(kinds);
  });

  it("replays a push as the repository's sweep, with the working tree as the repository", async () => {
    const payload = { ref: "refs/heads/main", commits: [], repository: { name: "app", owner: { login: "acme" } } };
    const { event, text } = await replayDelivery({
      payload,
      now,
      features,
      logger: recordingLogger(),
      root: join(repoRoot, "bot"),
    });
    expect(event).toBe("push");
    expect(text).toContain("Nothing to do.");
  });

  it("prints the plan of the sample delivery from the command line", async () => {
    const { stdout } = await promisify(execFile)(
      tsxBin,
      ["src/cli.ts", "replay", "examples/maintenance-schedule.json", "--now", now.toISOString()],
      {
        cwd: join(repoRoot, "bot"),
        env: {
          ...process.env,
          APP_ID: "",
          PRIVATE_KEY: "",
          PRIVATE_KEY_PATH: "",
          GITHUB_TOKEN: "",
          INIT_CWD: join(repoRoot, "bot"),
        },
      },
    );
    expect(stdout).toContain("offline");
    expect(stdout).toMatch(/open issue "Maintenance: Database upgrade \(2026-12-01 02:00 UTC\)"/);
    expect(readDeliveryFile(join(repoRoot, "bot/examples/maintenance-schedule.json")).event).toBe("issue_comment");
  });
});
