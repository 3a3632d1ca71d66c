import { CALLBACK_COMMENT_LIMIT, renderCallbackComment, renderGateMarkdown } from "@upkeep/shared/gate/render.js";
import type { GateResult } from "@upkeep/shared/gate/types.js";
import { describe, expect, it } from "vitest";

function result(summaryLength: number): GateResult {
  const rules = ["same-artifact", "soak", "checks", "health", "freeze"].map((rule, i) => ({
    rule,
    status: (["fail", "pending", "pass", "skip", "fail"] as const)[i]!,
    summary: `${rule} ${"x".repeat(summaryLength)}`,
    evidence: [{ text: "e | pipe", url: "https://example.com/e" }],
  }));
  return {
    verdict: "reject",
    decision: "reject",
    dryRun: false,
    sha: "b".repeat(40),
    environment: "production",
    rules,
    calls: 7,
    evaluatedAt: "2026-12-02T10:00:00.000Z",
  };
}

describe("renderCallbackComment", () => {
  it.each([10, 300, 5000])(
    "stays within GitHub's 1,024 characters and lists every rule (summaries of %i chars)",
    (n) => {
      const text = renderCallbackComment(result(n), "Still waiting (9/9):");
      expect(text.length).toBeLessThanOrEqual(CALLBACK_COMMENT_LIMIT);
      for (const rule of ["same-artifact", "soak", "checks", "health", "freeze"]) expect(text).toContain(`${rule}:`);
      expect(text).toMatch(/^Still waiting \(9\/9\): Staging gate: reject/);
    },
  );
});

describe("renderGateMarkdown", () => {
  it("is a table with one row per rule and escaped pipes", () => {
    const md = renderGateMarkdown(result(5));
    expect(md.split("\n").filter((l) => l.startsWith("| ")).length).toBe(7);
    expect(md).toContain("e \\| pipe");
  });
});
