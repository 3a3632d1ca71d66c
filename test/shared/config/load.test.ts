import { loadConfig, MAX_EXTENDS_DEPTH, parseExtends } from "@upkeep/shared/config/load.js";
import type { ConfigSource } from "@upkeep/shared/config/types.js";
import { ConfigError } from "@upkeep/shared/errors.js";
import { describe, expect, it } from "vitest";

/** An in-memory ConfigSource: keys are `owner/repo:path`, with `.` for the current repository. */
function mapSource(files: Record<string, string>): ConfigSource & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async read(repo, path) {
      const key = `${repo ?? "."}:${path}`;
      reads.push(key);
      const text = files[key];
      return text === undefined ? undefined : { text, file: repo ? `${repo}:${path}` : path };
    },
  };
}

describe("parseExtends", () => {
  it.each([
    ["acme/.github", { owner: "acme", repo: ".github", path: undefined }],
    ["acme/config:policies/upkeep.yml", { owner: "acme", repo: "config", path: "policies/upkeep.yml" }],
    [".github:upkeep.yml", { owner: undefined, repo: ".github", path: "upkeep.yml" }],
    ["shared-config", { owner: undefined, repo: "shared-config", path: undefined }],
  ])("%s", (value, expected) => {
    expect(parseExtends(value)).toEqual(expected);
  });

  it.each(["acme/", "a/b/c", "acme/repo:file.txt", "has space"])("rejects %j", (value) => {
    expect(parseExtends(value)).toBeUndefined();
  });
});

describe("loadConfig", () => {
  it("gives the schema defaults when there is no file (zero config)", async () => {
    const loaded = await loadConfig({ source: mapSource({}) });
    expect(loaded.files).toEqual([]);
    expect(loaded.problems).toEqual([]);
    expect(loaded.config.patch.failOn).toBe("high");
    expect(loaded.config.patch.unknownSeverity).toBe("warn");
    expect(loaded.config.drift.requireEntry).toBe(true);
    expect(loaded.config.drift.allowTypes).toEqual(["docs", "test", "ci", "chore", "build", "style"]);
    expect(loaded.config.incidents.label).toBe("incident");
    expect(loaded.config.audits).toEqual([]);
  });

  it("reads the given path instead of .github/upkeep.yml", async () => {
    const source = mapSource({ ".:ci/upkeep.yml": "bot:\n  sweepIntervalMinutes: 5\n" });
    const loaded = await loadConfig({ source, path: "ci/upkeep.yml" });
    expect(loaded.files).toEqual(["ci/upkeep.yml"]);
    expect(loaded.config.bot.sweepIntervalMinutes).toBe(5);
  });

  it("throws ConfigError listing every problem when strict (the default)", async () => {
    const source = mapSource({ ".:.github/upkeep.yml": "patch:\n  failOn: hgh\nbots: {}\n" });
    const err = await loadConfig({ source }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.key}`)).toEqual([
      ".github/upkeep.yml:2:11: patch.failOn",
      ".github/upkeep.yml:3:1: bots",
    ]);
    expect((err as ConfigError).message).toContain(
      '.github/upkeep.yml:3:1: bots: unknown key "bots"; did you mean "bot"?',
    );
    expect((err as ConfigError).hint).toMatch(/upkeep config validate/);
  });

  it("keeps the valid parts and returns the problems when not strict", async () => {
    const source = mapSource({
      ".:.github/upkeep.yml":
        "patch:\n  failOn: critical\n  unknownSeverity: explode\nmaintenance:\n  label: downtime\n",
    });
    const loaded = await loadConfig({ source, strict: false });
    expect(loaded.problems.map((p) => p.key)).toEqual(["patch.unknownSeverity"]);
    expect(loaded.config.patch.failOn).toBe("critical");
    expect(loaded.config.patch.unknownSeverity).toBe("warn");
    expect(loaded.config.maintenance.label).toBe("downtime");
  });

  it("follows an _extends chain: objects merge, lists are replaced, the extending file wins", async () => {
    const source = mapSource({
      ".:.github/upkeep.yml": [
        "_extends: acme/.github",
        "patch:",
        "  deadlines:",
        "    critical: 3",
        "  scopes:",
        "    fail: [prod]",
        "",
      ].join("\n"),
      "acme/.github:.github/upkeep.yml": [
        "_extends: policies:base.yml",
        "patch:",
        "  failOn: medium",
        "  deadlines:",
        "    high: 14",
        "  scopes:",
        "    fail: [prod, dev, unknown]",
        "",
      ].join("\n"),
      "acme/policies:base.yml":
        "patch:\n  failOn: low\n  deadlines:\n    medium: 45\nmaintenance:\n  timezone: Europe/Berlin\n",
    });
    const loaded = await loadConfig({ source, repo: "acme/app" });
    expect(loaded.files).toEqual(["acme/policies:base.yml", "acme/.github:.github/upkeep.yml", ".github/upkeep.yml"]);
    expect(loaded.config.patch.failOn).toBe("medium");
    expect(loaded.config.patch.deadlines).toEqual({ critical: 3, high: 14, medium: 45, low: 180, unknown: 90 });
    expect(loaded.config.patch.scopes.fail).toEqual(["prod"]);
    expect(loaded.config.maintenance.timezone).toBe("Europe/Berlin");
  });

  it("lets a local null override a base value", async () => {
    const source = mapSource({
      ".:.github/upkeep.yml": "_extends: acme/.github\npatch:\n  deadlines:\n    low: null\n",
      "acme/.github:.github/upkeep.yml": "patch:\n  deadlines:\n    low: 20\n",
    });
    expect((await loadConfig({ source })).config.patch.deadlines.low).toBeNull();
  });

  it("reports problems in a base file with the base file's name and position", async () => {
    const source = mapSource({
      ".:.github/upkeep.yml": "_extends: acme/.github\n",
      "acme/.github:.github/upkeep.yml": "# shared\npatch:\n  failOn: severe\n",
    });
    const loaded = await loadConfig({ source, strict: false });
    expect(loaded.problems).toMatchObject([
      { file: "acme/.github:.github/upkeep.yml", line: 3, column: 11, key: "patch.failOn" },
    ]);
  });

  it("detects a cycle and names the chain", async () => {
    const source = mapSource({
      ".:.github/upkeep.yml": "_extends: acme/a\n",
      "acme/a:.github/upkeep.yml": "_extends: acme/b\n",
      "acme/b:.github/upkeep.yml": "_extends: acme/a\n",
    });
    const err = await loadConfig({ source, repo: "acme/app" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([
      {
        file: "acme/b:.github/upkeep.yml",
        line: 1,
        column: 11,
        key: "_extends",
        message:
          "_extends cycle: .github/upkeep.yml -> acme/a:.github/upkeep.yml -> acme/b:.github/upkeep.yml -> acme/a:.github/upkeep.yml",
      },
    ]);
  });

  it("detects a chain that comes back to the current repository", async () => {
    const source = mapSource({
      ".:.github/upkeep.yml": "_extends: acme/base\n",
      "acme/base:.github/upkeep.yml": "_extends: acme/app\n",
    });
    const loaded = await loadConfig({ source, repo: "acme/app", strict: false });
    expect(loaded.problems.map((p) => p.message)).toEqual([
      "_extends cycle: .github/upkeep.yml -> acme/base:.github/upkeep.yml -> .github/upkeep.yml",
    ]);
    expect(loaded.files).toEqual(["acme/base:.github/upkeep.yml", ".github/upkeep.yml"]);
  });

  it(`stops a chain deeper than ${MAX_EXTENDS_DEPTH} hops`, async () => {
    const files: Record<string, string> = { ".:.github/upkeep.yml": "_extends: acme/r1\n" };
    for (let i = 1; i <= 7; i++) files[`acme/r${i}:.github/upkeep.yml`] = `_extends: acme/r${i + 1}\n`;
    const source = mapSource(files);
    const loaded = await loadConfig({ source, strict: false });
    expect(loaded.files).toHaveLength(MAX_EXTENDS_DEPTH + 1);
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]).toMatchObject({ file: "acme/r5:.github/upkeep.yml", key: "_extends" });
    expect(loaded.problems[0]?.message).toMatch(
      /^_extends chain is deeper than 5 files: \.github\/upkeep\.yml -> acme\/r1/,
    );
  });

  it("allows exactly 5 hops", async () => {
    const files: Record<string, string> = { ".:.github/upkeep.yml": "_extends: acme/r1\n" };
    for (let i = 1; i <= 4; i++) files[`acme/r${i}:.github/upkeep.yml`] = `_extends: acme/r${i + 1}\n`;
    files["acme/r5:.github/upkeep.yml"] = "bot:\n  sweepIntervalMinutes: 60\n";
    const loaded = await loadConfig({ source: mapSource(files) });
    expect(loaded.files).toHaveLength(6);
    expect(loaded.config.bot.sweepIntervalMinutes).toBe(60);
  });

  it("reports a base that does not exist at the _extends line", async () => {
    const source = mapSource({ ".:.github/upkeep.yml": "patch:\n  failOn: low\n_extends: acme/missing:x.yml\n" });
    const loaded = await loadConfig({ source, strict: false });
    expect(loaded.problems).toEqual([
      {
        file: ".github/upkeep.yml",
        line: 3,
        column: 11,
        key: "_extends",
        message: "base configuration acme/missing:x.yml does not exist or cannot be read",
      },
    ]);
    expect(loaded.config.patch.failOn).toBe("low");
  });

  it("needs an owner to follow `_extends: repo` when the current repository is unknown", async () => {
    const source = mapSource({ ".:.github/upkeep.yml": "_extends: .github:upkeep.yml\n" });
    const loaded = await loadConfig({ source, strict: false });
    expect(loaded.problems[0]?.message).toMatch(/cannot tell which repository ".github:upkeep.yml" is in/);
    const resolved = await loadConfig({
      source: mapSource({
        ".:.github/upkeep.yml": "_extends: .github:upkeep.yml\n",
        "acme/.github:upkeep.yml": "incidents:\n  label: sev\n",
      }),
      repo: "acme/app",
    });
    expect(resolved.config.incidents.label).toBe("sev");
  });

  it("falls back to the organization's .github repository when the repository has no file", async () => {
    const source = mapSource({ "acme/.github:.github/upkeep.yml": "maintenance:\n  pin: false\n" });
    const loaded = await loadConfig({ source, repo: "acme/app", orgFallback: "acme" });
    expect(source.reads).toEqual([".:.github/upkeep.yml", "acme/.github:.github/upkeep.yml"]);
    expect(loaded.files).toEqual(["acme/.github:.github/upkeep.yml"]);
    expect(loaded.config.maintenance.pin).toBe(false);
  });

  it("does not use the organization fallback when the repository has its own file", async () => {
    const source = mapSource({
      ".:.github/upkeep.yml": "maintenance:\n  label: ops\n",
      "acme/.github:.github/upkeep.yml": "maintenance:\n  pin: false\n",
    });
    const loaded = await loadConfig({ source, repo: "acme/app", orgFallback: "acme" });
    expect(loaded.config.maintenance).toMatchObject({ label: "ops", pin: true });
    expect(source.reads).toEqual([".:.github/upkeep.yml"]);
  });

  it("gives defaults when neither the repository nor the organization has a file", async () => {
    const loaded = await loadConfig({ source: mapSource({}), orgFallback: "acme" });
    expect(loaded.files).toEqual([]);
    expect(loaded.config.bot.sweepIntervalMinutes).toBe(15);
  });

  it("passes through errors of the source itself", async () => {
    const source: ConfigSource = {
      async read() {
        throw new Error("GitHub is down");
      },
    };
    await expect(loadConfig({ source })).rejects.toThrow("GitHub is down");
  });
});
