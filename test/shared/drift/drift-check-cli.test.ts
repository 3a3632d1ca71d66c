import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixtureRepo } from "../changelog/git-fixture.js";
import { cli, tempTree } from "../cli/helpers.js";

const ACTION = "name: x\ninputs:\n  who:\n    description: Who\n    default: world\n";
const MARKED =
  "# X\n\n<!-- upkeep:inputs action.yml -->\n<!-- /upkeep:inputs -->\n\nSee [usage](#usage).\n\n## Usage\n";

describe("upkeep drift-check", () => {
  it("exits 0 on a clean tree and 1 with the finding in the chosen format", async () => {
    const clean = tempTree({ "README.md": "# A\n\n[b](docs/b.md)\n", "docs/b.md": "# B\n" });
    const broken = tempTree({ "README.md": "# A\n\n[b](docs/c.md)\n" });
    try {
      expect((await cli(["-C", clean.dir, "drift-check"])).code).toBe(0);
      const r = await cli(["-C", broken.dir, "--format", "json", "drift-check"]);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.check).toBe("drift-check");
      expect(
        report.findings.map((f: { rule: string; file: string; line: number }) => `${f.rule}@${f.file}:${f.line}`),
      ).toEqual(["drift/links/broken-link@README.md:3"]);
      const sarif = JSON.parse((await cli(["-C", broken.dir, "--format", "sarif", "drift-check"])).stdout);
      expect(sarif.runs[0].results[0].locations[0].physicalLocation.region.startLine).toBe(3);
    } finally {
      clean.cleanup();
      broken.cleanup();
    }
  });

  it("exits 2 on an unknown detector or a bad config", async () => {
    const plain = tempTree({ "README.md": "# A\n" });
    const t = tempTree({ "README.md": "# A\n", ".github/upkeep.yml": "drift:\n  detectors:\n    action-inputs: {}\n" });
    try {
      const unknown = await cli(["-C", plain.dir, "drift-check", "--detectors", "nope"]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('unknown detector "nope"');
      const config = await cli(["-C", t.dir, "drift-check"]);
      expect(config.code).toBe(2);
      // The schema names the detector ids, so a misspelt one is caught with the list of valid ones.
      expect(config.stderr).toContain(".github/upkeep.yml:3:5: drift.detectors.action-inputs");
      expect(config.stderr).toContain("action-io");
    } finally {
      plain.cleanup();
      t.cleanup();
    }
  });

  it("check mode writes nothing; --fix writes between the markers", async () => {
    const t = tempTree({ "action.yml": ACTION, "README.md": MARKED });
    try {
      const checkRun = await cli(["-C", t.dir, "drift-check", "--detectors", "action-io,links"]);
      expect(checkRun.code).toBe(1);
      expect(readFileSync(join(t.dir, "README.md"), "utf8")).toBe(MARKED);
      const fixRun = await cli(["-C", t.dir, "drift-check", "--fix"]);
      expect(fixRun.code).toBe(0);
      expect(readFileSync(join(t.dir, "README.md"), "utf8")).toContain("| `who` | Who | no | `world` |");
      expect(fixRun.stderr).toContain("fixed README.md");
    } finally {
      t.cleanup();
    }
  });
});

describe("upkeep drift-check pr", () => {
  const repo = fixtureRepo([
    { message: "feat: first\n", at: 1_767_000_000, files: { "src/a.ts": "1" }, tags: ["v1.0.0"] },
    { message: "feat(x): code without entry\n", at: 1_767_003_600, files: { "src/b.ts": "2" } },
  ]);
  afterAll(() => repo.cleanup());

  it("fails a code change without an entry and shows the release preview", async () => {
    const r = await cli(
      ["-C", repo.dir, "drift-check", "pr", "--title", "feat(x): code without entry", "--base", "v1.0.0"],
      { env: { UPKEEP_NOW: "2026-11-26T00:00:00Z" } },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Changelog entry missing");
    expect(r.stdout).toContain("Release preview: this pull request makes a minor release (1.1.0).");
    expect(r.stdout).toContain("## 1.1.0 (2026-11-26)\n\n\n### Features\n\n* **x:** code without entry");
  });

  it("passes a docs-typed title and flags a malformed one with the expected form", async () => {
    const ok = await cli(["-C", repo.dir, "drift-check", "pr", "--title", "docs: typo", "--base", "v1.0.0"]);
    expect(ok.code).toBe(0);
    const bad = await cli([
      "-C",
      repo.dir,
      "drift-check",
      "pr",
      "--title",
      "Update stuff",
      "--base",
      "v1.0.0",
      "--label",
      "skip-changelog",
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("Expected `type(scope)!: subject`");
  });
});

describe("upkeep drift-check on a docs site", () => {
  it("resolves a VitePress site's routes from the CLI, names the site in the notes, and a bad anchorStyle exits 2", async () => {
    const site = tempTree({
      "docs/.vitepress/config.mts": "export default { title: 'x' }\n",
      "docs/guide/index.md": "# Guide\n\nSee [port](/config/#server-port) and [fixture](../../test/x.md).\n",
      "docs/config/index.md": "# Config\n\n## server.port\n",
      "test/x.md": "[nothing](nowhere.md)\n",
    });
    const bad = tempTree({
      "README.md": "# A\n",
      ".github/upkeep.yml": "drift:\n  detectors:\n    links:\n      anchorStyle: wiki\n",
    });
    try {
      const r = await cli(["-C", site.dir, "drift-check"]);
      expect(r.stdout).toContain("0 findings");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("Docs site: VitePress (docs/.vitepress/config.mts)");
      expect(r.stdout).toContain("1 Markdown file(s) under the ignore paths");
      const config = await cli(["-C", bad.dir, "drift-check"]);
      expect(config.code).toBe(2);
      expect(config.stderr).toContain("drift.detectors.links.anchorStyle");
    } finally {
      site.cleanup();
      bad.cleanup();
    }
  });
});
