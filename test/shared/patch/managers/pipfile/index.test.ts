import { InputError } from "@upkeep/shared/errors.js";
import { pipfileManager } from "@upkeep/shared/patch/managers/pipfile/index.js";
import type { ManagerContext } from "@upkeep/shared/patch/types.js";
import { describe, expect, it } from "vitest";

const ctx = (siblings: Record<string, string> = {}): ManagerContext => ({ readSibling: async (n) => siblings[n] });

// As `pipenv lock` writes it (4-space indent, sorted keys).
const LOCK = `{
    "_meta": {
        "hash": {
            "sha256": "7f7606f08e0544d8d012ef4d097dabdd6df6843a28793eb6551245d4b2db4242"
        },
        "pipfile-spec": 6,
        "requires": {
            "python_version": "3.11"
        },
        "sources": [
            {
                "name": "pypi",
                "url": "https://pypi.org/simple",
                "verify_ssl": true
            }
        ]
    },
    "default": {
        "Django": {
            "hashes": [
                "sha256:0a3c2d9ee5f2b1b6c7d0e8f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5"
            ],
            "index": "pypi",
            "markers": "python_version >= '3.10'",
            "version": "==4.2.16"
        },
        "mylib": {
            "editable": true,
            "path": "."
        },
        "sqlparse": {
            "hashes": [],
            "markers": "python_version >= '3.8'",
            "version": "==0.5.1"
        },
        "toolz": {
            "git": "https://github.com/pytoolz/toolz.git",
            "ref": "0123456789abcdef0123456789abcdef01234567"
        }
    },
    "develop": {
        "pytest": {
            "hashes": [],
            "index": "pypi",
            "version": "==8.3.3"
        },
        "sqlparse": {
            "hashes": [],
            "version": "==0.5.1"
        }
    }
}
`;
const PIPFILE = `[[source]]\nurl = "https://pypi.org/simple"\nverify_ssl = true\nname = "pypi"\n\n[packages]\ndjango = "*"\nmylib = {path = ".", editable = true}\n\n[dev-packages]\npytest = "*"\n`;

describe("Pipfile.lock", async () => {
  const parsed = await pipfileManager.parse("api/Pipfile.lock", LOCK, ctx({ Pipfile: PIPFILE }));

  it.each([
    ["django", "4.2.16", "prod", true, 19],
    ["sqlparse", "0.5.1", "prod", false, 31],
    ["pytest", "8.3.3", "dev", true, 42],
  ])("%s %s is %s, direct=%s, at line %i", (name, version, group, direct, line) => {
    expect(parsed.packages.find((p) => p.name === name)).toMatchObject({
      version,
      group,
      direct,
      line,
      file: "api/Pipfile.lock",
    });
  });

  it("reports a package in both sections once, as prod", () => {
    expect(parsed.packages.map((p) => p.id)).toEqual(["django@4.2.16", "sqlparse@0.5.1", "pytest@8.3.3"]);
  });

  it("skips editable/path and git entries with their line", () => {
    expect(parsed.skipped).toEqual([
      { file: "api/Pipfile.lock", line: 27, name: "mylib", reason: "editable local path dependency (.)" },
      {
        file: "api/Pipfile.lock",
        line: 36,
        name: "toolz",
        reason: "git dependency (https://github.com/pytoolz/toolz.git)",
      },
    ]);
  });

  it("without a Pipfile every entry counts as direct (the lock has no graph)", async () => {
    const bare = await pipfileManager.parse("Pipfile.lock", LOCK, ctx());
    expect(bare.packages.every((p) => p.direct)).toBe(true);
  });
});

describe("Pipfile.lock bad input", () => {
  it.each([
    [
      "pipfile-spec 7",
      LOCK.replace('"pipfile-spec": 6', '"pipfile-spec": 7'),
      /Pipfile\.lock: unsupported Pipfile\.lock: pipfile-spec 7/,
    ],
    ["no _meta", `{"default": {}}`, /no `_meta\.pipfile-spec`/],
    ["truncated JSON", LOCK.slice(0, 400), /Pipfile\.lock:\d+:\d+: not valid JSON \(\w+\)/],
    [
      "a trailing comma",
      LOCK.replace('"version": "==8.3.3"', '"version": "==8.3.3",'),
      /Pipfile\.lock:46:\d+: not valid JSON/,
    ],
    [
      "a version that is not a string",
      LOCK.replace('"==8.3.3"', "8"),
      /Pipfile\.lock:42: `develop\.pytest\.version` should be a string/,
    ],
    ["default that is an array", `{"_meta": {"pipfile-spec": 6}, "default": []}`, /`default` should be an object/],
  ])("%s fails closed", async (_label, text, message) => {
    const error = await pipfileManager.parse("Pipfile.lock", text, ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
  });

  it("an unpinned version is skipped with the reason, not dropped", async () => {
    const parsed = await pipfileManager.parse("Pipfile.lock", LOCK.replace('"==8.3.3"', '"*"'), ctx());
    expect(parsed.skipped.at(-1)).toMatchObject({
      name: "pytest",
      line: 42,
      reason: expect.stringContaining('not pinned (version "*")'),
    });
  });
});
