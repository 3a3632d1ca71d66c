import { bunManager } from "@upkeep/shared/patch/managers/bun/index.js";
import type { DependencyGroup } from "@upkeep/shared/patch/types.js";
import { describe, expect, it } from "vitest";
import { generateBunLockfile } from "../../../../fixtures/lockfiles/js/generate.js";
import { byId, inputError, lineOf, siblings } from "../../../../fixtures/lockfiles/js/helpers.js";

const I = "sha512-1NNxjXmXv3DtvTJlp1xlnURjzK0fN9zgGm4WVg8NWaE1bUhOaIpoKGyI8YkPX6IFE5v2MQWOrgP2E7bKJZ9oYQ==";

// As Bun writes it: JSONC with trailing commas, a blank line between package entries.
const LOCK = `{
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "app",
      "dependencies": {
        "@scope/util": "workspace:*",
        "express": "^4.18.2",
        "gitdep": "github:user/gitdep#main",
        "local-lib": "file:../local-lib",
        "lodash-alias": "npm:lodash@^4.17.21",
        "tarball": "https://example.com/tarball-1.0.0.tgz",
      },
      "devDependencies": {
        "typescript": "^5.4.5",
      },
      "optionalDependencies": {
        "fsevents": "^2.3.3",
      },
      "peerDependencies": {
        "react": "^18",
      },
    },
    "packages/util": {
      "name": "@scope/util",
      "dependencies": {
        "debug": "^4.3.4",
      },
    },
  },
  "packages": {
    "@scope/util": ["@scope/util@workspace:packages/util"],

    "debug": ["debug@2.6.9", "", { "dependencies": { "ms": "2.0.0" } }, "${I}"],

    "express": ["express@4.18.2", "", { "dependencies": { "debug": "2.6.9" } }, "${I}"],

    "fsevents": ["fsevents@2.3.3", "", { "os": "darwin" }, "${I}"],

    "gitdep": ["gitdep@github:user/gitdep#0123456", { "dependencies": { "ms": "^2.0.0" } }, "user-gitdep-0123456"],

    "js-tokens": ["js-tokens@4.0.0", "", {}, "${I}"],

    "local-lib": ["local-lib@file:../local-lib", {}],

    "lodash-alias": ["lodash@4.17.21", "", {}, "${I}"],

    "loose-envify": ["loose-envify@1.4.0", "", { "dependencies": { "js-tokens": "^3.0.0 || ^4.0.0" }, "bin": { "loose-envify": "cli.js" } }, "${I}"],

    "ms": ["ms@2.0.0", "", {}, "${I}"],

    "react": ["react@18.3.1", "", { "dependencies": { "loose-envify": "^1.1.0" } }, "${I}"],

    "tarball": ["tarball@https://example.com/tarball-1.0.0.tgz", {}],

    "typescript": ["typescript@5.4.5", "", { "dependencies": { "ms": "2.0.0" }, "bin": { "tsc": "bin/tsc", "tsserver": "bin/tsserver" } }, "${I}"],

    "@scope/util/debug": ["debug@4.3.4", "", { "dependencies": { "ms": "2.1.2", "supports-color": "^8.1.1" } }, "${I}"],

    "@scope/util/supports-color": ["supports-color@8.1.1", "", {}, "${I}"],

    "@scope/util/debug/ms": ["ms@2.1.2", "", {}, "${I}"],
  }
}
`;

describe("bun manager", () => {
  it.each<[id: string, name: string, version: string, group: DependencyGroup, direct: boolean]>([
    ["express", "express", "4.18.2", "prod", true],
    ["debug", "debug", "2.6.9", "prod", false],
    // typescript (dev) needs it too: the stronger group wins
    ["ms", "ms", "2.0.0", "prod", false],
    ["lodash-alias", "lodash", "4.17.21", "prod", true],
    ["typescript", "typescript", "5.4.5", "dev", true],
    ["fsevents", "fsevents", "2.3.3", "optional", true],
    ["react", "react", "18.3.1", "peer", true],
    ["loose-envify", "loose-envify", "1.4.0", "peer", false],
    ["js-tokens", "js-tokens", "4.0.0", "peer", false],
    // the workspace package's own copy of debug, nested under its name
    ["@scope/util/debug", "debug", "4.3.4", "prod", true],
    ["@scope/util/debug/ms", "ms", "2.1.2", "prod", false],
    ["@scope/util/supports-color", "supports-color", "8.1.1", "prod", false],
  ])("%s is %s@%s, %s, direct %s, at its key's line", async (id, name, version, group, direct) => {
    const result = await bunManager.parse("bun.lock", LOCK, siblings());
    expect(byId(result, id)).toMatchObject({
      ecosystem: "npm",
      name,
      version,
      group,
      direct,
      file: "bun.lock",
      line: lineOf(LOCK, `    "${id}": [`),
    });
  });

  it("resolves children nested first, then up the key path, then at the top", async () => {
    const result = await bunManager.parse("bun.lock", LOCK, siblings());
    expect(byId(result, "express").dependencies).toEqual(["debug"]);
    expect(byId(result, "@scope/util/debug").dependencies).toEqual([
      "@scope/util/debug/ms",
      "@scope/util/supports-color",
    ]);
    expect(byId(result, "react").dependencies).toEqual(["loose-envify"]);
    expect(result).toMatchObject({ manager: "bun", formatVersion: "1" });
    expect(result.packages).toHaveLength(12);
  });

  it.each([
    ["@scope/util", "workspace package (workspace:packages/util)"],
    ["gitdep", "git dependency (github:user/gitdep#0123456)"],
    ["local-lib", "local path dependency (file:../local-lib)"],
    ["tarball", "remote tarball or git URL (https://example.com/tarball-1.0.0.tgz)"],
  ])("skips %s: %s", async (name, reason) => {
    const result = await bunManager.parse("bun.lock", LOCK, siblings());
    expect(result.skipped).toContainEqual({ file: "bun.lock", line: lineOf(LOCK, `    "${name}": [`), name, reason });
    expect(result.packages.some((p) => p.name === name)).toBe(false);
  });

  it.each([0, 2])("reads lockfileVersion %i the same way", async (version) => {
    const result = await bunManager.parse(
      "bun.lock",
      LOCK.replace('"lockfileVersion": 1', `"lockfileVersion": ${version}`),
      siblings(),
    );
    expect(result.formatVersion).toBe(String(version));
    expect(result.packages).toHaveLength(12);
  });
});

describe("bun manager, bad input fails closed", () => {
  it.each([
    [
      "3",
      `{\n  "lockfileVersion": 3,\n  "packages": {},\n}`,
      /bun\.lock:2: unsupported lockfileVersion 3 \(this version of upkeep reads 0, 1, 2\)/,
    ],
    ["missing", `{ "packages": {} }`, /unsupported lockfileVersion none/],
  ])("lockfileVersion %s is an unknown version", async (_label, text, message) => {
    const err = await inputError(() => bunManager.parse("bun.lock", text, siblings()));
    expect(err.message).toMatch(message);
    expect(err.hint).toMatch(/upgrade upkeep or open an issue/);
  });

  it.each([
    ["truncated", `{\n  "lockfileVersion": 1,\n  "packages": {\n    "a": ["a@1.0.0", "", {}`, 4],
    ["a merge conflict", `{\n  "lockfileVersion": 1,\n<<<<<<< HEAD\n}`, 3],
  ])("%s JSONC gives the parser's line", async (_label, text, line) => {
    const err = await inputError(() => bunManager.parse("bun.lock", text, siblings()));
    expect(err.message).toMatch(/not valid JSONC/);
    expect(err.location).toMatchObject({ file: "bun.lock", line });
  });

  it("a workspace dependency without a packages entry means a truncated or stale lockfile", async () => {
    const cut = `${LOCK.slice(0, LOCK.indexOf('    "typescript": ['))}  }\n}\n`;
    const err = await inputError(() => bunManager.parse("bun.lock", cut, siblings()));
    expect(err.message).toContain('workspaces[""].devDependencies declares "typescript"');
    expect(err.hint).toContain("bun install");
  });

  it.each([
    ["packages is an array", `{ "lockfileVersion": 1, "packages": [] }`, "`packages` must be an object"],
    [
      "an entry is an object",
      `{ "lockfileVersion": 1, "packages": { "a": { "version": "1.0.0" } } }`,
      '`packages["a"]` must be an array',
    ],
    ["workspaces is a string", `{ "lockfileVersion": 1, "workspaces": "" }`, "`workspaces` must be an object"],
  ])("%s names the key", async (_label, text, message) => {
    const err = await inputError(() => bunManager.parse("bun.lock", text, siblings()));
    expect(err.message).toContain(message);
  });
});

describe("bun manager, size", () => {
  it("parses a 10,000-package lockfile", async () => {
    const text = generateBunLockfile(10_000);
    const result = await bunManager.parse("bun.lock", text, siblings());
    expect(result.packages).toHaveLength(10_000);
    expect(result.packages.filter((p) => p.direct)).toHaveLength(100);
    expect(result.packages.filter((p) => p.group === "unknown")).toHaveLength(0);
    expect(result.packages.every((p) => p.line !== undefined && p.dependencies.length > 0)).toBe(true);
  });
});
