import { readFileSync } from "node:fs";
import { renderConfigDocs } from "@upkeep/shared/config/docs.js";
import type { SchemaNode } from "@upkeep/shared/config/schema.js";
import { describe, expect, it } from "vitest";

describe("docs/config.md", () => {
  it("is up to date with shared/upkeep.schema.json", () => {
    const committed = readFileSync("docs/config.md", "utf8");
    // On failure: run `node scripts/gen-config-docs.mjs` and commit docs/config.md.
    expect(committed === renderConfigDocs(), "docs/config.md is stale: run node scripts/gen-config-docs.mjs").toBe(
      true,
    );
  });
});

describe("renderConfigDocs", () => {
  const schema: SchemaNode = {
    description: "Test schema.",
    properties: {
      _extends: { type: "string", description: "Base file." },
      alerts: {
        type: "object",
        description: "Alerts section.",
        properties: {
          level: { type: "string", enum: ["low", "high"], default: "low", description: "Lowest | level." },
          days: { type: ["integer", "null"], default: 7, description: "Days." },
          rules: {
            type: "array",
            default: [],
            description: "Rules.",
            items: {
              type: "object",
              required: ["id"],
              properties: { id: { type: "string", description: "Rule id." } },
            },
          },
        },
      },
    },
  };

  /** The table rows of the page as cell lists, padding trimmed. */
  function rowsOf(md: string): string[][] {
    return md
      .split("\n")
      .filter((l) => l.startsWith("| `"))
      .map((l) =>
        l
          .slice(2, -2)
          .split(/ (?<!\\)\| /)
          .map((c) => c.trim()),
      );
  }

  it("lists every key with type, default and description, escaping pipes", () => {
    const md = renderConfigDocs(schema);
    expect(md).toContain("## `alerts`");
    expect(rowsOf(md)).toEqual([
      ["`_extends`", "string", "—", "Base file."],
      ["`alerts.level`", "one of `low`, `high`", '`"low"`', "Lowest \\| level."],
      ["`alerts.days`", "integer or null", "`7`", "Days."],
      ["`alerts.rules`", "list of mapping", "`[]`", "Rules."],
      ["`alerts.rules[].id`", "string", "—", "**Required.** Rule id."],
    ]);
  });

  it("pads table columns so Biome's Markdown formatter leaves the page as generated", () => {
    const md = renderConfigDocs(schema);
    const section = md.slice(md.indexOf("## `alerts`"));
    const table = section.split("\n").filter((l) => l.startsWith("|"));
    expect(table).toHaveLength(6);
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
  });
});
