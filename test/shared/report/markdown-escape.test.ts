import { escapeMarkdown, markdownLink, safeLinkTarget } from "@upkeep/shared/report/markdown-escape.js";
import { describe, expect, it } from "vitest";
import { HOSTILE_TEXT } from "./build-report.js";

describe("escapeMarkdown", () => {
  it.each([
    ["a | b", "a \\| b"],
    ["line one\nline two\r\nthree", "line one line two three"],
    ["<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"],
    ["<!-- upkeep:x -->", "&lt;!-- upkeep:x --&gt;"],
    ["Tom & Jerry &amp;", "Tom &amp; Jerry &amp;amp;"],
    ["@octocat", "@&#8203;octocat"],
    ["**b** _i_ `c` ~s~ [l](u)", "\\*\\*b\\*\\* \\_i\\_ \\`c\\` \\~s\\~ \\[l\\](u)"],
    ["back\\slash \\|", "back\\\\slash \\\\\\|"],
    ["日本語 🎉", "日本語 🎉"],
    ["\u001b[31mred\u0007", "\\[31mred"],
    ["", ""],
  ])("escapes %j as %j", (input, output) => {
    expect(escapeMarkdown(input)).toBe(output);
  });

  it.each(Object.entries(HOSTILE_TEXT))("leaves no raw tag, newline or unescaped pipe in %s", (_name, text) => {
    const out = escapeMarkdown(text);
    expect(out).not.toMatch(/[<>\n\r]/);
    expect(out).not.toMatch(/(^|[^\\])\|/);
    expect(out).not.toMatch(/@[a-z]/i);
  });
});

describe("safeLinkTarget", () => {
  it.each([
    ["https://osv.dev/vulnerability/GHSA-1", "https://osv.dev/vulnerability/GHSA-1"],
    ["http://x.test/a b", "http://x.test/a%20b"],
    ["https://x.test/(paren)|pipe", "https://x.test/%28paren%29%7Cpipe"],
    ["javascript:alert(1)", undefined],
    ["data:text/html,<script>", undefined],
    ["docs/relative.md", undefined],
    [undefined, undefined],
  ])("%j → %j", (input, output) => {
    expect(safeLinkTarget(input)).toBe(output);
  });

  it("links only safe targets", () => {
    expect(markdownLink("a|b", "https://x.test")).toBe("[a\\|b](https://x.test/)");
    expect(markdownLink("a|b", "javascript:alert(1)")).toBe("a\\|b");
  });
});
