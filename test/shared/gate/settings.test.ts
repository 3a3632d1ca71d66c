// resolveGateSettings: config and flags into one evaluation's settings; every unusable value is a named error.
import { parseConfigText } from "@upkeep/shared/config/parse.js";
import { InputError } from "@upkeep/shared/errors.js";
import { type GateOverrides, resolveGateSettings } from "@upkeep/shared/gate/settings.js";
import { describe, expect, it } from "vitest";

const SHA = "E".repeat(40);
function gate(yaml: string) {
  const { config, problems } = parseConfigText(`gate:\n${yaml || "  dryRun: false\n"}`, ".github/upkeep.yml");
  expect(problems).toEqual([]);
  return config.gate;
}

describe("resolveGateSettings", () => {
  it("fills the defaults and lower-cases the SHA", () => {
    const s = resolveGateSettings(gate("  soak: 1h30m\n"), { sha: SHA });
    expect(s).toMatchObject({
      sha: "e".repeat(40),
      environment: "production",
      requires: ["staging"],
      soakMs: 90 * 60_000,
      checks: "all",
      allowedConclusions: ["success", "neutral", "skipped"],
      dryRun: false,
      recordEvidence: true,
    });
  });

  it("lets flags win over the config, and --soak 0 turn the soak off", () => {
    const s = resolveGateSettings(gate("  soak: 1h\n  requires: [qa]\n"), {
      sha: SHA,
      soak: "0",
      requires: ["staging", "staging", "canary"],
      checks: "required",
      probes: ["https://staging.example.com/healthz"],
    });
    expect(s.soakMs).toBe(0);
    expect(s.requires).toEqual(["staging", "canary"]);
    expect(s.checks).toBe("required");
    expect(s.probes).toEqual([
      expect.objectContaining({
        url: "https://staging.example.com/healthz",
        successes: 3,
        status: [200],
        timeoutMs: 5000,
      }),
    ]);
  });

  it.each<[string, string, GateOverrides, RegExp]>([
    ["a short SHA", "", { sha: "abc1234" }, /not a full commit SHA/],
    ["a SHA with a non-hex character", "", { sha: `${"a".repeat(39)}g` }, /not a full commit SHA/],
    ["a probe that is not http(s)", "", { sha: SHA, probes: ["ftp://x"] }, /not an http\(s\) URL/],
    ["a bad duration flag", "", { sha: SHA, soak: "soon" }, /"soon" is not a duration/],
    [
      "a freeze with cron and a range",
      '  freeze:\n    - cron: "0 18 * * 5"\n      duration: 2h\n      from: 2026-01-01\n      to: 2026-01-02\n',
      { sha: SHA },
      /exactly one of cron, rrule, or from\/to/,
    ],
    ["a recurring freeze without duration", '  freeze:\n    - cron: "0 18 * * 5"\n', { sha: SHA }, /needs a duration/],
    [
      "an rrule freeze without start",
      '  freeze:\n    - rrule: "FREQ=WEEKLY"\n      duration: 2h\n',
      { sha: SHA },
      /needs start/,
    ],
    [
      "a bad cron",
      '  freeze:\n    - cron: "61 * * * *"\n      duration: 2h\n',
      { sha: SHA },
      /not a valid cron expression/,
    ],
    [
      "a range that ends before it starts",
      "  freeze:\n    - from: 2026-02-01\n      to: 2026-01-01\n",
      { sha: SHA },
      /is before from/,
    ],
    [
      "a bad probe regular expression",
      '  probes:\n    - url: https://s.example.com\n      match: "("\n',
      { sha: SHA },
      /not a regular expression/,
    ],
  ])("throws InputError for %s", (_name, yaml, overrides, message) => {
    const config = gate(yaml);
    expect(() => resolveGateSettings(config, overrides)).toThrow(InputError);
    expect(() => resolveGateSettings(config, overrides)).toThrow(message);
  });
});
