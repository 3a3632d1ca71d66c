// The action's docs cannot fall behind it: the README's inputs/outputs tables pass the project's own
// action-io detector, and the "Action" sections of docs/drift-check.md and docs/changelog.md name every
// mode, every gate outcome and every release output, with links that resolve.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { applyDefaults, upkeepSchema } from "@upkeep/shared/config/index.js";
import type { UpkeepConfig } from "@upkeep/shared/config/types.js";
import { runDriftCheck } from "@upkeep/shared/drift/engine.js";
import { nodeFileSystem } from "@upkeep/shared/io/node-fs.js";
import { silentLogger } from "@upkeep/shared/logger.js";
import { describe, expect, it } from "vitest";
import { readActionMetadata } from "../../harness/action-metadata.js";
import { repoRoot } from "../../harness/node24.js";
import { actionDir } from "./helpers.js";

function section(file: string, heading: string): string {
  const text = readFileSync(join(repoRoot, file), "utf8");
  return text.split(/^## /m).find((s) => s.startsWith(`${heading}\n`)) ?? "";
}

const driftAction = section("docs/drift-check.md", "Action");
const changelogAction = section("docs/changelog.md", "Action");
const metadata = readActionMetadata(actionDir);

describe("actions/drift-check docs", () => {
  it("has README tables that match action.yml (checked by the action-io detector)", async () => {
    const { report } = await runDriftCheck(
      { config: (applyDefaults(upkeepSchema, {}) as UpkeepConfig).drift, detectors: ["action-io"] },
      { fs: nodeFileSystem(actionDir), clock: { now: () => new Date() }, logger: silentLogger },
    );
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([]);
    expect(report.data.docs).toBeGreaterThan(0);
  });

  it.each(["auto", "pr", "docs", "changelog"])("documents mode %s", (mode) => {
    expect(metadata.inputs.mode?.description).toContain(mode);
    expect(driftAction).toContain(`| \`${mode}\``);
  });

  it.each([
    "no-changes",
    "entry-missing",
    "entry-present",
    "no-code-changes",
    "skipped-author",
    "skipped-label",
    "skipped-type",
  ])("documents the outcome %s", (outcome) => {
    expect(driftAction).toContain(`\`${outcome}\``);
    expect(metadata.outputs.entry?.description).toContain(outcome);
  });

  it.each(["next-version", "release-type", "previous-tag", "notes", "releases"])(
    "documents the release output %s in docs/changelog.md",
    (output) => {
      expect(metadata.outputs[output], `action.yml has no output ${output}`).toBeDefined();
      expect(changelogAction).toContain(`\`${output}\``);
    },
  );

  it("links only to files that exist", () => {
    const links = [
      ...[...driftAction.matchAll(/\]\(([^)#]+)[^)]*\)/g)].map((m) => ["docs/drift-check.md", m[1] ?? ""]),
      ...[...changelogAction.matchAll(/\]\(([^)#]+)[^)]*\)/g)].map((m) => ["docs/changelog.md", m[1] ?? ""]),
    ].filter(([, target]) => !/^https?:/.test(target ?? ""));
    expect(links.length).toBeGreaterThan(2);
    const broken = links.filter(([from, target]) => !existsSync(resolve(repoRoot, dirname(from ?? ""), target ?? "")));
    expect(broken).toEqual([]);
  });
});
