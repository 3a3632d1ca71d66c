import { cliLogger } from "@upkeep/shared/cli/logger.js";
import { describe, expect, it } from "vitest";

describe("cliLogger", () => {
  it("writes prefixed lines to stderr, debug only when asked, with token values redacted", () => {
    const lines: string[] = [];
    const env = { GITHUB_TOKEN: "s3cret-value-123" };
    const quiet = cliLogger((s) => lines.push(s), { debug: false, env });
    quiet.debug("hidden");
    quiet.info("scanning 3 lockfiles");
    quiet.warning("token s3cret-value-123 rejected");
    quiet.error("failed");
    cliLogger((s) => lines.push(s), { debug: true, env }).debug("shown");
    expect(lines).toEqual(["scanning 3 lockfiles", "warning: token *** rejected", "error: failed", "debug: shown"]);
  });
});
