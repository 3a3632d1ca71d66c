import { describe, expect, it } from "vitest";
import { type Annotation, parseWorkflowCommands } from "./workflow-commands.js";

describe("parseWorkflowCommands", () => {
  it.each<[string, string, Annotation[]]>([
    ["a bare error", "::error::it broke", [{ level: "error", message: "it broke" }]],
    ["leading whitespace", "   ::warning::careful", [{ level: "warning", message: "careful" }]],
    [
      "notice and debug",
      "::notice::fyi\n::debug::details",
      [
        { level: "notice", message: "fyi" },
        { level: "debug", message: "details" },
      ],
    ],
    [
      "every location property",
      "::error file=src/a.ts,line=3,endLine=5,col=2,endColumn=9,title=Bad thing::msg",
      [
        {
          level: "error",
          message: "msg",
          file: "src/a.ts",
          line: 3,
          endLine: 5,
          col: 2,
          endColumn: 9,
          title: "Bad thing",
        },
      ],
    ],
    [
      "property names in any case",
      "::error FILE=a.ts,Line=7::m",
      [{ level: "error", message: "m", file: "a.ts", line: 7 }],
    ],
    ["data escapes", "::error::100%25 done%0Anext%0D", [{ level: "error", message: "100% done\nnext\r" }]],
    ["an escaped escape stays literal", "::error::%250A", [{ level: "error", message: "%0A" }]],
    [
      "property escapes",
      "::error file=a%2Cb.ts,title=k%3A v%0Aw::m",
      [{ level: "error", message: "m", file: "a,b.ts", title: "k: v\nw" }],
    ],
    ["a non-numeric line is dropped", "::error line=x::m", [{ level: "error", message: "m" }]],
    [
      "CRLF line endings",
      "::error::one\r\n::error::two\r\n",
      [
        { level: "error", message: "one" },
        { level: "error", message: "two" },
      ],
    ],
    ["text that merely mentions a command", "echo ::error::x\nplain text", []],
    ["an unknown command", "::frobnicate::x", []],
    ["no closing separator", "::error missing separator", []],
    [
      "stop-commands until its token",
      "::stop-commands::pause-1\n::error::hidden\n::pause-1::\n::error::shown",
      [{ level: "error", message: "shown" }],
    ],
  ])("%s", (_, stdout, annotations) => {
    expect(parseWorkflowCommands(stdout).annotations).toEqual(annotations);
  });

  it("collects masks and deprecated set-output values", () => {
    const parsed = parseWorkflowCommands("::add-mask::s3cret\n::set-output name=count::3\n::group::x\n::endgroup::");
    expect(parsed.masks).toEqual(["s3cret"]);
    expect(parsed.legacyOutputs).toEqual({ count: "3" });
    expect(parsed.annotations).toEqual([]);
  });
});
