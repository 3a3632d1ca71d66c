import { describe, expect, it } from "vitest";
import { webhookExample } from "./webhook-example.js";

describe("webhookExample", () => {
  it.each([
    ["pull_request.opened", { action: "opened", number: 2 }],
    ["pull_request.closed", { action: "closed" }],
    ["push", { ref: "refs/tags/simple-tag" }],
    ["workflow_dispatch", { inputs: {} }],
  ])("%s is a real payload", (id, expected) => {
    expect(webhookExample(id)).toMatchObject(expected);
  });

  it("returns a copy a test may change", () => {
    const first = webhookExample("push");
    first.ref = "refs/heads/changed";
    expect(webhookExample("push").ref).toBe("refs/tags/simple-tag");
  });

  it.each([
    ["pull_requests.opened", /no "pull_requests" event; known: .*pull_request/],
    ["pull_request.exploded", /no "pull_request.exploded" example; "pull_request" examples: .*opened/],
  ])("names what exists when %s does not", (id, message) => {
    expect(() => webhookExample(id)).toThrow(message);
  });
});
