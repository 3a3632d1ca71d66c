import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../harness/node24.js";
import { checkWorkflow } from "./check-workflow.js";

const folders = [".github/workflows", "examples/workflows"];
const workflows = folders.flatMap((folder) => {
  const dir = join(repoRoot, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => `${folder}/${name}`);
});

describe("workflow files", () => {
  it("include the project's own CI", () => {
    expect(workflows).toContain(".github/workflows/ci.yml");
  });

  it.each(workflows)("%s passes actionlint and declares least-privilege permissions", async (path) => {
    const problems = await checkWorkflow(readFileSync(join(repoRoot, path), "utf8"), path);
    expect(problems).toEqual([]);
  });
});

describe.each(workflows.filter((p) => p.startsWith(".github/")))("%s", (path) => {
  it("pins every action it uses to a full commit SHA (a tag can be moved)", () => {
    const doc = parse(readFileSync(join(repoRoot, path), "utf8")) as {
      jobs?: Record<string, { uses?: string; steps?: Array<{ uses?: string }> }>;
    };
    const refs = Object.values(doc.jobs ?? {}).flatMap((job) => [
      ...(job.uses ? [job.uses] : []),
      ...(job.steps ?? []).flatMap((step) => (step.uses ? [step.uses] : [])),
    ]);
    const unpinned = refs.filter((ref) => !ref.startsWith("./") && !/@[0-9a-f]{40}$/.test(ref));
    expect(unpinned).toEqual([]);
  });
});

describe("checkWorkflow", () => {
  const good = `on: push
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: npm test
`;

  it("accepts a valid workflow", async () => {
    expect(await checkWorkflow(good, "good.yml")).toEqual([]);
  });

  it.each([
    [
      "an undefined context property",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
      good.replace("npm test", "echo ${{ github.pull_request_number }}"),
      /bad\.yml:8:\d+: property "pull_request_number" is not defined .*\[expression\]/,
    ],
    [
      "an invalid permission value",
      good.replace("contents: read", "contents: reed"),
      /bad\.yml:3:\d+: "reed" is invalid for permission of scope "contents".*\[permissions\]/,
    ],
    ["a job without runs-on", good.replace("    runs-on: ubuntu-latest\n", ""), /"runs-on" section is missing/],
    ["broken YAML", good.replace("jobs:", "jobs: [\n"), /bad\.yml:\d+:\d+: Flow sequence .*\[yaml\]/],
    ["a duplicate key", `${good}on: pull_request\n`, /bad\.yml:9:1: Map keys must be unique \[yaml\]/],
  ])("reports %s with its position", async (_, text, message) => {
    const problems = await checkWorkflow(text, "bad.yml");
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it("requires permissions at the top or on every job", async () => {
    const text = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - run: echo a
  b:
    runs-on: ubuntu-latest
    steps:
      - run: echo b
`;
    expect(await checkWorkflow(text, "bad.yml")).toEqual([
      "bad.yml: no top-level permissions: and job(s) b declare none; add `permissions:` with the least the workflow needs (e.g. contents: read)",
    ]);
    expect(await checkWorkflow(text.replace("on: push\n", "on: push\npermissions: {}\n"), "ok.yml")).toEqual([]);
  });

  it.each(["write-all", "read-all"])("refuses permissions: %s", async (value) => {
    const text = good.replace("permissions:\n  contents: read", `permissions: ${value}`);
    expect(await checkWorkflow(text, "bad.yml")).toEqual([expect.stringContaining(`permissions is "${value}"`)]);
  });
});
