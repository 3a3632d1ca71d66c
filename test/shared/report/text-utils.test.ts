import { cleanText, oneLine, truncateText, truncateUtf8, utf8Length } from "@upkeep/shared/report/text-utils.js";
import { describe, expect, it } from "vitest";

describe("text helpers", () => {
  it.each([
    ["a\r\nb\rc", "a\nb\nc"],
    ["\u001b[1mbold\u001b[0m\u0007", "[1mbold[0m"],
    ["tab\tstays", "tab\tstays"],
    ["rtl \u202eevil\u202c ok", "rtl evil ok"],
    ["C1 \u009b31m", "C1 31m"],
  ])("cleanText(%j) is %j", (input, output) => {
    expect(cleanText(input)).toBe(output);
  });

  it("oneLine collapses all whitespace", () => {
    expect(oneLine("  a \n\n b\t c  ")).toBe("a b c");
  });

  it.each([
    ["short", 10, "short"],
    ["abcdefghij", 5, "abcd…"],
    ["ab🎉cd", 4, "ab…"],
    ["ab🎉cd", 5, "ab🎉…"],
  ])("truncateText(%j, %i) is %j", (input, max, output) => {
    expect(truncateText(input, max)).toBe(output);
  });

  it("refuses a limit smaller than the ellipsis", () => {
    expect(() => truncateText("abc", 0)).toThrow(RangeError);
  });

  it.each([
    ["abc", 2, "ab"],
    ["é€🎉", 1, ""],
    ["é€🎉", 2, "é"],
    ["é€🎉", 5, "é€"],
    ["é€🎉", 9, "é€🎉"],
  ])("truncateUtf8(%j, %i) is %j", (input, max, output) => {
    const out = truncateUtf8(input, max);
    expect(out).toBe(output);
    expect(utf8Length(out)).toBeLessThanOrEqual(max);
    expect(utf8Length(out)).toBe(Buffer.byteLength(out, "utf8"));
  });
});
