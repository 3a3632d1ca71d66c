import { pnpmManager } from "@upkeep/shared/patch/managers/pnpm/index.js";
import type { DependencyGroup } from "@upkeep/shared/patch/types.js";
import { describe, expect, it } from "vitest";
import { generatePnpmLockfile } from "../../../../fixtures/lockfiles/js/generate.js";
import { byId, inputError, lineOf, siblings } from "../../../../fixtures/lockfiles/js/helpers.js";

const INTEGRITY = "sha512-1NNxjXmXv3DtvTJlp1xlnURjzK0fN9zgGm4WVg8NWaE1bUhOaIpoKGyI8YkPX6IFE5v2MQWOrgP2E7bKJZ9oYQ==";

const V9 = `lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:

  .:
    dependencies:
      react:
        specifier: ^18.2.0
        version: 18.2.0
      react-dom:
        specifier: ^18.2.0
        version: 18.2.0(react@18.2.0)
      string-width-cjs:
        specifier: npm:string-width@^4.2.0
        version: string-width@4.2.3
      local-lib:
        specifier: file:../local-lib
        version: file:../local-lib
    devDependencies:
      '@types/react':
        specifier: ^18.2.0
        version: 18.2.79
      typescript:
        specifier: ^5.4.0
        version: 5.4.5
    optionalDependencies:
      fsevents:
        specifier: ^2.3.0
        version: 2.3.3

  packages/app:
    dependencies:
      lodash:
        specifier: ^4.17.21
        version: 4.17.21
      shared:
        specifier: workspace:*
        version: link:../shared

packages:

  '@types/prop-types@15.7.12':
    resolution: {integrity: ${INTEGRITY}}

  '@types/react@18.2.79':
    resolution: {integrity: ${INTEGRITY}}

  csstype@3.1.3:
    resolution: {integrity: ${INTEGRITY}}

  fsevents@2.3.3:
    resolution: {integrity: ${INTEGRITY}}
    engines: {node: ^8.16.0 || ^10.6.0 || >=11.0.0}
    os: [darwin]

  gitpkg@https://codeload.github.com/user/gitpkg/tar.gz/0123456789abcdef0123456789abcdef01234567:
    resolution: {tarball: https://codeload.github.com/user/gitpkg/tar.gz/0123456789abcdef0123456789abcdef01234567}
    version: 1.0.0

  js-tokens@4.0.0:
    resolution: {integrity: ${INTEGRITY}}

  local-lib@file:../local-lib:
    resolution: {directory: ../local-lib, type: directory}

  lodash@4.17.21:
    resolution: {integrity: ${INTEGRITY}}

  loose-envify@1.4.0:
    resolution: {integrity: ${INTEGRITY}}
    hasBin: true

  react-dom@18.2.0:
    resolution: {integrity: ${INTEGRITY}}
    peerDependencies:
      react: ^18.2.0

  react@18.2.0:
    resolution: {integrity: ${INTEGRITY}}
    engines: {node: '>=0.10.0'}

  scheduler@0.23.2:
    resolution: {integrity: ${INTEGRITY}}

  string-width@4.2.3:
    resolution: {integrity: ${INTEGRITY}}

  typescript@5.4.5:
    resolution: {integrity: ${INTEGRITY}}
    engines: {node: '>=14.17'}
    hasBin: true

snapshots:

  '@types/prop-types@15.7.12': {}

  '@types/react@18.2.79':
    dependencies:
      '@types/prop-types': 15.7.12
      csstype: 3.1.3
      loose-envify: 1.4.0

  csstype@3.1.3: {}

  fsevents@2.3.3:
    optional: true

  gitpkg@https://codeload.github.com/user/gitpkg/tar.gz/0123456789abcdef0123456789abcdef01234567: {}

  js-tokens@4.0.0: {}

  local-lib@file:../local-lib: {}

  lodash@4.17.21: {}

  loose-envify@1.4.0:
    dependencies:
      js-tokens: 4.0.0

  react-dom@18.2.0(react@18.2.0):
    dependencies:
      loose-envify: 1.4.0
      react: 18.2.0
      scheduler: 0.23.2

  react@18.2.0:
    dependencies:
      loose-envify: 1.4.0

  scheduler@0.23.2:
    dependencies:
      loose-envify: 1.4.0

  string-width@4.2.3: {}

  typescript@5.4.5: {}
`;

const V6 = `lockfileVersion: '6.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

dependencies:
  react:
    specifier: ^18.2.0
    version: 18.2.0
  react-dom:
    specifier: ^18.2.0
    version: 18.2.0(react@18.2.0)
  string-width-cjs:
    specifier: npm:string-width@^4.2.0
    version: /string-width@4.2.3

devDependencies:
  typescript:
    specifier: ^5.0.0
    version: 5.0.4

packages:

  /chokidar@3.5.3:
    resolution: {integrity: ${INTEGRITY}}
    requiresBuild: true
    dev: false
    optional: true

  /fsevents@2.3.2:
    resolution: {integrity: ${INTEGRITY}}
    os: [darwin]
    requiresBuild: true
    dev: true
    optional: true

  /js-tokens@4.0.0:
    resolution: {integrity: ${INTEGRITY}}
    dev: false

  /loose-envify@1.4.0:
    resolution: {integrity: ${INTEGRITY}}
    hasBin: true
    dependencies:
      js-tokens: 4.0.0
    dev: false

  /react-dom@18.2.0(react@18.2.0):
    resolution: {integrity: ${INTEGRITY}}
    peerDependencies:
      react: ^18.2.0
    dependencies:
      loose-envify: 1.4.0
      react: 18.2.0
      scheduler: 0.23.0
    dev: false

  /react-dom@18.2.0(react@18.3.1):
    resolution: {integrity: ${INTEGRITY}}
    peerDependencies:
      react: ^18.2.0
    dependencies:
      loose-envify: 1.4.0
      react: 18.3.1
      scheduler: 0.23.0
    dev: true

  /react@18.2.0:
    resolution: {integrity: ${INTEGRITY}}
    dependencies:
      loose-envify: 1.4.0
    dev: false

  /react@18.3.1:
    resolution: {integrity: ${INTEGRITY}}
    dependencies:
      loose-envify: 1.4.0
    dev: true

  /scheduler@0.23.0:
    resolution: {integrity: ${INTEGRITY}}
    dependencies:
      loose-envify: 1.4.0
    dev: false

  /string-width@4.2.3:
    resolution: {integrity: ${INTEGRITY}}

  /typescript@5.0.4:
    resolution: {integrity: ${INTEGRITY}}
    engines: {node: '>=12.20'}
    hasBin: true
    dev: true

  github.com/user/gitpkg/0123456789abcdef0123456789abcdef01234567:
    resolution: {tarball: https://codeload.github.com/user/gitpkg/tar.gz/0123456789abcdef0123456789abcdef01234567}
    name: gitpkg
    version: 1.0.0
    dev: false
`;

const V5 = `lockfileVersion: 5.4

importers:

  .:
    specifiers:
      react-dom: ^18.2.0
      typescript: ^4.9.0
    dependencies:
      react-dom: 18.2.0_react@18.2.0
    devDependencies:
      typescript: 4.9.5

  packages/a:
    specifiers:
      '@scope/util': ^1.0.0
      aliased: npm:lodash@^4.17.0
      b: workspace:*
      local: file:../../local
    dependencies:
      '@scope/util': 1.0.0
      aliased: /lodash/4.17.21
      b: link:../b
      local: file:../../local

packages:

  /@scope/util/1.0.0:
    resolution: {integrity: ${INTEGRITY}}
    dev: false

  /js-tokens/4.0.0:
    resolution: {integrity: ${INTEGRITY}}
    dev: false

  /lodash/4.17.21:
    resolution: {integrity: ${INTEGRITY}}
    dev: false

  /loose-envify/1.4.0:
    resolution: {integrity: ${INTEGRITY}}
    hasBin: true
    dependencies:
      js-tokens: 4.0.0
    dev: false

  /react-dom/18.2.0_react@18.2.0:
    resolution: {integrity: ${INTEGRITY}}
    peerDependencies:
      react: ^18.2.0
    dependencies:
      loose-envify: 1.4.0
      react: 18.2.0
    dev: false

  /react/18.2.0:
    resolution: {integrity: ${INTEGRITY}}
    dependencies:
      loose-envify: 1.4.0
    dev: false

  /typescript/4.9.5:
    resolution: {integrity: ${INTEGRITY}}
    hasBin: true
    dev: true

  file:../../local:
    resolution: {directory: ../../local, type: directory}
    name: local
    version: 0.0.1
    dev: false
`;

type Row = [id: string, group: DependencyGroup, direct: boolean, key: string];

describe.each<[label: string, text: string, formatVersion: string, rows: Row[]]>([
  [
    "lockfileVersion 9.0",
    V9,
    "9.0",
    [
      ["react@18.2.0", "prod", true, "  react@18.2.0:"],
      ["react-dom@18.2.0", "prod", true, "  react-dom@18.2.0:"],
      ["string-width@4.2.3", "prod", true, "  string-width@4.2.3:"],
      // reachable from the dev @types/react too: the stronger group wins
      ["loose-envify@1.4.0", "prod", false, "  loose-envify@1.4.0:"],
      ["js-tokens@4.0.0", "prod", false, "  js-tokens@4.0.0:"],
      ["scheduler@0.23.2", "prod", false, "  scheduler@0.23.2:"],
      ["lodash@4.17.21", "prod", true, "  lodash@4.17.21:"],
      ["@types/react@18.2.79", "dev", true, "  '@types/react@18.2.79':"],
      ["@types/prop-types@15.7.12", "dev", false, "  '@types/prop-types@15.7.12':"],
      ["csstype@3.1.3", "dev", false, "  csstype@3.1.3:"],
      ["typescript@5.4.5", "dev", true, "  typescript@5.4.5:"],
      ["fsevents@2.3.3", "optional", true, "  fsevents@2.3.3:"],
    ],
  ],
  [
    "lockfileVersion 6.0",
    V6,
    "6.0",
    [
      ["react@18.2.0", "prod", true, "  /react@18.2.0:"],
      ["react@18.3.1", "dev", false, "  /react@18.3.1:"],
      ["react-dom@18.2.0", "prod", true, "  /react-dom@18.2.0(react@18.2.0):"],
      ["string-width@4.2.3", "prod", true, "  /string-width@4.2.3:"],
      ["scheduler@0.23.0", "prod", false, "  /scheduler@0.23.0:"],
      ["typescript@5.0.4", "dev", true, "  /typescript@5.0.4:"],
      ["chokidar@3.5.3", "optional", false, "  /chokidar@3.5.3:"],
      ["fsevents@2.3.2", "dev", false, "  /fsevents@2.3.2:"],
    ],
  ],
  [
    "lockfileVersion 5.4",
    V5,
    "5.4",
    [
      ["react-dom@18.2.0", "prod", true, "  /react-dom/18.2.0_react@18.2.0:"],
      ["react@18.2.0", "prod", false, "  /react/18.2.0:"],
      ["typescript@4.9.5", "dev", true, "  /typescript/4.9.5:"],
      ["@scope/util@1.0.0", "prod", true, "  /@scope/util/1.0.0:"],
      ["lodash@4.17.21", "prod", true, "  /lodash/4.17.21:"],
      ["js-tokens@4.0.0", "prod", false, "  /js-tokens/4.0.0:"],
    ],
  ],
])("pnpm manager, %s", (_label, text, formatVersion, rows) => {
  it("declares the format version", async () => {
    const result = await pnpmManager.parse("pnpm-lock.yaml", text, siblings());
    expect(result).toMatchObject({ manager: "pnpm", formatVersion });
  });

  it.each(rows)("%s is %s, direct %s, at the line of %j", async (id, group, direct, key) => {
    const result = await pnpmManager.parse("apps/web/pnpm-lock.yaml", text, siblings());
    const [name, version] = [id.slice(0, id.lastIndexOf("@")), id.slice(id.lastIndexOf("@") + 1)];
    expect(byId(result, id)).toMatchObject({
      ecosystem: "npm",
      name,
      version,
      group,
      direct,
      file: "apps/web/pnpm-lock.yaml",
      line: lineOf(text, `\n${key}\n`) + 1,
    });
  });

  it("reports each name@version once, whatever its peer variants", async () => {
    const result = await pnpmManager.parse("pnpm-lock.yaml", text, siblings());
    const ids = result.packages.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(result.packages.every((p) => !/[(_]/.test(p.version))).toBe(true);
  });
});

describe("pnpm manager, dependency graph", () => {
  it.each([
    [V9, "react-dom@18.2.0", ["loose-envify@1.4.0", "react@18.2.0", "scheduler@0.23.2"]],
    [V9, "@types/react@18.2.79", ["@types/prop-types@15.7.12", "csstype@3.1.3", "loose-envify@1.4.0"]],
    [V6, "react-dom@18.2.0", ["loose-envify@1.4.0", "react@18.2.0", "react@18.3.1", "scheduler@0.23.0"]],
    [V5, "react-dom@18.2.0", ["loose-envify@1.4.0", "react@18.2.0"]],
  ])("children come from the snapshot/package dependency keys (%#)", async (text, id, children) => {
    const result = await pnpmManager.parse("pnpm-lock.yaml", text, siblings());
    expect(byId(result, id).dependencies.sort()).toEqual(children);
  });

  it("a peer variant's line is the first variant's", async () => {
    const result = await pnpmManager.parse("pnpm-lock.yaml", V6, siblings());
    expect(byId(result, "react-dom@18.2.0").line).toBe(lineOf(V6, "/react-dom@18.2.0(react@18.2.0):"));
  });
});

describe("pnpm manager, lockfileVersion 5.3 of a single project (no importers)", () => {
  const V53 = `lockfileVersion: 5.3

specifiers:
  ms: ^2.1.0
  jest: ^29.0.0

dependencies:
  ms: 2.1.3

devDependencies:
  jest: 29.7.0

packages:

  /jest/29.7.0:
    resolution: {integrity: ${INTEGRITY}}
    dependencies:
      ms: 2.1.3
    dev: true

  /ms/2.1.3:
    resolution: {integrity: ${INTEGRITY}}
`;

  it.each<[id: string, group: DependencyGroup, direct: boolean, line: number]>([
    ["ms@2.1.3", "prod", true, 21],
    ["jest@29.7.0", "dev", true, 15],
  ])("%s is %s, direct %s, line %i", async (id, group, direct, line) => {
    const result = await pnpmManager.parse("pnpm-lock.yaml", V53, siblings());
    expect(byId(result, id)).toMatchObject({ group, direct, line });
    expect(result.formatVersion).toBe("5.3");
  });
});

describe("pnpm manager, skipped entries", () => {
  it.each<[label: string, text: string, name: string, reason: RegExp]>([
    ["v9 file: package", V9, "local-lib", /^local path dependency \(file:\.\.\/local-lib\)$/],
    ["v9 codeload tarball", V9, "gitpkg", /^remote tarball or git URL \(https:\/\/codeload\.github\.com\//],
    ["v9 workspace link", V9, "shared", /^workspace package or local link \(link:\.\.\/shared, from packages\/app\)$/],
    ["v6 git key", V6, "gitpkg", /^git dependency \(github\.com\/user\/gitpkg\//],
    ["v5 file: key", V5, "local", /^local path dependency \(file:\.\.\/\.\.\/local\)$/],
    ["v5 workspace link", V5, "b", /^workspace package or local link \(link:\.\.\/b, from packages\/a\)$/],
  ])("%s is skipped with its reason, never a package", async (_label, text, name, reason) => {
    const result = await pnpmManager.parse("pnpm-lock.yaml", text, siblings());
    const skip = result.skipped.find((s) => s.name === name);
    expect(skip?.reason).toMatch(reason);
    expect(skip?.file).toBe("pnpm-lock.yaml");
    expect(result.packages.some((p) => p.name === name)).toBe(false);
  });

  it("every packages key is either a package or a skip", async () => {
    const result = await pnpmManager.parse("pnpm-lock.yaml", V9, siblings());
    expect(result.packages).toHaveLength(12);
    expect(result.skipped.filter((s) => s.line !== undefined)).toHaveLength(2);
  });
});

describe("pnpm manager, bad input fails closed", () => {
  it.each([
    ["'10.0'", "lockfileVersion: '10.0'\npackages: {}\n", /unsupported lockfileVersion "10\.0"/],
    ["7.0", "lockfileVersion: '7.0'\n", /unsupported lockfileVersion "7\.0"/],
    ["4.0", "lockfileVersion: 4\n", /unsupported lockfileVersion 4 /],
    ["missing", "importers: {}\n", /unsupported lockfileVersion none/],
  ])("lockfileVersion %s names the file, the version and the supported ones", async (_label, text, message) => {
    const err = await inputError(() => pnpmManager.parse("pnpm-lock.yaml", text, siblings()));
    expect(err.message).toMatch(message);
    expect(err.message).toContain("5.0, 5.1, 5.2, 5.3, 5.4, 6.0, 6.1, 9.0");
    expect(err.location?.file).toBe("pnpm-lock.yaml");
    expect(err.hint).toMatch(/upgrade upkeep or open an issue/);
  });

  it.each([
    [
      "a truncated flow mapping",
      "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {integrity: sha512-x\n",
      5,
    ],
    ["a merge conflict", "lockfileVersion: '9.0'\npackages:\n<<<<<<< HEAD\n  a@1.0.0: {}\n", 4],
    ["a duplicated key", "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: {}\n  a@1.0.0: {}\n", 4],
  ])("%s gives the parser's line", async (_label, text, line) => {
    const err = await inputError(() => pnpmManager.parse("pnpm-lock.yaml", text, siblings()));
    expect(err.message).toMatch(/not valid YAML/);
    expect(err.location).toMatchObject({ file: "pnpm-lock.yaml", line });
  });

  it("an importer dependency without a packages entry means a truncated or stale lockfile", async () => {
    const text =
      "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      a:\n        specifier: ^1.0.0\n        version: 1.0.0\n";
    const err = await inputError(() => pnpmManager.parse("pnpm-lock.yaml", text, siblings()));
    expect(err.message).toContain('importers["."].dependencies declares "a"');
    expect(err.hint).toContain("pnpm install");
  });

  it("a 9.0 lockfile cut before its snapshots is refused", async () => {
    const cut = V9.slice(0, V9.indexOf("snapshots:"));
    const err = await inputError(() => pnpmManager.parse("pnpm-lock.yaml", cut, siblings()));
    expect(err.message).toContain("`snapshots` must be present");
  });

  it.each([
    ["packages is a list", "lockfileVersion: '9.0'\npackages:\n  - a\n", "`packages` must be a mapping"],
    [
      "an entry is a string",
      "lockfileVersion: '6.0'\npackages:\n  /a@1.0.0: yes\n",
      '`packages["/a@1.0.0"]` must be a mapping',
    ],
    ["importers is a string", "lockfileVersion: '9.0'\nimporters: x\n", "`importers` must be a mapping"],
    ["the file is a list", "- lockfileVersion\n", "`(top level)` must be a mapping"],
  ])("%s names the key", async (_label, text, message) => {
    const err = await inputError(() => pnpmManager.parse("pnpm-lock.yaml", text, siblings()));
    expect(err.message).toContain(message);
  });
});

describe("pnpm manager, size", () => {
  it("parses a 10,000-package lockfile", async () => {
    const text = generatePnpmLockfile(10_000);
    const result = await pnpmManager.parse("pnpm-lock.yaml", text, siblings());
    expect(result.packages).toHaveLength(10_000);
    expect(result.packages.filter((p) => p.direct)).toHaveLength(100);
    expect(result.packages.filter((p) => p.group === "unknown")).toHaveLength(0);
    expect(result.packages.every((p) => p.line !== undefined && p.dependencies.length > 0)).toBe(true);
  });
});
