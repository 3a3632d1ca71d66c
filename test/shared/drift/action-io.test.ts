import { describe, expect, it } from "vitest";
import { check, places } from "./helpers.js";

const only = { detectors: ["action-io"] };
// A GitHub Actions expression, built so that it is not mistaken for a template placeholder.
const TOKEN_DEFAULT = `$${"{{"} github.token }}`;

const ACTION = `name: Greeter
description: says hello
inputs:
  who:
    description: Who to greet
    required: true
  greeting:
    description: The greeting | with a pipe
    default: Hello
  token:
    description: GitHub token
    default: \${{ github.token }}
outputs:
  message:
    description: The message
`;

function readme(rows: string, outputs = "| `message` | The message |"): string {
  return `# Greeter

Pass \`token\` to act as someone else.

## Migrating from v1

| v1 input | v2 input |
| --- | --- |
| \`name\` | \`who\` |

## Inputs

| Name | Description | Default |
| --- | --- | --- |
${rows}

## Outputs

| Output | Description |
| --- | --- |
${outputs}
`;
}

describe("action-io", () => {
  it("passes when every input and output is in a table with the same defaults", async () => {
    const { report } = await check(
      {
        "action.yml": ACTION,
        "README.md": readme(
          `| \`who\` | Who | — |\n| \`greeting\` | greeting | \`Hello\` |\n| \`token\` | token | \`${TOKEN_DEFAULT}\` |`,
        ),
      },
      only,
    );
    expect(report.findings).toEqual([]);
  });

  it("a name mentioned only in prose or a migration table is undocumented", async () => {
    const { report } = await check(
      { "action.yml": ACTION, "README.md": readme("| `greeting` | greeting | `Hello` |") },
      only,
    );
    expect(places(report.findings)).toEqual([
      "drift/action-io/undocumented@action.yml:10", // token: in prose only
      "drift/action-io/undocumented@action.yml:4", // who: in the migration table only
    ]);
    const token = report.findings.find((f) => f.properties?.name === "token");
    expect(token?.message).toContain("mentioned at README.md:3, which does not count");
  });

  it("reports a documented input that is gone, and a default that differs, on the README row", async () => {
    const { report } = await check(
      {
        "action.yml": ACTION,
        "README.md": readme(
          `| \`who\` | Who | |\n| \`greeting\` | greeting | \`Hi\` |\n| \`token\` | token | \`${TOKEN_DEFAULT}\` |\n| \`shout\` | removed in v2 | \`false\` |`,
          "| `message` | The message |\n| `length` | gone |",
        ),
      },
      only,
    );
    expect(places(report.findings)).toEqual([
      "drift/action-io/default-differs@README.md:16",
      "drift/action-io/documented-but-gone@README.md:18",
      "drift/action-io/documented-but-gone@README.md:25",
    ]);
    expect(report.findings.find((f) => f.rule.endsWith("default-differs"))?.message).toBe(
      "README.md:16 documents the default of `greeting` as `Hi`, but action.yml:7 has `Hello`. Update the table.",
    );
  });

  it("checks reusable workflows (on.workflow_call) and leaves other workflows alone", async () => {
    const workflow = `on:
  workflow_call:
    inputs:
      node-version:
        type: string
        default: "20"
    outputs:
      artifact:
        value: \${{ jobs.build.outputs.name }}
jobs: {}
`;
    const { report } = await check(
      {
        ".github/workflows/build.yml": workflow,
        ".github/workflows/ci.yml": "on: push\njobs: {}\n",
        "docs/build.md": "# Build\n\n## Inputs\n\n| Input | Default |\n| --- | --- |\n| `node-version` | `18` |\n",
      },
      { ...only, config: { detectors: { "action-io": { docs: { ".github/workflows/build.yml": "docs/build.md" } } } } },
    );
    expect(places(report.findings)).toEqual([
      "drift/action-io/default-differs@docs/build.md:7",
      "drift/action-io/undocumented@.github/workflows/build.yml:8",
    ]);
  });

  it("notes an action without any docs page", async () => {
    const { report } = await check({ "actions/x/action.yml": ACTION }, only);
    expect(report.findings.map((f) => [f.rule, f.level, f.file])).toEqual([
      ["drift/action-io/no-docs", "note", "actions/x/action.yml"],
    ]);
  });

  it("reports invalid YAML with file and line", async () => {
    await expect(check({ "action.yml": "inputs:\n  a: [\n", "README.md": "# x\n" }, only)).rejects.toThrow(
      /action\.yml:\d+/,
    );
  });
});

describe("action-io --fix", () => {
  const marked = `# Greeter

Intro stays as written.

<!-- upkeep:inputs action.yml -->
| Input | Description |
| --- | --- |
| \`old\` | stale row |
<!-- /upkeep:inputs -->

Between the tables, untouched.

<!-- upkeep:outputs action.yml -->
<!-- /upkeep:outputs -->

Footer.
`;

  it("check mode reports and writes nothing", async () => {
    const { report, writes, files } = await check({ "action.yml": ACTION, "README.md": marked }, only);
    expect(writes).toEqual([]);
    expect(files["README.md"]).toBe(marked);
    expect(report.findings.map((f) => f.rule)).toContain("drift/action-io/documented-but-gone");
  });

  it("regenerates only what is between the markers, and a second run changes nothing", async () => {
    const first = await check({ "action.yml": ACTION, "README.md": marked }, { ...only, fix: true });
    const fixed = first.files["README.md"] ?? "";
    expect(first.writes).toEqual(["README.md"]);
    expect(first.report.findings).toEqual([]);
    expect(fixed).toBe(`# Greeter

Intro stays as written.

<!-- upkeep:inputs action.yml -->

| Input | Description | Required | Default |
| --- | --- | --- | --- |
| \`who\` | Who to greet | yes | — |
| \`greeting\` | The greeting \\| with a pipe | no | \`Hello\` |
| \`token\` | GitHub token | no | \`\${{ github.token }}\` |

<!-- /upkeep:inputs -->

Between the tables, untouched.

<!-- upkeep:outputs action.yml -->

| Output | Description |
| --- | --- |
| \`message\` | The message |

<!-- /upkeep:outputs -->

Footer.
`);
    const second = await check({ "action.yml": ACTION, "README.md": fixed }, { ...only, fix: true });
    expect(second.writes).toEqual([]);
    expect(second.files["README.md"]).toBe(fixed);
  });
});
