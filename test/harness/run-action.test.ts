import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAction } from "../../scripts/build.mjs";
import { inputEnvName } from "./action-metadata.js";
import { node24Path, repoRoot } from "./node24.js";
import { runAction } from "./run-action.js";

const fixture = join(repoRoot, "test", "harness", "fixtures", "echo-action");
let actionDir = "";

beforeAll(async () => {
  actionDir = mkdtempSync(join(tmpdir(), "upkeep-echo-action-"));
  copyFileSync(join(fixture, "action.yml"), join(actionDir, "action.yml"));
  await buildAction(join(fixture, "src", "index.ts"), join(actionDir, "dist"));
}, 180_000);

afterAll(() => {
  if (actionDir) rmSync(actionDir, { recursive: true, force: true });
});

describe.concurrent("runAction", () => {
  it("runs the bundle under Node 24", () => {
    expect(node24Path()).toMatch(/node-[a-z]+-[a-z0-9]+[/\\]bin[/\\]node$/);
  });

  it("passes inputs, applies action.yml defaults and reads outputs, env, state, path and summary", async () => {
    const result = await runAction({ actionDir, inputs: { "who-to greet": "Mona" } });
    expect(result.stderr).toBe("");
    expect(result).toMatchObject({ exitCode: 0, failed: false });
    expect(result.outputs.greeting).toBe("Hello, Mona!");
    expect(result.outputs.details).toBe("style: friendly\ntoken: present\n\nend");
    expect(result.env).toEqual({ GREETED: "Mona" });
    expect(result.state).toEqual({ "greeted-at": "1658821493" });
    expect(result.paths).toEqual(["/opt/echo/bin"]);
    expect(result.summary).toContain("<h1>Greetings</h1>");
    expect(result.summary).toContain("<td>Mona</td><td>friendly</td>");
    expect(result.annotations).toContainEqual({ level: "debug", message: "greeted Mona" });
  });

  it("leaves inputs unset when defaults are turned off", async () => {
    const result = await runAction({ actionDir, inputs: { "who-to greet": "Mona" }, inputDefaults: false });
    expect(result.outputs.greeting).toBe("Hello, Mona!");
    expect(result.outputs.details).toBe("style: \ntoken: missing\n\nend");
  });

  it("passes an explicit value over the default", async () => {
    const result = await runAction({ actionDir, inputs: { "who-to greet": "Mona", "greeting-style": "formal" } });
    expect(result.outputs.greeting).toBe("Good day, Mona.");
  });

  it("evaluates the github.token expression in a default and sees the token masked", async () => {
    const result = await runAction({ actionDir, inputs: { "who-to greet": "Mona" }, token: "ghs_abc123" });
    expect(result.masks).toEqual(["ghs_abc123"]);
  });

  it("fails with the action's own message when a required input is missing", async () => {
    const result = await runAction({ actionDir });
    expect(result).toMatchObject({ exitCode: 1, failed: true });
    expect(result.annotations).toEqual([{ level: "error", message: "Input required and not supplied: who-to greet" }]);
  });

  it("reads annotations with file, line, column and title, un-escaping what @actions/core escaped", async () => {
    const result = await runAction({ actionDir, inputs: { "who-to greet": "Mona", mode: "fail" } });
    expect(result.exitCode).toBe(1);
    expect(result.annotations).toEqual([
      {
        level: "warning",
        message: "deprecated key, use `ignore` instead",
        file: "upkeep.yml",
        line: 4,
        title: "Deprecated",
      },
      { level: "notice", message: "3 packages checked, 1 vulnerable" },
      {
        level: "error",
        message: "lodash 4.17.20 is vulnerable: see GHSA-35jh-r3h4-6jhm, 100%\nupgrade to 4.17.21",
        file: "package-lock.json",
        line: 12,
        endLine: 14,
        col: 5,
        title: "Vulnerable: lodash, a: b",
      },
      { level: "error", message: "1 vulnerable package" },
    ]);
  });

  it("writes a real webhook example as the event payload", async () => {
    const result = await runAction({
      actionDir,
      inputs: { "who-to greet": "Mona" },
      event: { name: "pull_request", example: "pull_request.opened" },
    });
    expect(result.outputs["pull-request"]).toBe("2");
  });

  it("warns about an input action.yml does not declare, as the runner does", async () => {
    const result = await runAction({ actionDir, inputs: { "who-to greet": "Mona", colour: "red" } });
    expect(result.annotations[0]).toEqual({
      level: "warning",
      message: "Unexpected input(s) 'colour', valid inputs are ['who-to greet', 'greeting-style', 'token', 'mode']",
    });
  });

  it("keeps the action off the network: a public host fails the step", async () => {
    const result = await runAction({ actionDir, inputs: { "who-to greet": "Mona", mode: "network" } });
    expect(result.failed).toBe(true);
    expect(result.annotations).toEqual([
      { level: "error", message: expect.stringContaining("tried to reach https://example.com") },
    ]);
  });

  it("gives the action the runner's environment and nothing of the test process's but PATH and HOME", async () => {
    process.env.UPKEEP_HARNESS_LEAK_CHECK = "leaked";
    try {
      const result = await runAction({
        actionDir,
        inputs: { "who-to greet": "Mona", mode: "env" },
        event: { name: "push", example: "push" },
        apiUrl: "http://127.0.0.1:4010/",
      });
      const env = JSON.parse(result.outputs.env ?? "{}") as Record<string, string>;
      expect(env.UPKEEP_HARNESS_LEAK_CHECK).toBeUndefined();
      expect(env).toMatchObject({
        PATH: process.env.PATH,
        CI: "true",
        GITHUB_ACTIONS: "true",
        GITHUB_EVENT_NAME: "push",
        GITHUB_REF: "refs/tags/simple-tag",
        GITHUB_REF_NAME: "simple-tag",
        GITHUB_REF_TYPE: "tag",
        GITHUB_SHA: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
        GITHUB_REPOSITORY: "Codertocat/Hello-World",
        GITHUB_REPOSITORY_OWNER: "Codertocat",
        GITHUB_API_URL: "http://127.0.0.1:4010",
        GITHUB_GRAPHQL_URL: "http://127.0.0.1:4010/graphql",
        RUNNER_OS: "Linux",
        "INPUT_WHO-TO_GREET": "Mona",
        "INPUT_GREETING-STYLE": "friendly",
        INPUT_MODE: "env",
      });
      for (const key of ["GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_STATE", "GITHUB_PATH", "GITHUB_STEP_SUMMARY"]) {
        expect(env[key], key).toMatch(/_runner_file_commands/);
      }
      expect(env.GITHUB_WORKSPACE).toBeTruthy();
      expect(env.RUNNER_TEMP).toBeTruthy();
    } finally {
      delete process.env.UPKEEP_HARNESS_LEAK_CHECK;
    }
  });

  it("lets the step's env override what the harness sets, as `env:` does on a step", async () => {
    const result = await runAction({
      actionDir,
      inputs: { "who-to greet": "Mona" },
      env: { "INPUT_GREETING-STYLE": "formal" },
    });
    expect(result.outputs.greeting).toBe("Good day, Mona.");
  });

  it("uses the repository, sha and ref it is given over the event's", async () => {
    const result = await runAction({
      actionDir,
      inputs: { "who-to greet": "Mona", mode: "env" },
      event: { name: "pull_request", example: "pull_request.opened" },
      repository: "octo-org/upkeep-demo",
      sha: "a".repeat(40),
    });
    const env = JSON.parse(result.outputs.env ?? "{}") as Record<string, string>;
    expect(env).toMatchObject({
      GITHUB_REPOSITORY: "octo-org/upkeep-demo",
      GITHUB_SHA: "a".repeat(40),
      GITHUB_REF: "refs/pull/2/merge",
      GITHUB_HEAD_REF: "changes",
      GITHUB_BASE_REF: "master",
    });
  });
});

describe("inputEnvName", () => {
  it.each([
    ["who-to greet", "INPUT_WHO-TO_GREET"],
    ["token", "INPUT_TOKEN"],
    ["fail on", "INPUT_FAIL_ON"],
    ["min-severity", "INPUT_MIN-SEVERITY"],
    ["Two  Spaces", "INPUT_TWO__SPACES"],
  ])("%s -> %s", (name, env) => {
    expect(inputEnvName(name)).toBe(env);
  });
});
