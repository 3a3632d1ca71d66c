import { npmManager } from "@upkeep/shared/patch/managers/npm/index.js";
import type { DependencyGroup } from "@upkeep/shared/patch/types.js";
import { describe, expect, it } from "vitest";
import { generateNpmLockfile } from "../../../../fixtures/lockfiles/js/generate.js";
import { byId, inputError, lineOf, siblings } from "../../../../fixtures/lockfiles/js/helpers.js";

const V3 = `{
  "name": "app",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "app",
      "version": "1.0.0",
      "workspaces": ["packages/*"],
      "dependencies": { "express": "^4.18.0", "lodash-alias": "npm:lodash@^4.17.0", "bundler": "^1.0.0" },
      "devDependencies": { "typescript": "^5.0.0", "debug": "^4.3.0" },
      "optionalDependencies": { "fsevents": "^2.3.0" }
    },
    "node_modules/express": {
      "version": "4.18.2",
      "resolved": "https://registry.npmjs.org/express/-/express-4.18.2.tgz",
      "integrity": "sha512-5/PsL6iGPdfQ/lKM1UuielYgv3BUoJfz1aUwU9vHZ+J7gyvwdQXFEBIEIaxeGf0GIcreATNyBExtalisDbuMqQ==",
      "dependencies": { "debug": "2.6.9", "@types/qs": "^6.9.0" }
    },
    "node_modules/express/node_modules/debug": {
      "version": "2.6.9",
      "resolved": "https://registry.npmjs.org/debug/-/debug-2.6.9.tgz",
      "dependencies": { "ms": "2.0.0" }
    },
    "node_modules/express/node_modules/ms": { "version": "2.0.0" },
    "node_modules/debug": { "version": "4.3.4", "dev": true, "dependencies": { "ms": "2.1.2" } },
    "node_modules/ms": { "version": "2.1.2", "dev": true },
    "node_modules/@types/qs": { "version": "6.9.7" },
    "node_modules/lodash-alias": { "name": "lodash", "version": "4.17.21" },
    "node_modules/typescript": { "version": "5.1.6", "dev": true },
    "node_modules/fsevents": { "version": "2.3.3", "optional": true },
    "node_modules/dev-only-optional": { "version": "1.0.0", "dev": true, "optional": true },
    "node_modules/dev-and-optional": { "version": "1.0.0", "devOptional": true },
    "node_modules/react": { "version": "18.2.0", "peer": true },
    "node_modules/bundler": { "version": "1.0.0", "dependencies": { "inner": "^1.0.0" }, "bundleDependencies": ["inner"] },
    "node_modules/bundler/node_modules/inner": { "version": "1.0.0", "inBundle": true },
    "node_modules/ws-a": { "resolved": "packages/a", "link": true },
    "packages/a": { "name": "ws-a", "version": "0.0.1", "dependencies": { "left-pad": "^1.3.0" } },
    "node_modules/left-pad": { "version": "1.3.0" },
    "node_modules/from-git": { "version": "1.0.0", "resolved": "git+ssh://git@github.com/u/from-git.git#0123456789abcdef0123456789abcdef01234567" },
    "node_modules/from-file": { "version": "1.0.0", "resolved": "file:vendor/from-file-1.0.0.tgz" },
    "node_modules/no-version": { "optional": true }
  }
}
`;

describe("npm manager, lockfileVersion 2 and 3 (packages section)", () => {
  it.each<[id: string, name: string, version: string, group: DependencyGroup, direct: boolean]>([
    ["node_modules/express", "express", "4.18.2", "prod", true],
    ["node_modules/express/node_modules/debug", "debug", "2.6.9", "prod", false],
    ["node_modules/express/node_modules/ms", "ms", "2.0.0", "prod", false],
    ["node_modules/debug", "debug", "4.3.4", "dev", true],
    ["node_modules/ms", "ms", "2.1.2", "dev", false],
    ["node_modules/@types/qs", "@types/qs", "6.9.7", "prod", false],
    ["node_modules/lodash-alias", "lodash", "4.17.21", "prod", true],
    ["node_modules/typescript", "typescript", "5.1.6", "dev", true],
    ["node_modules/fsevents", "fsevents", "2.3.3", "optional", true],
    ["node_modules/dev-only-optional", "dev-only-optional", "1.0.0", "dev", false],
    ["node_modules/dev-and-optional", "dev-and-optional", "1.0.0", "optional", false],
    ["node_modules/react", "react", "18.2.0", "peer", false],
    ["node_modules/bundler", "bundler", "1.0.0", "prod", true],
    ["node_modules/bundler/node_modules/inner", "inner", "1.0.0", "bundled", false],
    // declared by the workspace package packages/a, so the project asked for it
    ["node_modules/left-pad", "left-pad", "1.3.0", "prod", true],
  ])("%s is %s@%s, group %s, direct %s, at its key's line", async (id, name, version, group, direct) => {
    const result = await npmManager.parse("web/package-lock.json", V3, siblings());
    expect(byId(result, id)).toMatchObject({
      ecosystem: "npm",
      name,
      version,
      group,
      direct,
      file: "web/package-lock.json",
      line: lineOf(V3, `"${id}":`),
    });
  });

  it("declares the format version and reads the exact line of an entry", async () => {
    const result = await npmManager.parse("package-lock.json", V3, siblings());
    expect(result).toMatchObject({ manager: "npm", formatVersion: "3" });
    expect(byId(result, "node_modules/express").line).toBe(15);
  });

  it("resolves children the way node does: nested node_modules first, then up the tree", async () => {
    const result = await npmManager.parse("package-lock.json", V3, siblings());
    expect(byId(result, "node_modules/express").dependencies.sort()).toEqual([
      "node_modules/@types/qs",
      "node_modules/express/node_modules/debug",
    ]);
    expect(byId(result, "node_modules/express/node_modules/debug").dependencies).toEqual([
      "node_modules/express/node_modules/ms",
    ]);
    expect(byId(result, "node_modules/debug").dependencies).toEqual(["node_modules/ms"]);
    expect(byId(result, "node_modules/bundler").dependencies).toEqual(["node_modules/bundler/node_modules/inner"]);
  });

  it.each([
    ["ws-a", "link to a workspace or local folder (packages/a)"],
    ["ws-a", "workspace or local package folder (packages/a)"],
    ["from-git", "git dependency (git+ssh://git@github.com/u/from-git.git#0123456789abcdef0123456789abcdef01234567)"],
    ["from-file", "local path dependency (file:vendor/from-file-1.0.0.tgz)"],
    ["no-version", "the entry has no version (not installed)"],
  ])("skips %s with the reason %j and its line", async (name, reason) => {
    const result = await npmManager.parse("package-lock.json", V3, siblings());
    const skip = result.skipped.find((s) => s.reason === reason);
    expect(skip).toMatchObject({ file: "package-lock.json", name });
    expect(skip?.line).toBeGreaterThan(1);
    expect(result.packages.some((p) => p.name === name)).toBe(false);
  });

  it("never reports the root project or a workspace folder as a package", async () => {
    const result = await npmManager.parse("package-lock.json", V3, siblings());
    expect(result.packages.map((p) => p.name)).not.toContain("app");
    expect(result.packages.map((p) => p.name)).not.toContain("ws-a");
    expect(result.packages).toHaveLength(15);
  });

  it("lockfileVersion 2 reads `packages` and ignores the legacy `dependencies` copy", async () => {
    const v2 = `{
  "name": "app",
  "lockfileVersion": 2,
  "requires": true,
  "packages": {
    "": { "name": "app", "dependencies": { "semver": "^7.5.0" } },
    "node_modules/semver": { "version": "7.5.4", "dependencies": { "lru-cache": "^6.0.0" } },
    "node_modules/lru-cache": { "version": "6.0.0" }
  },
  "dependencies": {
    "semver": { "version": "7.0.0", "requires": { "lru-cache": "^6.0.0" } },
    "lru-cache": { "version": "6.0.0" }
  }
}`;
    const result = await npmManager.parse("npm-shrinkwrap.json", v2, siblings());
    expect(result.formatVersion).toBe("2");
    expect(result.packages.map((p) => `${p.name}@${p.version}:${p.line}:${p.direct}`)).toEqual([
      "semver@7.5.4:7:true",
      "lru-cache@6.0.0:8:false",
    ]);
  });
});

const V1 = `{
  "name": "legacy",
  "version": "1.0.0",
  "lockfileVersion": 1,
  "requires": true,
  "dependencies": {
    "express": {
      "version": "4.18.2",
      "resolved": "https://registry.npmjs.org/express/-/express-4.18.2.tgz",
      "requires": { "debug": "2.6.9" },
      "dependencies": {
        "debug": { "version": "2.6.9", "requires": { "ms": "2.0.0" } }
      }
    },
    "ms": { "version": "2.0.0" },
    "jest": { "version": "29.0.0", "dev": true, "requires": { "ms": "^2.0.0" } },
    "fsevents": { "version": "2.3.3", "optional": true },
    "chokidar-dev-opt": { "version": "3.0.0", "dev": true, "optional": true },
    "inner": { "version": "1.0.0", "bundled": true },
    "lodash-alias": { "version": "npm:lodash@4.17.21" },
    "@scope/alias": { "version": "npm:@real/pkg@2.0.0" },
    "local": { "version": "file:../local" },
    "gitdep": { "version": "github:user/gitdep#abcdef0", "from": "github:user/gitdep" }
  }
}`;

describe("npm manager, lockfileVersion 1 (nested dependencies)", () => {
  it.each<[id: string, name: string, version: string, group: DependencyGroup, directWithoutManifest: boolean]>([
    ["node_modules/express", "express", "4.18.2", "prod", true],
    ["node_modules/express/node_modules/debug", "debug", "2.6.9", "prod", false],
    ["node_modules/ms", "ms", "2.0.0", "prod", false],
    ["node_modules/jest", "jest", "29.0.0", "dev", true],
    ["node_modules/fsevents", "fsevents", "2.3.3", "optional", true],
    ["node_modules/chokidar-dev-opt", "chokidar-dev-opt", "3.0.0", "dev", true],
    ["node_modules/inner", "inner", "1.0.0", "bundled", true],
    ["node_modules/lodash-alias", "lodash", "4.17.21", "prod", true],
    ["node_modules/@scope/alias", "@real/pkg", "2.0.0", "prod", true],
  ])("%s is %s@%s, group %s (direct without package.json: %s)", async (id, name, version, group, direct) => {
    const result = await npmManager.parse("package-lock.json", V1, siblings());
    expect(byId(result, id)).toMatchObject({
      name,
      version,
      group,
      direct,
      line: lineOf(V1, `"${id.split("node_modules/").at(-1)}": {`),
    });
  });

  it("resolves `requires` through the nesting, then up to the top level", async () => {
    const result = await npmManager.parse("package-lock.json", V1, siblings());
    expect(byId(result, "node_modules/express").dependencies).toEqual(["node_modules/express/node_modules/debug"]);
    expect(byId(result, "node_modules/express/node_modules/debug").dependencies).toEqual(["node_modules/ms"]);
  });

  it("uses package.json beside the lockfile to tell direct dependencies", async () => {
    const manifest = JSON.stringify({ dependencies: { express: "^4", ms: "2.0.0" }, devDependencies: { jest: "^29" } });
    const ctx = siblings({ "package.json": manifest });
    const result = await npmManager.parse("package-lock.json", V1, ctx);
    expect(ctx.reads).toEqual(["package.json"]);
    expect(result.packages.filter((p) => p.direct).map((p) => p.name)).toEqual(["express", "ms", "jest"]);
  });

  it.each([
    ["local", "local path dependency (file:../local)"],
    ["gitdep", "git dependency (github:user/gitdep#abcdef0)"],
  ])("skips %s: %s", async (name, reason) => {
    const result = await npmManager.parse("package-lock.json", V1, siblings());
    expect(result.skipped).toContainEqual({
      file: "package-lock.json",
      line: lineOf(V1, `"${name}": {`),
      name,
      reason,
    });
  });
});

describe("npm manager, bad input fails closed", () => {
  it.each([
    [
      "lockfileVersion 4",
      `{\n  "lockfileVersion": 4,\n  "packages": {}\n}`,
      /package-lock\.json:2: unsupported lockfileVersion 4 \(this version of upkeep reads 1, 2, 3\)/,
    ],
    ["no lockfileVersion", `{ "packages": {} }`, /unsupported lockfileVersion none/],
    ["a string lockfileVersion", `{ "lockfileVersion": "3", "packages": {} }`, /unsupported lockfileVersion "3"/],
  ])("%s is an unknown version", async (_label, text, message) => {
    const err = await inputError(() => npmManager.parse("package-lock.json", text, siblings()));
    expect(err.message).toMatch(message);
    expect(err.hint).toMatch(/upgrade upkeep or open an issue/);
    expect(err.location?.file).toBe("package-lock.json");
  });

  it.each([
    [
      "truncated",
      `{\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/a": { "version": "1.0.0"`,
      4,
      /not valid JSON/,
    ],
    ["a trailing comma npm itself rejects", `{\n  "lockfileVersion": 3,\n  "packages": {},\n}`, 4, /not valid JSON/],
    ["a merge conflict", `{\n  "lockfileVersion": 3,\n<<<<<<< HEAD\n  "packages": {}\n}`, 3, /not valid JSON/],
  ])("%s JSON gives the parser's line", async (_label, text, line, message) => {
    const err = await inputError(() => npmManager.parse("app/package-lock.json", text, siblings()));
    expect(err.message).toMatch(message);
    expect(err.location).toMatchObject({ file: "app/package-lock.json", line });
    expect(err.location?.column).toBeGreaterThan(0);
  });

  it.each([
    ["packages is an array", `{ "lockfileVersion": 3, "packages": [] }`, "`packages` must be an object"],
    ["packages is missing in v3", `{ "lockfileVersion": 3 }`, "`packages` must be present"],
    [
      "an entry is a string",
      `{ "lockfileVersion": 2, "packages": { "node_modules/a": "1.0.0" } }`,
      '`packages["node_modules/a"]` must be an object',
    ],
    ["v1 dependencies is an array", `{ "lockfileVersion": 1, "dependencies": [] }`, "`dependencies` must be an object"],
    [
      "a v1 nested entry is a number",
      `{ "lockfileVersion": 1, "dependencies": { "a": { "version": "1.0.0", "dependencies": { "b": 1 } } } }`,
      '`dependencies["a"].dependencies["b"]` must be an object',
    ],
  ])("%s names the key", async (_label, text, message) => {
    const err = await inputError(() => npmManager.parse("package-lock.json", text, siblings()));
    expect(err.message).toContain(message);
  });

  it.each([
    [
      "the root",
      `{ "lockfileVersion": 3, "packages": { "": { "dependencies": { "left-pad": "^1.3.0" } } } }`,
      'packages[""]',
    ],
    [
      "a workspace folder",
      `{ "lockfileVersion": 3, "packages": { "": {}, "packages/a": { "devDependencies": { "jest": "^29" } } } }`,
      'packages["packages/a"]',
    ],
  ])("a dependency %s declares without an entry means a truncated or stale lockfile", async (_label, text, where) => {
    const err = await inputError(() => npmManager.parse("package-lock.json", text, siblings()));
    expect(err.message).toContain(`${where} declares`);
    expect(err.message).toContain("truncated or out of date");
    expect(err.hint).toContain("npm install");
  });

  it("a corrupt package.json beside a v1 lockfile is an error naming that file", async () => {
    const err = await inputError(() =>
      npmManager.parse("sub/package-lock.json", V1, siblings({ "package.json": '{ "dependencies": ' })),
    );
    expect(err.location?.file).toBe("sub/package.json");
  });
});

describe("npm manager, size", () => {
  it("parses a 10,000-package lockfile", async () => {
    const text = generateNpmLockfile(10_000);
    const result = await npmManager.parse("package-lock.json", text, siblings());
    expect(result.packages).toHaveLength(10_000);
    expect(result.packages.filter((p) => p.direct)).toHaveLength(100);
    expect(result.packages.filter((p) => p.group === "dev")).toHaveLength(0);
    expect(result.packages.every((p) => p.line !== undefined && p.line > 0 && p.dependencies.length > 0)).toBe(true);
  });
});
