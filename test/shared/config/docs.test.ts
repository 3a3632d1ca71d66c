import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderConfigDocs } from "../../../shared/src/config/docs.js";
import type { SchemaNode } from "../../../shared/src/config/schema.js";

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

  it("lists every key with type, default and description, escaping pipes", () => {
    const md = renderConfigDocs(schema);
    expect(md).toContain("| `_extends` | string | — | Base file. |");
    expect(md).toContain("## `alerts`");
    expect(md).toContain('| `alerts.level` | one of `low`, `high` | `"low"` | Lowest \\| level. |');
    expect(md).toContain("| `alerts.days` | integer or null | `7` | Days. |");
    expect(md).toContain("| `alerts.rules` | list of mapping | `[]` | Rules. |");
    expect(md).toContain("| `alerts.rules[].id` | string | — | **Required.** Rule id. |");
  });
});
