// docs/patch-check.md is the action's user manual: every input and output of action.yml, every lockfile a
// manager reads and every flag of `upkeep patch-check` must be in it, so the page cannot fall behind.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PATCH_RULES } from "@upkeep/shared/patch/check/index.js";
import { managers } from "@upkeep/shared/patch/managers/registry.js";
import { describe, expect, it } from "vitest";
import { readActionMetadata } from "../../harness/action-metadata.js";
import { repoRoot } from "../../harness/node24.js";
import { actionDir } from "./helpers.js";

const docs = readFileSync(join(repoRoot, "docs", "patch-check.md"), "utf8");
const metadata = readActionMetadata(actionDir);

function tableRows(heading: string): string[] {
  const section = docs.split(/^## /m).find((s) => s.startsWith(`${heading}\n`)) ?? "";
  return section.split("\n").filter((l) => l.startsWith("| `"));
}

describe("docs/patch-check.md", () => {
  it.each(Object.entries(metadata.inputs))("documents input %s with its default", (name, input) => {
    const row = tableRows("Inputs").find((l) => l.startsWith(`| \`${name}\` `));
    expect(row, `no row for ${name}`).toBeDefined();
    expect(row).toContain(`\`${input.default === "" ? '""' : input.default}\``);
  });

  it.each(Object.keys(metadata.outputs))("documents output %s", (name) => {
    expect(tableRows("Outputs").some((l) => l.startsWith(`| \`${name}\` `))).toBe(true);
  });

  it.each([...managers.values()].map((m) => [m.id, m] as const))("lists every file the %s manager reads", (_, m) => {
    const row = tableRows("Supported lockfiles").find((l) => l.startsWith(`| \`${m.id}\` `)) ?? "";
    for (const file of m.fileNames) expect(row).toContain(`\`${file}\``);
  });

  it("maps every flag of `upkeep patch-check`", () => {
    // Read from the command's usage file: its flags are declared as "--name <value>" strings there.
    const source = readFileSync(join(repoRoot, "shared", "src", "cli", "commands", "patch-check.usage.ts"), "utf8");
    const flags = [...new Set([...source.matchAll(/"(--[a-z][a-z-]*)/g)].map((m) => m[1] ?? ""))];
    expect(flags.length).toBeGreaterThan(5);
    const section = docs.split(/^## /m).find((s) => s.startsWith("CLI equivalent\n")) ?? "";
    expect(flags.filter((f) => !section.includes(`\`${f}`))).toEqual([]);
  });

  it("has a heading for every rule, where its help link points", () => {
    const headings = [...docs.matchAll(/^### (patch\/[a-z-]+)$/gm)].map((m) => m[1]);
    expect(PATCH_RULES.map((r) => r.id).filter((id) => !headings.includes(id))).toEqual([]);
    for (const rule of PATCH_RULES) expect(rule.helpUri).toMatch(/docs\/patch-check\.md#patch[a-z-]+$/);
  });
});
