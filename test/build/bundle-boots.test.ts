// Every action's committed bundle must start under Node 24, as GitHub's runner starts it, and fail with the
// action's own message when given nothing, rather than with a module or syntax error (the ESM-only
// @actions/* packages make a bad bundle fail exactly that way).
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readActionMetadata } from "../harness/action-metadata.js";
import { repoRoot } from "../harness/node24.js";
import { runAction } from "../harness/run-action.js";

const actionsDir = join(repoRoot, "actions");
const has = (name: string, ...path: string[]) => existsSync(join(actionsDir, name, ...path));
const actions = existsSync(actionsDir)
  ? readdirSync(actionsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
  : [];
const shipped = actions.filter((name) => has(name, "src", "index.ts") || has(name, "action.yml") || has(name, "dist"));
const bundled = actions.filter((name) => has(name, "dist", "index.js"));

// What a broken bundle prints instead of the action's own error.
const LOADER_FAILURES = [
  "ERR_MODULE_NOT_FOUND",
  "ERR_REQUIRE_ESM",
  "ERR_UNKNOWN_FILE_EXTENSION",
  "Cannot find module",
  "Cannot find package",
  "Dynamic require of",
  "SyntaxError",
  "ReferenceError",
];

describe("action bundles", () => {
  it("has a committed dist/index.js for every action with src/index.ts (run `pnpm build`)", () => {
    const missing = actions.filter((name) => has(name, "src", "index.ts") && !has(name, "dist", "index.js"));
    expect(missing.map((name) => `actions/${name}/dist/index.js`)).toEqual([]);
  });

  describe.each(shipped)("actions/%s/action.yml", (name) => {
    it("runs dist/index.js on node24", () => {
      const metadata = readActionMetadata(join(actionsDir, name));
      expect(metadata.runs).toMatchObject({ using: "node24", main: "dist/index.js" });
    });

    it("has a name, a description, branding, and a description for every input and output", () => {
      const metadata = readActionMetadata(join(actionsDir, name));
      expect(metadata.name?.trim(), "name").toBeTruthy();
      expect(metadata.description?.trim(), "description").toBeTruthy();
      expect(metadata.branding, "branding").toMatchObject({ icon: expect.any(String), color: expect.any(String) });
      const undescribed = [
        ...Object.entries(metadata.inputs)
          .filter(([, v]) => !v.description?.trim())
          .map(([k]) => `inputs.${k}`),
        ...Object.entries(metadata.outputs)
          .filter(([, v]) => !v.description?.trim())
          .map(([k]) => `outputs.${k}`),
      ];
      expect(undescribed).toEqual([]);
    });
  });

  describe.concurrent.each(bundled)("actions/%s/dist/index.js", (name) => {
    it("boots under Node 24 and fails with the action's own error when given no inputs", async () => {
      const result = await runAction({ actionDir: join(actionsDir, name), inputDefaults: false, timeoutMs: 30_000 });
      const output = `${result.stdout}\n${result.stderr}`;
      for (const failure of LOADER_FAILURES) expect(output, output).not.toContain(failure);
      expect(result.exitCode, output).toBe(1);
      expect(
        result.annotations.filter((a) => a.level === "error"),
        output,
      ).not.toEqual([]);
    }, 60_000);
  });
});
