import { readFileSync } from "node:fs";
import { parseConfigText } from "@upkeep/shared/config/parse.js";
import { isTimeZone, type SchemaNode, upkeepSchema } from "@upkeep/shared/config/schema.js";
import { describe, expect, it } from "vitest";

function walk(node: SchemaNode, path: string, visit: (path: string, node: SchemaNode) => void): void {
  for (const [name, sub] of Object.entries(node.properties ?? {})) {
    const p = path ? `${path}.${name}` : name;
    visit(p, sub);
    walk(sub, p, visit);
    if (sub.items) walk(sub.items, `${p}[]`, visit);
    if (typeof sub.additionalProperties === "object") walk(sub.additionalProperties, `${p}.<id>`, visit);
  }
}

describe("upkeep.schema.json", () => {
  it("is draft-07, so editors' YAML language servers can use it", () => {
    const raw = JSON.parse(readFileSync("shared/upkeep.schema.json", "utf8")) as { $schema: string };
    expect(raw.$schema).toBe("http://json-schema.org/draft-07/schema#");
  });

  it("describes every key (the docs are generated from the descriptions)", () => {
    const missing: string[] = [];
    walk(upkeepSchema, "", (path, node) => {
      if (!node.description) missing.push(path);
    });
    expect(missing).toEqual([]);
  });

  it("closes every mapping except detector options (unknown keys are errors)", () => {
    const open: string[] = [];
    walk(upkeepSchema, "", (path, node) => {
      if (node.type === "object" && node.additionalProperties === undefined) open.push(path);
    });
    expect(upkeepSchema.additionalProperties).toBe(false);
    expect(open).toEqual([]);
  });

  it("validates its own defaults", () => {
    const { problems } = parseConfigText("", "defaults");
    expect(problems).toEqual([]);
  });

  it("every default is accepted by the schema when written out explicitly", () => {
    const { config } = parseConfigText("", "defaults");
    const { problems } = parseConfigText(JSON.stringify(config), "explicit.yml");
    expect(problems).toEqual([]);
  });
});

describe("isTimeZone", () => {
  it.each([
    ["UTC", true],
    ["Europe/Berlin", true],
    ["America/Argentina/Buenos_Aires", true],
    ["Mars/Olympus", false],
    ["", false],
  ])("%j -> %s", (tz, ok) => {
    expect(isTimeZone(tz)).toBe(ok);
  });
});

describe("examples/upkeep.yml", () => {
  it("validates without problems and sets what it says", () => {
    const { problems, config } = parseConfigText(readFileSync("examples/upkeep.yml", "utf8"), "examples/upkeep.yml");
    expect(problems).toEqual([]);
    expect(config.patch.deadlines.low).toBeNull();
    expect(config.audits.map((a) => a.id)).toEqual(["security-audit", "access-review"]);
  });

  it("points editors at the schema", () => {
    expect(readFileSync("examples/upkeep.yml", "utf8").split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../shared/upkeep.schema.json",
    );
  });
});
