// The action's inputs as the runner passes them (action.yml defaults applied) turned into the same
// overrides the CLI builds from its flags; every value it cannot use is refused with the accepted ones.

import { InputError } from "@upkeep/shared/errors.js";
import { describe, expect, it } from "vitest";
import {
  eventInfo,
  prBase,
  readInputs,
  registryTokenSecrets,
  shouldComment,
  splitList,
} from "../../../actions/patch-check/src/inputs.js";
import { webhookExample } from "../../harness/webhook-example.js";
import { inputReader } from "../helpers.js";
import { actionDir } from "./helpers.js";

const reader = inputReader(actionDir);

describe("readInputs", () => {
  it("leaves every policy setting to the config when the inputs keep their defaults", () => {
    const inputs = readInputs(reader());
    expect(inputs.overrides).toEqual({});
    expect(inputs).toMatchObject({
      config: ".github/upkeep.yml",
      prMode: "auto",
      comment: "auto",
      sarifFile: "upkeep-patch-check.sarif",
      jsonFile: undefined,
      token: "ghs_example",
      registryTokens: {},
      workingDirectory: "",
    });
  });

  it("turns set inputs into the CLI's overrides", () => {
    const inputs = readInputs(
      reader({
        paths: "app/package-lock.json\nservices/api, tools",
        exclude: "examples/**",
        sources: "osv, github",
        "osv-url": "https://osv.example.com",
        "fail-on": "Critical",
        deadlines: "critical=3\nhigh=off",
        outdated: "true",
        "cooldown-days": "5",
        registries: "npm=https://npm.example.com pypi=https://pypi.example.com/pypi",
        eol: "false",
        "working-directory": "./app/",
      }),
    );
    expect(inputs.overrides).toEqual({
      paths: ["app/package-lock.json", "services/api", "tools"],
      exclude: ["examples/**"],
      sources: ["osv", "github"],
      osvUrl: "https://osv.example.com",
      failOn: "critical",
      deadlines: { critical: 3, high: null },
      outdated: true,
      cooldownDays: 5,
      registries: { npm: "https://npm.example.com", pypi: "https://pypi.example.com/pypi" },
      eol: false,
    });
    expect(inputs.workingDirectory).toBe("app");
  });

  it("reads registry tokens by registry id", () => {
    expect(readInputs(reader({ "registry-tokens": "npm=abc123\ncrates=xyz789" })).registryTokens).toEqual({
      npm: "abc123",
      crates: "xyz789",
    });
  });

  it.each([
    ["fail-on", "severe", /critical, high, medium, low, none/],
    ["deadlines", "critical=soon", /critical=7,high=30/],
    ["sources", "nvd", /osv, osv-offline, github/],
    ["registries", "npmjs=https://x.example", /npm, pypi, crates, goproxy, packagist, rubygems/],
    ["osv-url", "osv.example.com", /https:\/\/api\.osv\.dev/],
    ["outdated", "yes", /true or false/],
    ["eol", "off", /true or false/],
    ["cooldown-days", "-1", /e\.g\. 3/],
    ["pr-mode", "always", /auto, true, false/],
    ["comment", "sticky", /auto, true, false/],
    ["pr-mode", "", /leave it out of `with:`/],
    ["config", "", /leave it out of `with:`/],
  ])("refuses %s: %j and says what to write", (name, value, hint) => {
    const read = () => readInputs(reader({ [name]: value }));
    expect(read).toThrow(InputError);
    try {
      read();
    } catch (err) {
      expect((err as InputError).message).toMatch(new RegExp(`^input ${name}\\b`));
      expect((err as InputError).hint).toMatch(hint);
    }
  });
});

describe("registryTokenSecrets", () => {
  it("masks the value, each pair and each token, so no parse error can print one", () => {
    expect(registryTokenSecrets("npm=abc123, pypi=def456")).toEqual(
      expect.arrayContaining(["npm=abc123, pypi=def456", "npm=abc123", "abc123", "pypi=def456", "def456"]),
    );
    expect(registryTokenSecrets("justatoken")).toEqual(["justatoken"]);
    expect(registryTokenSecrets("")).toEqual([]);
  });
});

describe("PR mode and the comment", () => {
  const pr = webhookExample("pull_request.opened") as { pull_request: { number: number; base: { sha: string } } };
  const onPr = eventInfo("pull_request", pr);
  const onTarget = eventInfo("pull_request_target", pr);
  const onPush = eventInfo("push", webhookExample("push"));

  it("reads the pull request number and base sha from real payloads", () => {
    expect(onPr.pullRequest).toEqual({ number: pr.pull_request.number, baseSha: pr.pull_request.base.sha });
    expect(onTarget.pullRequest?.baseSha).toBe(pr.pull_request.base.sha);
    expect(onPush.pullRequest).toBeUndefined();
  });

  it.each([
    ["auto", undefined, "pull_request", "base"],
    ["auto", "origin/main", "pull_request", "origin/main"],
    ["auto", "origin/main", "push", undefined],
    ["false", undefined, "pull_request", undefined],
    ["true", "v1.2.0", "push", "v1.2.0"],
    ["true", undefined, "pull_request", "base"],
  ] as const)("pr-mode %s with base-ref %s on %s compares with %s", (mode, baseRef, name, expected) => {
    const event = name === "push" ? onPush : onPr;
    expect(prBase(mode, baseRef, event)).toBe(expected === "base" ? pr.pull_request.base.sha : expected);
  });

  it("refuses pr-mode true with nothing to compare with", () => {
    expect(() => prBase("true", undefined, onPush)).toThrow(
      /pr-mode is true but the push event has no pull request base/,
    );
  });

  it.each([
    ["auto", true, false],
    ["true", true, false],
    ["false", false, false],
  ] as const)("comment %s: on a pull request %s, on a push %s", (mode, onPull, onPushEvent) => {
    expect(shouldComment(mode, onPr)).toBe(onPull);
    expect(shouldComment(mode, onPush)).toBe(onPushEvent);
  });
});

describe("splitList", () => {
  it("takes lines and commas, dropping blanks", () => {
    expect(splitList(" a,b\n\n c ,")).toEqual(["a", "b", "c"]);
  });
});
