import { lineAt, lineIndex } from "@upkeep/shared/text/line-index.js";
import { describe, expect, it } from "vitest";

describe("lineIndex", () => {
  const text = "a: 1\r\nbb: 2\n\nccc: 3";
  it.each([
    [0, 1],
    [4, 1], // the \r still belongs to line 1
    [5, 1], // the \n ends line 1
    [6, 2],
    [12, 3], // the empty line
    [13, 4],
    [text.length, 4],
    [text.length + 10, 4],
  ])("offset %i is on line %i", (offset, line) => {
    expect(lineIndex(text).line(offset)).toBe(line);
    expect(lineAt(text, offset)).toBe(line);
  });

  it("gives line 1 for every offset of a text without newlines", () => {
    expect(lineAt("", 0)).toBe(1);
    expect(lineAt("abc", 2)).toBe(1);
  });
});
