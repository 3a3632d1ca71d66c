import { describe, expect, it } from "vitest";
import { check, places } from "./helpers.js";

const only = { detectors: ["action-io"] };

const ACTION = `name: fetcher
inputs:
  repository:
    description: owner/name
  ref:
    description: the ref
  fetch-depth:
    description: how deep
    default: "1"
outputs:
  commit:
    description: the commit
`;

// The actions/* way: a usage example whose with: block has a comment per input, no inputs table.
const USAGE_README = `# Fetcher

## Usage

\`\`\`yaml
- uses: acme/fetcher@v3
  with:
    # Repository name with owner.
    repository: ''

    # The branch, tag or SHA.
    # Default: the event's ref
    ref: ''
\`\`\`

## Outputs

| Name | Description |
| --- | --- |
| \`commit\` | the commit |
`;

describe("action-io: inputs documented in a with: usage example", () => {
  it("counts every with: key of the action's own usage example; an input missing from it is still undocumented", async () => {
    const { report } = await check({ "action.yml": ACTION, "README.md": USAGE_README }, only);
    expect(places(report.findings)).toEqual(["drift/action-io/undocumented@action.yml:7"]);
    expect(report.findings[0]?.title).toBe("Undocumented input: fetch-depth");
  });

  it("counts a usage example in another doc when it names the action (uses: owner/name@ref)", async () => {
    const readme = "# Fetcher\n\nSee the docs.\n";
    const guide =
      "# Guide\n\n```yaml\nsteps:\n  - uses: acme/fetcher@v3\n    with:\n      repository: a/b\n      ref: main\n      fetch-depth: 0\n```\n";
    const { report } = await check(
      { "action.yml": ACTION, "README.md": readme, "docs/guide.md": guide },
      { ...only, repository: "acme/fetcher" },
    );
    // Tables still count only in the action's own docs: the output is undocumented.
    expect(report.findings.map((f) => f.title)).toEqual(["Undocumented output: commit"]);
  });

  it("does not count another action's with: block (actions/checkout's keys are not ours)", async () => {
    const readme =
      "# Fetcher\n\n```yaml\n- uses: actions/checkout@v4\n  with:\n    ref: main\n    token: x\n    path: y\n    lfs: true\n```\n";
    const { report } = await check(
      { "action.yml": ACTION, "README.md": readme },
      { ...only, repository: "acme/fetcher" },
    );
    expect(report.findings.filter((f) => f.rule === "drift/action-io/undocumented").map((f) => f.title)).toEqual([
      "Undocumented input: repository",
      "Undocumented input: ref",
      "Undocumented input: fetch-depth",
      "Undocumented output: commit",
    ]);
  });
});

describe("action-io: outputs set in code but not declared", () => {
  const action =
    "name: releaser\ninputs:\n  path:\n    description: p\noutputs:\n  releases_created:\n    description: r\nruns:\n  using: node24\n  main: dist/index.js\n";
  const code = [
    "import * as core from '@actions/core';",
    "core.setOutput('releases_created', true);",
    "core.setOutput('tag_name', release.tagName);",
    "core.setOutput('version', release.version);",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the action's source text, a template literal in it
    "core.setOutput(`${path}--release_created`, true);",
  ].join("\n");
  const readme = `# Releaser

| Input | Description |
| --- | --- |
| \`path\` | p |

## Outputs

| Output | Description |
| --- | --- |
| \`releases_created\` | r |
| \`tag_name\` | the tag |
| \`<path>--release_created\` | per path |
| \`gone_output\` | removed long ago |
`;

  it("is one warning listing them, never documented-but-gone; a documented output nothing sets is still an error", async () => {
    const { report } = await check({ "action.yml": action, "src/main.ts": code, "README.md": readme }, only);
    expect(places(report.findings)).toEqual([
      "drift/action-io/documented-but-gone@README.md:14",
      "drift/action-io/undeclared-output@action.yml:1",
    ]);
    const warning = report.findings.find((f) => f.rule === "drift/action-io/undeclared-output");
    expect(warning?.level).toBe("warning");
    expect(warning?.properties?.names).toEqual(["tag_name", "<path>--release_created", "version"]);
    expect(warning?.message).toMatch(/Declare these outputs/);
  });

  it("reads writes to $GITHUB_OUTPUT in a composite action's run steps", async () => {
    const composite =
      'name: c\noutputs:\n  a:\n    description: a\nruns:\n  using: composite\n  steps:\n    - run: echo "b=1" >> "$GITHUB_OUTPUT"\n      shell: bash\n';
    const doc = "# C\n\n## Outputs\n\n| Output | Description |\n| --- | --- |\n| `a` | a |\n| `b` | b |\n";
    const { report } = await check({ "action.yml": composite, "README.md": doc }, only);
    expect(places(report.findings)).toEqual(["drift/action-io/undeclared-output@action.yml:1"]);
  });
});
