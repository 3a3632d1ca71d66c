// Input the action cannot use ends the step with a message that names the file (and line) or the service
// and says what to do: never a stack trace, never a silent pass.
import { describe, expect, it } from "vitest";
import { startOsvStandIn } from "../../stand-ins/osv/index.js";
import { packageLock, runPatchCheckAction, standInInputs, useServices, workspace } from "./helpers.js";

const services = useServices();
const LOCK = packageLock({ lodash: "4.17.20", minimist: "1.2.5" });

function failure(result: { annotations: Array<{ level: string; message: string; file?: string }> }): string {
  return result.annotations.filter((a) => a.level === "error" && !a.file).at(-1)?.message ?? "";
}

const STACK = /\n\s+at .+:\d+:\d+/;

describe.concurrent("actions/patch-check with bad input", () => {
  it("names file:line:col of a malformed .github/upkeep.yml and annotates it", async () => {
    const ws = workspace({
      "package-lock.json": LOCK,
      ".github/upkeep.yml": "patch:\n  failOn: sometimes\n  deadlines:\n    critical: soon\n",
    });
    const result = await runPatchCheckAction({ workspace: ws, inputs: standInInputs(services()) });
    expect(result.exitCode).toBe(1);
    const message = failure(result);
    expect(message).toMatch(/\.github\/upkeep\.yml:2:\d+: patch\.failOn/);
    expect(message).toMatch(/\.github\/upkeep\.yml:4:\d+: patch\.deadlines\.critical/);
    expect(message).toContain("hint:");
    expect(message).not.toMatch(STACK);
    expect(result.annotations).toContainEqual(
      expect.objectContaining({ level: "error", file: ".github/upkeep.yml", line: 2 }),
    );
    expect(result.outputs).toEqual({});
  });

  it("names a config file that does not parse as YAML", async () => {
    const ws = workspace({ "package-lock.json": LOCK, ".github/upkeep.yml": "patch:\n  failOn: [high\n" });
    const result = await runPatchCheckAction({ workspace: ws, inputs: standInInputs(services()) });
    expect(result.exitCode).toBe(1);
    expect(failure(result)).toMatch(/\.github\/upkeep\.yml:\d+:\d+/);
    expect(failure(result)).not.toMatch(STACK);
  });

  it("fails naming a corrupt lockfile rather than passing with no findings (its own error finding, the run completes)", async () => {
    const truncated = LOCK.slice(0, Math.floor(LOCK.length / 2));
    const ws = workspace({ "package-lock.json": truncated });
    const result = await runPatchCheckAction({ workspace: ws, inputs: standInInputs(services()) });
    expect(result.exitCode).toBe(1);
    const annotation = result.annotations.find((a) => a.level === "error" && a.file === "package-lock.json");
    expect(annotation?.message).toMatch(/package-lock\.json:\d+:\d+: .*corrupt or truncated/);
    expect(annotation?.message).not.toMatch(STACK);
    expect(result.outputs.passed).toBe("false");
  });

  it("fails naming the OSV service when it answers 500", async () => {
    const ws = workspace({ "package-lock.json": LOCK });
    // Its own OSV stand-in, so the fault cannot hit the other tests running beside this one.
    const osv = await startOsvStandIn();
    osv.fault({
      path: "/v1/querybatch",
      status: 500,
      times: Number.POSITIVE_INFINITY,
      headers: { "retry-after": "0" },
    });
    const result = await runPatchCheckAction({
      workspace: ws,
      inputs: { ...standInInputs(services()), "osv-url": osv.url },
    }).finally(() => osv.close());
    expect(result.exitCode).toBe(1);
    expect(osv.requests.length).toBeGreaterThan(1);
    const message = failure(result);
    expect(message).toMatch(/^patch-check: osv: POST .*\/v1\/querybatch answered 500/);
    expect(message).toContain("retry later");
    expect(message).not.toMatch(STACK);
  });

  // Every input's parsing is covered in inputs.test.ts; these two check the bundle turns the refusal
  // into a failed step with the message.
  it.each([
    ["fail-on", "severe", /input fail-on is "severe".*critical, high, medium, low, none/s],
    ["config", "ci/upkeep.yml", /config file ci\/upkeep\.yml does not exist/],
  ])("rejects %s: %s with what to write instead", async (name, value, expected) => {
    const ws = workspace({ "package-lock.json": LOCK });
    const result = await runPatchCheckAction({
      workspace: ws,
      inputs: { ...standInInputs(services()), [name]: value },
    });
    expect(result.exitCode).toBe(1);
    expect(failure(result)).toMatch(expected);
    expect(result.outputs).toEqual({});
  });

  it("rejects pr-mode true outside a pull request without base-ref", async () => {
    const ws = workspace({ "package-lock.json": LOCK });
    const result = await runPatchCheckAction({
      workspace: ws,
      inputs: { ...standInInputs(services()), "pr-mode": "true" },
    });
    expect(result.exitCode).toBe(1);
    expect(failure(result)).toContain("set base-ref");
  });
});
