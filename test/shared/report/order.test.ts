import { compareFindings, orderFindings } from "@upkeep/shared/report/order.js";
import { describe, expect, it } from "vitest";
import { finding } from "./build-report.js";

describe("orderFindings", () => {
  it.each([
    [
      "level before severity",
      finding({ level: "error", severity: "low" }),
      finding({ level: "warning", severity: "critical" }),
    ],
    ["severity within a level", finding({ severity: "critical" }), finding({ severity: "high" })],
    ["no file before a file", finding({ file: undefined }), finding({ file: "a.txt" })],
    ["file by path", finding({ file: "a/b.txt" }), finding({ file: "a/c.txt" })],
    ["line", finding({ line: 2 }), finding({ line: 10 })],
    ["rule", finding({ rule: "a/x" }), finding({ rule: "b/x" })],
    ["fingerprint", finding({ fingerprint: "a" }), finding({ fingerprint: "b" })],
  ])("orders by %s", (_name, first, second) => {
    expect(compareFindings(first, second)).toBeLessThan(0);
    expect(compareFindings(second, first)).toBeGreaterThan(0);
    expect(orderFindings([second, first])).toEqual([first, second]);
  });

  it("gives the same order whatever the input order", () => {
    const list = [
      finding({ fingerprint: "1", severity: "low", file: "z" }),
      finding({ fingerprint: "2", severity: "critical", file: "Z" }),
      finding({ fingerprint: "3", level: "note", file: "é" }),
      finding({ fingerprint: "4", file: undefined }),
    ];
    const once = orderFindings(list);
    expect(orderFindings([...list].reverse())).toEqual(once);
    // Code-unit order, not the locale's: upper case sorts before lower case.
    expect(once.map((f) => f.fingerprint)).toEqual(["2", "4", "1", "3"]);
  });

  it("keeps one finding per rule and fingerprint, the most important one", () => {
    const worse = finding({ fingerprint: "same", level: "error", line: 40 });
    const lesser = finding({ fingerprint: "same", level: "warning", line: 3 });
    const other = finding({ fingerprint: "same", rule: "patch/eol" });
    const kept = orderFindings([lesser, worse, other]);
    expect(kept).toHaveLength(2);
    expect(kept).toContain(worse);
    expect(kept).toContain(other);
  });

  it("does not change its input", () => {
    const list = [finding({ fingerprint: "b", line: 9 }), finding({ fingerprint: "a", line: 1 })];
    const copy = [...list];
    orderFindings(list);
    expect(list).toEqual(copy);
  });
});
