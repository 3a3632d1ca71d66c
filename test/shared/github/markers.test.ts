import { findMarker, findMarkers, formatMarker, hasMarker, withMarker } from "@upkeep/shared/github/markers.js";
import { describe, expect, it } from "vitest";

describe("hidden markers", () => {
  it.each([
    ["a plain payload", { period: "2026-Q4", n: 3 }],
    ["a value holding the comment terminator", { title: "evil --> <!-- upkeep:other -->", x: "-->" }],
    ["unicode", { who: "Zoë 🚀" }],
    ["no payload", undefined],
  ])("round-trips %s", (_name, payload) => {
    const body = `Some text\n\n${formatMarker("audit/security:2026-Q4", payload)}\n`;
    const m = findMarker(body, "audit/security:2026-Q4");
    expect(m?.payload).toEqual(payload);
    // The marker is one HTML comment: nothing of the payload leaks into the visible text.
    expect(body.replace(/<!--[\s\S]*?-->/g, "").trim()).toBe("Some text");
  });

  it("survives a human editing the visible text around it", () => {
    const body = withMarker("Original text", "incident/42", { opened: "2026-11-01" });
    const edited = body.replace("Original text", "Edited by a maintainer, with a new paragraph.\n\nAnd more.");
    expect(findMarker(edited, "incident/42")?.payload).toEqual({ opened: "2026-11-01" });
  });

  it("replaces an existing marker in place rather than adding a second one", () => {
    const once = withMarker("Body", "patch-check", { v: 1 });
    const twice = withMarker(once, "patch-check", { v: 2 });
    expect(findMarkers(twice).filter((m) => m.key === "patch-check")).toHaveLength(1);
    expect(findMarker(twice, "patch-check")?.payload).toEqual({ v: 2 });
    expect(twice.startsWith("Body")).toBe(true);
  });

  it("keeps markers of other keys", () => {
    const body = withMarker(withMarker("x", "a"), "b");
    expect(hasMarker(body, "a")).toBe(true);
    expect(hasMarker(body, "b")).toBe(true);
  });

  it("reads a damaged payload as undefined but still finds the key", () => {
    expect(findMarker("<!-- upkeep:k !!!! -->", "k")).toBeUndefined();
    expect(findMarker("<!-- upkeep:k bm90IGpzb24 -->", "k")).toEqual({ key: "k", payload: undefined });
  });

  it.each(["with space", 'quote"', "--> end", ""])("rejects the key %j", (key) => {
    expect(() => formatMarker(key)).toThrow(RangeError);
  });
});
