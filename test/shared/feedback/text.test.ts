import {
  errorLines,
  headingSignals,
  sections,
  splitCode,
  stackFrames,
  titleTag,
  words,
} from "@upkeep/shared/feedback/text.js";
import { describe, expect, it } from "vitest";

describe("reading an issue body", () => {
  it("splits issue-form sections, including bold headings, and ignores # lines inside code", () => {
    const body =
      "intro\n### Steps to reproduce\n1. run\n```sh\n# not a heading\n```\n**Expected behavior**\nworks\n## Version\n_No response_";
    expect(sections(body)).toEqual([
      { heading: "steps to reproduce", text: "1. run\n```sh\n# not a heading\n```" },
      { heading: "expected behavior", text: "works" },
      { heading: "version", text: "_No response_" },
    ]);
  });

  it.each([
    ["steps to reproduce", ["repro"]],
    ["expected behavior", ["expected"]],
    ["is your feature request related to a problem please describe", ["feature", "motivation"]],
    ["describe alternatives you ve considered", ["alternatives"]],
    ["os platform and distribution", ["environment"]],
    ["tensorflow version", ["version"]],
    ["error call stack automated", ["error"]],
    ["additional context", []],
  ])("heading %j signals %j", (heading, signals) => {
    expect(headingSignals(heading)).toEqual(signals);
  });

  it("finds stack frames of several languages and keeps function and file names, not line numbers", () => {
    const text = [
      "    at Bridge.emit (chrome-extension://x/build/main.js:24827:22)",
      '  File "/usr/lib/python3/site.py", line 12, in load',
      "#3 0x00007f in cv::imread (loadsave.cpp:77)",
      "just prose with at in it",
    ].join("\n");
    const frames = stackFrames(text);
    expect(frames).toHaveLength(3);
    expect(frames[0]).toContain("Bridge.emit");
    expect(frames.join(" ")).not.toMatch(/24827/);
  });

  it("collects error lines and separates code from prose", () => {
    expect(errorLines("ok\nTypeError: x is not a function\nValueError raised here\nfine")).toEqual([
      "TypeError: x is not a function",
      "ValueError raised here",
    ]);
    const { prose, code } = splitCode("before\n```\nsecret code\n```\nafter");
    expect(code).toEqual(["secret code\n"]);
    expect(prose).not.toContain("secret");
  });

  it("tokenises identifiers into their parts and reads title tags", () => {
    expect(words("useEffect crashed in my_module")).toEqual([
      "useeffect",
      "use",
      "effect",
      "crashed",
      "in",
      "my_module",
      "my",
      "module",
    ]);
    expect(titleTag("[DevTools Bug]: cannot add node")).toBe("devtools bug");
    expect(titleTag("Feature request: dark mode")).toBe("feature request");
    expect(titleTag("Crash on start")).toBeUndefined();
  });
});
