import { describe, expect, it } from "vitest";
import { parseKeyValueFile, parsePathFile } from "./file-commands.js";

describe("parseKeyValueFile", () => {
  it.each<[string, string, Record<string, string>]>([
    ["name=value", "count=3\n", { count: "3" }],
    ["only the first = splits", "expr=a=b\n", { expr: "a=b" }],
    ["an empty value", "empty=\n", { empty: "" }],
    ["blank lines are skipped", "\na=1\n\nb=2\n", { a: "1", b: "2" }],
    ["later entries win", "a=1\na=2\n", { a: "2" }],
    [
      "the heredoc @actions/core writes",
      "report<<ghadelimiter_5d6c\nline one\n\nline three\nghadelimiter_5d6c\n",
      { report: "line one\n\nline three" },
    ],
    ["an empty heredoc", "x<<EOF\nEOF\n", { x: "" }],
    ["a heredoc value may contain = and <<", "x<<EOF\na=b<<c\nEOF\n", { x: "a=b<<c" }],
    ["= before << is name=value", "a=b<<c\n", { a: "b<<c" }],
    ["<< before = is a heredoc whose delimiter holds =", "a<<E=F\nv\nE=F\n", { a: "v" }],
    ["no trailing newline", "a=1", { a: "1" }],
    ["an empty file", "", {}],
  ])("%s", (_, text, values) => {
    expect(parseKeyValueFile(text, "GITHUB_OUTPUT")).toEqual(values);
  });

  it.each([
    ["a heredoc without its delimiter", "x<<EOF\nvalue\n", /"x" is never closed by a line "EOF"/],
    ["an empty delimiter", "x<<\nvalue\n", /line 1: "x<<" needs a name and a delimiter/],
    ["no name", "=value\n", /line 1: "=value" has no name/],
    ["neither form", "a=1\njust text\n", /line 2: "just text" is neither/],
  ])("rejects %s, as the runner does", (_, text, message) => {
    expect(() => parseKeyValueFile(text, "GITHUB_OUTPUT")).toThrow(message);
  });
});

describe("parsePathFile", () => {
  it("reads one directory a line", () => {
    expect(parsePathFile("/opt/a/bin\n\n/opt/b\r\n")).toEqual(["/opt/a/bin", "/opt/b"]);
  });
});
