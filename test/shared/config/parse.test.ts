import { parseConfigText } from "@upkeep/shared/config/parse.js";
import type { ConfigProblem } from "@upkeep/shared/errors.js";
import { describe, expect, it } from "vitest";

const FILE = ".github/upkeep.yml";

function lines(problems: ConfigProblem[]): string[] {
  return problems.map((p) => `${p.line}:${p.column} ${p.key}: ${p.message}`);
}

describe("parseConfigText: malformed YAML", () => {
  it.each([
    ["unclosed flow sequence", "patch:\n  sources: [osv\ndrift: {}\n", 3, 1],
    ["unterminated quote", "patch:\n  failOn: 'high\n", 3, 1],
    ["bad indentation", "patch:\n    failOn: high\n  sources: [osv]\n", 3, 1],
    ["tab indentation", "patch:\n\tfailOn: high\n", 2, 1],
  ])("%s: reports the parser's line and column and keeps nothing", (_name, text, line, column) => {
    const { problems, config } = parseConfigText(text, FILE);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ file: FILE, line, column, key: "" });
    expect(problems[0]?.message).toMatch(/^invalid YAML: /);
    // Nothing from a file that does not parse is trusted: the defaults stand.
    expect(config.patch.sources).toEqual(["osv"]);
    expect(config.patch.failOn).toBe("high");
  });

  it("reports a top-level list as the wrong shape", () => {
    const { problems } = parseConfigText("- patch\n- drift\n", FILE);
    expect(lines(problems)).toEqual([
      "1:1 : expected a mapping of sections (patch, drift, changelog, audits, ...) at the top level",
    ]);
  });

  it("reports an alias to a missing anchor", () => {
    const { problems } = parseConfigText("patch:\n  failOn: *level\n", FILE);
    expect(problems[0]?.message).toMatch(/invalid YAML/);
  });
});

describe("parseConfigText: schema problems with line and column", () => {
  it.each([
    ["patch:\n  failOn: 3\n", "2:11 patch.failOn: expected text, got 3"],
    [
      "patch:\n  deadlines:\n    critical: seven\n",
      '3:15 patch.deadlines.critical: expected a whole number or nothing (null), got "seven"',
    ],
    [
      "patch:\n  deadlines:\n    high: 2.5\n",
      "3:11 patch.deadlines.high: expected a whole number or nothing (null), got 2.5",
    ],
    ["patch:\n  deadlines:\n    low: -1\n", "3:10 patch.deadlines.low: expected a number of at least 0, got -1"],
    ["drift:\n  code: src/**\n", '2:9 drift.code: expected a list, got "src/**"'],
    ['drift:\n  requireEntry: "yes"\n', '2:17 drift.requireEntry: expected true or false, got "yes"'],
    ["bot: 15\n", "1:6 bot: expected a mapping of keys, got 15"],
    [
      "patch:\n  failOn: hihg\n",
      '2:11 patch.failOn: expected one of "critical", "high", "medium", "low", "none", got "hihg"; did you mean "high"?',
    ],
    [
      "patch:\n  sources: [osv, nvd]\n",
      '2:18 patch.sources[1]: expected one of "osv", "osv-offline", "github", got "nvd"',
    ],
    [
      "patch:\n  sources: [osv, osv]\n",
      '2:18 patch.sources[1]: duplicate list item "osv" (the same as patch.sources[0])',
    ],
    [
      "maintenance:\n  reminders: [72h, 2 days]\n",
      '2:20 maintenance.reminders[1]: expected a duration like 72h, 1d12h or 30m, got "2 days"',
    ],
    [
      "maintenance:\n  timezone: Mars/Olympus\n",
      '2:13 maintenance.timezone: expected an IANA time zone such as UTC or Europe/Berlin, got "Mars/Olympus"',
    ],
    [
      "audits:\n  - id: sec\n    schedule: weekly\n",
      '3:15 audits[0].schedule: expected a five-field cron expression (e.g. "0 9 1 * *") or monthly, quarterly or yearly, got "weekly"',
    ],
    ["patch:\n  osvUrl: ftp://mirror\n", '2:11 patch.osvUrl: expected an http(s) URL, got "ftp://mirror"'],
    [
      "patch:\n  exceptions:\n    - id: GHSA-1\n      package: x\n      owner: me\n      reason: r\n      expires: 2026-13-01\n",
      '7:16 patch.exceptions[0].expires: expected a date like 2026-12-31, got "2026-13-01"',
    ],
    [
      "patch:\n  exceptions:\n    - id: GHSA-1\n      package: x\n      reason: r\n      expires: 2026-12-01\n",
      '3:7 patch.exceptions[0]: missing required key "owner" (Who is responsible for the accepted risk (a user or team handle))',
    ],
    [
      "_extends: not a repo\n",
      '1:11 _extends: expected `owner/repo`, `owner/repo:path/to/file.yml`, `repo` or `repo:path/to/file.yml`, got "not a repo"',
    ],
  ])("%j", (text, expected) => {
    expect(lines(parseConfigText(text, FILE).problems)).toEqual([expected]);
  });

  it.each([
    ["patch:\n  failon: high\n", '2:3 patch.failon: unknown key "failon"; did you mean "failOn"?'],
    ["patch:\n  deadline:\n    high: 3\n", '2:3 patch.deadline: unknown key "deadline"; did you mean "deadlines"?'],
    ["drfit:\n  code: []\n", '1:1 drfit: unknown key "drfit"; did you mean "drift"?'],
    ["bot:\n  colour: red\n", '2:3 bot.colour: unknown key "colour"; expected one of: sweepIntervalMinutes'],
  ])("unknown key %j points at the key and suggests the near miss", (text, expected) => {
    expect(lines(parseConfigText(text, FILE).problems)).toEqual([expected]);
  });

  it("reports every problem at once, in file order", () => {
    const text = "patch:\n  failOn: hgh\n  sources: nvd\nbots: {}\n";
    expect(lines(parseConfigText(text, FILE).problems).map((l) => l.split(" ")[0])).toEqual(["2:11", "3:12", "4:1"]);
  });

  it("reports a duplicate key at its second occurrence", () => {
    const { problems, config } = parseConfigText("patch:\n  failOn: low\n  failOn: critical\n", FILE);
    expect(lines(problems)).toEqual(['3:3 patch.failOn: duplicate key "failOn" (already set on line 2); keep one']);
    // A lenient load keeps the later value, as YAML loaders that allow duplicates do.
    expect(config.patch.failOn).toBe("critical");
  });

  it("names the file given in every problem", () => {
    const { problems } = parseConfigText("bot:\n  sweepIntervalMinutes: 0\n", "org/.github:upkeep.yml");
    expect(problems).toEqual([
      {
        file: "org/.github:upkeep.yml",
        line: 2,
        column: 25,
        key: "bot.sweepIntervalMinutes",
        message: "expected a number of at least 1, got 0",
      },
    ]);
  });
});

describe("parseConfigText: valid parts and defaults", () => {
  it("gives the schema defaults for an empty file", () => {
    const { config, problems } = parseConfigText("", FILE);
    expect(problems).toEqual([]);
    expect(config.patch.deadlines).toEqual({ critical: 7, high: 30, medium: 90, low: 180, unknown: 90 });
    expect(config.patch.scopes.fail).toEqual(["prod", "unknown"]);
    expect(config.drift.changelog).toBe("CHANGELOG.md");
    expect(config.maintenance.reminders).toEqual(["72h", "24h", "1h"]);
    expect(config.bot.sweepIntervalMinutes).toBe(15);
  });

  it("keeps null and 0 deadlines (they switch a deadline off)", () => {
    const { config, problems } = parseConfigText("patch:\n  deadlines:\n    low: null\n    medium: 0\n", FILE);
    expect(problems).toEqual([]);
    expect(config.patch.deadlines).toEqual({ critical: 7, high: 30, medium: 0, low: null, unknown: 90 });
  });

  it("drops only the invalid subtrees and fills their defaults", () => {
    const text = [
      "patch:",
      "  failOn: hgh",
      "  sources: [osv, nvd, github]",
      "  deadlines:",
      "    critical: 3",
      "    high: soon",
      "  exceptions:",
      "    - id: GHSA-ok",
      "      package: a",
      "      owner: me",
      "      reason: r",
      "      expires: 2026-01-31",
      "    - id: GHSA-bad",
      "      package: b",
      "      owner: me",
      "      reason: r",
      "      expires: someday",
      "audits:",
      "  - id: security-audit",
      "    dueDays: 14",
      "",
    ].join("\n");
    const { config, problems } = parseConfigText(text, FILE);
    expect(problems.map((p) => p.key)).toEqual([
      "patch.failOn",
      "patch.sources[1]",
      "patch.deadlines.high",
      "patch.exceptions[1].expires",
    ]);
    expect(config.patch.failOn).toBe("high");
    expect(config.patch.sources).toEqual(["osv", "github"]);
    expect(config.patch.deadlines.critical).toBe(3);
    expect(config.patch.deadlines.high).toBe(30);
    // An exception without a valid expiry is not an exception at all.
    expect(config.patch.exceptions.map((e) => e.id)).toEqual(["GHSA-ok"]);
    expect(config.audits).toEqual([
      {
        id: "security-audit",
        dueDays: 14,
        schedule: "quarterly",
        timezone: "UTC",
        checklist: ["Penetration test", "Code review", "Dependency review", "Compliance check"],
        assignees: [],
        labels: ["audit"],
      },
    ]);
  });

  it("gives detectors their enabled default and keeps their own options", () => {
    const { config, problems } = parseConfigText("drift:\n  detectors:\n    links:\n      external: true\n", FILE);
    expect(problems).toEqual([]);
    expect(config.drift.detectors.links).toEqual({
      enabled: true,
      external: true,
      timeoutMs: 10000,
      perHostIntervalMs: 250,
    });
    // Detectors that need sources are off until configured; the others are on.
    expect(config.drift.detectors["cli-flags"]?.enabled).toBe(false);
    expect(config.drift.detectors["action-io"]?.enabled).toBe(true);
  });

  it("leaves out $schema and _extends from the effective config", () => {
    const { config } = parseConfigText("$schema: ./upkeep.schema.json\n_extends: org/.github\n", FILE);
    expect(Object.keys(config).sort()).toEqual([
      "audits",
      "backups",
      "bot",
      "changelog",
      "drift",
      "feedback",
      "gate",
      "incidents",
      "maintenance",
      "patch",
    ]);
  });
});

describe("parseConfigText: several documents", () => {
  it("asks for one document when the file has a second ---", () => {
    const { problems } = parseConfigText("patch: {}\n---\ndrift: {}\n", FILE);
    expect(lines(problems)).toEqual([
      "2:1 : invalid YAML: the file holds more than one document (a second `---`); keep one",
    ]);
  });
});
