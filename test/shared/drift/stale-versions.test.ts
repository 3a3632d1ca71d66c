import { bumpedVersion, scanSnippets } from "@upkeep/shared/drift/detectors/stale-versions/snippets.js";
import { parseMarkdown } from "@upkeep/shared/drift/markdown.js";
import { afterAll, describe, expect, it } from "vitest";
import { fixtureRepo, linear } from "../changelog/git-fixture.js";
import { check, places } from "./helpers.js";

const only = { detectors: ["stale-versions"] };

describe("stale-versions: snippets", () => {
  it.each([
    ["```yaml\n- uses: acme/greeter@v1\n```", "action", "acme/greeter", "v1"],
    ["```yaml\nuses: acme/tools/setup@v2.3.1\n```", "action", "acme/tools", "v2.3.1"],
    ["```sh\nnpm i -D @acme/cli@1.2.3\n```", "npm", "@acme/cli", "1.2.3"],
    ["```sh\npnpm add acme@2.0.0\n```", "npm", "acme", "2.0.0"],
    ["```sh\npip install 'acme-tool[cli]==0.4.1'\n```", "pip", "acme-tool", "0.4.1"],
    [
      "```sh\ndocker run --rm -v $PWD:/w ghcr.io/acme/greeter:1.4.0 check\n```",
      "container",
      "ghcr.io/acme/greeter",
      "1.4.0",
    ],
    ["```yaml\nimage: ghcr.io/acme/greeter:v1.4\n```", "container", "ghcr.io/acme/greeter", "v1.4"],
    ["1. Install:\n\n   ```sh\n   npm install acme@1.0.0\n   ```\n", "npm", "acme", "1.0.0"],
  ])("%j", (md, kind, name, version) => {
    const found = scanSnippets(md, parseMarkdown(md));
    expect(found.map((s) => [s.kind, s.name, s.version])).toEqual([[kind, name, version]]);
    const s = found[0];
    expect(md.slice(s?.offset, (s?.offset ?? 0) + version.length)).toBe(version);
  });

  it("ignores versions in prose and in code that is no install command", () => {
    const md = "Install acme@1.0.0 with npm.\n\n```js\nconst x = 'acme@1.0.0';\n```\n";
    expect(scanSnippets(md, parseMarkdown(md))).toEqual([]);
  });

  it.each([
    ["v1", "2.1.0", "v2"],
    ["v2", "2.1.0", undefined],
    ["1.2.3", "1.4.0", "1.4.0"],
    ["v1.2", "1.4.0", "v1.4"],
    ["3.0.0", "2.9.0", undefined],
    ["1.0.0-rc.1", "1.2.0", undefined],
  ])("%s with latest %s → %s", (written, latest, want) => {
    expect(bumpedVersion(written, latest)).toBe(want);
  });
});

describe("stale-versions: manifests", () => {
  const files = {
    "package.json": '{ "name": "@acme/cli", "version": "1.4.0" }',
    "py/pyproject.toml": '[project]\nname = "Acme_Tool"\nversion = "0.5.0"\n',
    "README.md": [
      "# Acme", // 1
      "", // 2
      "```sh", // 3
      "npm i -g @acme/cli@1.2.3 left-pad@1.0.0", // 4
      "pip install acme-tool==0.4.1", // 5
      "npm i @acme/cli@1.4.0", // 6
      "```", // 7
    ].join("\n"),
  };

  it("reports only the project's own packages, on the exact line and column", async () => {
    const { report, writes } = await check(files, only);
    expect(places(report.findings)).toEqual([
      "drift/stale-versions/outdated@README.md:4",
      "drift/stale-versions/outdated@README.md:5",
    ]);
    expect(report.findings.map((f) => f.column)).toEqual([20, 24]);
    expect(report.findings[0]?.message).toContain("package.json says 1.4.0");
    expect(writes).toEqual([]);
  });

  it("--fix bumps the versions in place, idempotently", async () => {
    const first = await check(files, { ...only, fix: true });
    expect(first.files["README.md"]).toBe(
      files["README.md"].replace("@acme/cli@1.2.3", "@acme/cli@1.4.0").replace("==0.4.1", "==0.5.0"),
    );
    expect(first.report.findings).toEqual([]);
    const second = await check(first.files, { ...only, fix: true });
    expect(second.writes).toEqual([]);
  });
});

describe("stale-versions: release tags", () => {
  const repo = fixtureRepo(
    linear([
      ["feat: one", ["v1.0.0"]],
      ["feat: two", ["v2.1.0"]],
      ["feat: next", ["v3.0.0-rc.0"]],
    ]),
  );
  afterAll(() => repo.cleanup());

  it("compares uses: and image tags of this repository with the latest stable tag", async () => {
    const { report } = await check(
      {
        "docs/usage.md":
          "# Use\n\n```yaml\nsteps:\n  - uses: Acme/Greeter@v1\n  - uses: acme/greeter@v2\n  - uses: actions/checkout@v1\n```\n\n```sh\ndocker pull ghcr.io/acme/greeter:2.0.0\n```\n",
      },
      { ...only, repository: "acme/greeter" },
      { git: repo.git },
    );
    expect(report.findings.map((f) => [f.line, f.properties?.written, f.properties?.replacement])).toEqual([
      [5, "v1", "v2"],
      [11, "2.0.0", "2.1.0"],
    ]);
  });
});

describe("stale-versions: --fix writes only released versions", () => {
  const git = (tags: string[]) => ({
    show: async () => undefined,
    revParse: async () => "0".repeat(40),
    run: async (args: readonly string[]) => (args[0] === "tag" ? tags.join("\n") : ""),
  });

  it("a -dev manifest version is never written: the newest release tag is", async () => {
    const files = {
      "package.json": '{ "name": "my-tool", "version": "3.0.0-dev" }',
      "README.md": "# my-tool\n\n```sh\nnpm install my-tool@1.9.0\n```\n",
    };
    const { files: after, report } = await check(
      files,
      { detectors: ["stale-versions"], fix: true },
      { git: git(["v1.9.0", "v2.4.1", "v3.0.0-beta.1"]) },
    );
    expect(after["README.md"]).toContain("my-tool@2.4.1");
    expect(report.findings).toEqual([]);
  });

  it("with no release at all a pre-release manifest gives nothing to compare, so nothing is reported or written", async () => {
    const files = {
      "package.json": '{ "name": "my-tool", "version": "0.2.0-dev.3" }',
      "README.md": "# my-tool\n\n```sh\nnpm install my-tool@0.1.0\n```\n",
    };
    const { report, writes } = await check(files, { detectors: ["stale-versions"], fix: true }, { git: git([]) });
    expect(report.findings).toEqual([]);
    expect(writes).toEqual([]);
  });

  it("a manifest ahead of the newest release tag (bumped, not yet published) is bounded by the tag", async () => {
    const files = {
      "pyproject.toml": '[project]\nname = "my_tool"\nversion = "2.1.0.dev0"\n',
      "README.md": "# my-tool\n\n```sh\npip install my-tool==1.0.0\n```\n",
    };
    const { report } = await check(files, { detectors: ["stale-versions"] }, { git: git(["v1.0.0", "v2.0.0"]) });
    expect(report.findings.map((f) => f.properties?.replacement)).toEqual(["2.0.0"]);
  });
});
