import { readFileSync } from "node:fs";
import { InputError } from "@upkeep/shared/errors.js";
import { poetryManager } from "@upkeep/shared/patch/managers/poetry/index.js";
import type { ManagerContext, ParsedLockfile } from "@upkeep/shared/patch/types.js";
import { describe, expect, it } from "vitest";

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../../fixtures/lockfiles/other/poetry/${name}`, import.meta.url), "utf8");
const ctx = (siblings: Record<string, string> = {}): ManagerContext => ({ readSibling: async (n) => siblings[n] });
const pkg = (parsed: ParsedLockfile, name: string) => parsed.packages.find((p) => p.name === name);

function lock(packages: string, lockVersion = "2.1"): string {
  return `${packages}\n[metadata]\nlock-version = "${lockVersion}"\npython-versions = "^3.10"\ncontent-hash = "x"\n`;
}

describe("poetry.lock 1.1 (category)", async () => {
  const parsed = await poetryManager.parse("svc/poetry.lock", fixture("poetry-1.1.lock"), ctx());

  it.each([
    ["certifi", "2021.10.8", "prod", false, 1],
    ["charset-normalizer", "2.0.12", "prod", false, 9],
    ["pytest", "6.2.5", "dev", true, 33],
    ["py", "1.11.0", "dev", false, 45],
    ["requests", "2.27.1", "prod", true, 53],
    ["urllib3", "1.26.9", "prod", false, 70],
    ["zope-interface", "5.4.0", "optional", true, 81],
  ])("%s %s is %s, direct=%s, at line %i", (name, version, group, direct, line) => {
    expect(pkg(parsed, name)).toMatchObject({
      ecosystem: "PyPI",
      version,
      group,
      direct,
      line,
      file: "svc/poetry.lock",
    });
  });

  it("links resolved dependencies and ignores ones not in the lock (atomicwrites on Windows only)", () => {
    expect(pkg(parsed, "requests")?.dependencies.sort()).toEqual([
      "certifi@2021.10.8",
      "charset-normalizer@2.0.12",
      "urllib3@1.26.9",
    ]);
    expect(pkg(parsed, "pytest")?.dependencies).toEqual(["py@1.11.0"]);
  });

  it("skips the local directory package with its path, and reports the lock-version", () => {
    expect(parsed.skipped).toEqual([
      { file: "svc/poetry.lock", line: 20, name: "mylib", reason: "local path dependency (../mylib)" },
    ]);
    expect(parsed.formatVersion).toBe("1.1");
    expect(parsed.packages).toHaveLength(7);
  });
});

describe("poetry.lock 2.0 (no groups in the lock) with pyproject.toml", async () => {
  const parsed = await poetryManager.parse(
    "poetry.lock",
    fixture("poetry-2.0.lock"),
    ctx({ "pyproject.toml": fixture("pyproject-2.0.toml") }),
  );

  it.each([
    ["flask", "prod", true],
    ["click", "prod", false],
    ["colorama", "prod", false],
    ["itsdangerous", "prod", false],
    ["mypy", "dev", true],
    ["typing-extensions", "dev", false],
  ])("%s: group %s (from pyproject tables through the graph), direct=%s", (name, group, direct) => {
    expect(pkg(parsed, name)).toMatchObject({ group, direct });
  });

  it("skips the git package", () => {
    expect(parsed.skipped.map((s) => [s.name, s.reason])).toEqual([
      ["mylib", "git dependency (https://github.com/example/mylib.git)"],
    ]);
  });

  it("without pyproject.toml: groups unknown, direct = what nothing else depends on", async () => {
    const bare = await poetryManager.parse("poetry.lock", fixture("poetry-2.0.lock"), ctx());
    expect(
      bare.packages
        .filter((p) => p.direct)
        .map((p) => p.name)
        .sort(),
    ).toEqual(["flask", "mypy"]);
    expect(new Set(bare.packages.map((p) => p.group))).toEqual(new Set(["unknown"]));
  });
});

describe("poetry.lock 2.1 (groups)", () => {
  it.each([
    [`groups = ["main"]`, "false", "prod"],
    [`groups = ["main", "dev"]`, "false", "prod"],
    [`groups = ["dev"]`, "false", "dev"],
    [`groups = ["docs", "lint"]`, "false", "dev"],
    [`groups = ["main"]`, "true", "optional"],
  ])("%s with optional = %s is %s", async (groups, optional, group) => {
    const text = lock(`[[package]]\nname = "x"\nversion = "1.0"\noptional = ${optional}\n${groups}\nfiles = []\n`);
    const parsed = await poetryManager.parse("poetry.lock", text, ctx());
    expect(parsed.packages[0]?.group).toBe(group);
  });

  it.each([
    ["Django", "django"],
    ["zope.interface", "zope-interface"],
    ["Foo__Bar-.baz", "foo-bar-baz"],
  ])("normalises %s to %s (PEP 503) in name and id", async (raw, normalized) => {
    const parsed = await poetryManager.parse(
      "poetry.lock",
      lock(`[[package]]\nname = "${raw}"\nversion = "1.0"\ngroups = ["main"]\n`),
      ctx(),
    );
    expect(parsed.packages[0]).toMatchObject({ name: normalized, id: `${normalized}@1.0`, line: 1 });
  });

  it("reads PEP 621 [project] dependencies, optional-dependencies and dependency-groups for direct", async () => {
    const text = lock(
      ["a", "b", "c", "d"].map((n) => `[[package]]\nname = "${n}"\nversion = "1"\ngroups = ["main"]\n`).join("\n"),
    );
    const pyproject = `[project]\nname = "p"\ndependencies = ["A[x]>=1 ; python_version > '3'"]\n[project.optional-dependencies]\ncli = ["b"]\n[dependency-groups]\ndev = ["C==1", {include-group = "x"}]\n`;
    const parsed = await poetryManager.parse("poetry.lock", text, ctx({ "pyproject.toml": pyproject }));
    expect(parsed.packages.map((p) => [p.name, p.direct])).toEqual([
      ["a", true],
      ["b", true],
      ["c", true],
      ["d", false],
    ]);
  });
});

describe("poetry.lock bad input", () => {
  it.each([
    ["unknown lock-version major", lock("", "3.0"), /poetry\.lock: unsupported poetry\.lock lock-version 3\.0/],
    ["no metadata", `[[package]]\nname = "a"\nversion = "1"\n`, /poetry\.lock: no `\[metadata\] lock-version`/],
    ["truncated TOML", `[[package]]\nname = "a\n`, /poetry\.lock:2:\d+: not valid TOML/],
    [
      "package without version",
      lock(`[[package]]\nname = "a"\n`),
      /poetry\.lock:1: `package\[0\]\.version` should be a string/,
    ],
    ["package is not an array", lock(`package = "x"\n`), /`package` should be an array/],
  ])("%s fails closed with an InputError", async (_label, text, message) => {
    const error = await poetryManager.parse("poetry.lock", text, ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
  });

  it("a corrupt pyproject.toml is named in the error", async () => {
    const error = await poetryManager
      .parse("a/poetry.lock", lock(""), ctx({ "pyproject.toml": "[tool.poetry\n" }))
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^a\/pyproject\.toml:1:\d+: not valid TOML/);
  });
});
