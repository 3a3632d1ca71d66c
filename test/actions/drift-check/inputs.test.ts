// The action's inputs as the runner passes them (action.yml defaults applied), the checks each mode makes
// on each event, and the failures a user sees for inputs the action cannot use.

import { InputError } from "@upkeep/shared/errors.js";
import { eventInfo } from "@upkeep/shared/github/event.js";
import { describe, expect, it } from "vitest";
import { checksFor, readInputs } from "../../../actions/drift-check/src/inputs.js";
import { webhookExample } from "../../harness/webhook-example.js";
import { inputReader } from "../helpers.js";
import { actionDir, PROJECT, repository, runDriftCheckAction } from "./helpers.js";

const reader = inputReader(actionDir);

describe("readInputs", () => {
  it("leaves everything to the config and the event with the defaults", () => {
    expect(readInputs(reader())).toEqual({
      mode: "auto",
      config: ".github/upkeep.yml",
      detectors: undefined,
      fix: false,
      externalLinks: false,
      comment: "auto",
      sarifFile: undefined,
      jsonFile: undefined,
      token: "ghs_example",
      tagPrefix: undefined,
      package: undefined,
      workingDirectory: "",
    });
  });

  it("reads set inputs", () => {
    const inputs = readInputs(
      reader({
        mode: "Docs",
        detectors: "links\naction-io, ",
        fix: "true",
        "external-links": "True",
        "tag-prefix": "release-",
        package: "packages/core",
        "working-directory": "./.github/",
      }),
    );
    expect(inputs).toMatchObject({
      mode: "docs",
      detectors: ["links", "action-io"],
      fix: true,
      externalLinks: true,
      tagPrefix: "release-",
      package: "packages/core",
      workingDirectory: ".github",
    });
  });

  it.each([
    ["mode", "everything", "use one of: auto, pr, docs, changelog"],
    ["fix", "yes", "use true or false"],
    ["external-links", "1", "use true or false"],
    ["comment", "sometimes", "use one of: auto, true, false"],
    ["mode", "", "leave it out of `with:` to use the default"],
  ])("refuses %s: %j with what to write instead", (name, value, hint) => {
    const read = () => readInputs(reader({ [name]: value }));
    expect(read).toThrow(InputError);
    expect(read).toThrow(
      expect.objectContaining({
        message: expect.stringContaining(`input ${name}`),
        hint: expect.stringContaining(hint),
      }),
    );
  });
});

describe("checksFor", () => {
  const pr = eventInfo("pull_request", webhookExample("pull_request.opened"));
  const push = eventInfo("push", webhookExample("push"));

  it.each([
    ["auto", pr, { pr: true, docs: true, docsChangedOnly: true, changelog: false }],
    ["auto", push, { pr: false, docs: true, docsChangedOnly: false, changelog: false }],
    ["pr", pr, { pr: true, docs: false, docsChangedOnly: false, changelog: false }],
    ["docs", pr, { pr: false, docs: true, docsChangedOnly: false, changelog: false }],
    ["changelog", push, { pr: false, docs: false, docsChangedOnly: false, changelog: true }],
  ] as const)("%s on %s", (mode, event, checks) => {
    expect(checksFor(mode, event)).toEqual(checks);
  });

  it("refuses mode pr without a pull request", () => {
    expect(() => checksFor("pr", push)).toThrow(/mode is pr but the push event has no pull request/);
  });
});

describe.concurrent("actions/drift-check with inputs it cannot use", () => {
  it.each([
    [{ mode: "pr" }, "mode is pr but the push event has no pull request"],
    [{ detectors: "links,spelling" }, 'unknown detector "spelling"'],
    [{ package: "core" }, 'input package is "core", which is not one of changelog.packages'],
    [{ config: "ci/upkeep.yml" }, "config file ci/upkeep.yml does not exist"],
  ])("%j fails naming the problem", async (inputs, message) => {
    const { dir } = repository(PROJECT);
    const result = await runDriftCheckAction({ workspace: dir, event: { name: "push", example: "push" }, inputs });
    expect(result.exitCode).toBe(1);
    const failure = result.annotations.find((a) => a.level === "error")?.message ?? "";
    expect(failure).toContain(message);
    expect(failure).not.toMatch(/\n\s+at /);
  });

  it("annotates an invalid drift section of .github/upkeep.yml on its line", async () => {
    const { dir } = repository({ ...PROJECT, ".github/upkeep.yml": "drift:\n  requireEntry: sometimes\n" });
    const result = await runDriftCheckAction({ workspace: dir, event: { name: "push", example: "push" } });
    expect(result.exitCode).toBe(1);
    expect(result.annotations).toContainEqual(
      expect.objectContaining({
        level: "error",
        file: ".github/upkeep.yml",
        line: 2,
        title: "Invalid Upkeep configuration",
      }),
    );
  });
});
