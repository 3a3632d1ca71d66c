import type { SchemaNode } from "./schema.js";
import { upkeepSchema } from "./schema.js";

interface Row {
  key: string;
  type: string;
  default: string;
  description: string;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n+/g, " ");
}

/** A Markdown table with padded columns (the layout Biome's Markdown formatter keeps). */
function table(header: string[], body: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(3, h.length, ...body.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)];
}

function typeOf(node: SchemaNode): string {
  if (node.enum) return `one of ${node.enum.map((v) => `\`${String(v)}\``).join(", ")}`;
  const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : ["any"];
  const words = types.map((t) => {
    if (t === "array") return node.items ? `list of ${typeOf(node.items)}` : "list";
    if (t === "object") return "mapping";
    if (t === "string" && node.format === "date") return "date (YYYY-MM-DD)";
    if (t === "string" && node.format === "uri") return "URL";
    if (t === "string" && node.format === "iana-time-zone") return "time zone (IANA)";
    return t;
  });
  return words.join(" or ");
}

function defaultOf(node: SchemaNode): string {
  if (!("default" in node)) return "—";
  const value = node.default;
  if (Array.isArray(value) && value.length === 0) return "`[]`";
  if (typeof value === "object" && value !== null && Object.keys(value).length === 0) return "`{}`";
  return `\`${JSON.stringify(value)}\``;
}

function rows(node: SchemaNode, key: string, out: Row[]): void {
  const required = new Set(node.required ?? []);
  for (const [name, sub] of Object.entries(node.properties ?? {})) {
    const path = key ? `${key}.${name}` : name;
    const req = required.has(name) ? "**Required.** " : "";
    out.push({ key: path, type: typeOf(sub), default: defaultOf(sub), description: req + (sub.description ?? "") });
    if (sub.properties) rows(sub, path, out);
    if (typeof sub.additionalProperties === "object") rows(sub.additionalProperties, `${path}.<id>`, out);
    if (sub.items?.properties) rows(sub.items, `${path}[]`, out);
  }
}

/**
 * Renders the configuration reference (docs/config.md) from shared/upkeep.schema.json: one section
 * per top-level key and a table of every key with its type, default and description.
 * Deterministic (same schema, same text), so a test can tell when the committed page is stale.
 */
export function renderConfigDocs(schema: SchemaNode = upkeepSchema): string {
  const lines: string[] = [
    "# Configuration reference: `.github/upkeep.yml`",
    "",
    "<!-- Generated from shared/upkeep.schema.json by `node scripts/gen-config-docs.mjs`. Do not edit by hand. -->",
    "",
    schema.description ?? "",
    "",
    "- Check a file: `pnpm upkeep config validate` (or `npm run upkeep -- config validate path/to/upkeep.yml`).",
    "  Each problem is printed as `file:line:col: key: message`; the exit code is 2 when there is one.",
    "- See the effective configuration (defaults and `_extends` applied): `pnpm upkeep config print`.",
    "- Editor completion: the schema is `shared/upkeep.schema.json` (JSON Schema draft-07). With the YAML",
    "  language server (VS Code's YAML extension), add a first line",
    "  `# yaml-language-server: $schema=<path or raw URL of upkeep.schema.json>`.",
    "- Unknown keys are errors (with a suggestion when the key looks like a typo).",
    "- `_extends` merges objects key by key, replaces lists, and lets the extending file win. When a repository",
    "  has no file, the bot reads `.github/upkeep.yml` of the organization's `.github` repository.",
    "- A full example: [`examples/upkeep.yml`](../examples/upkeep.yml).",
    "",
  ];
  const top = schema.properties ?? {};
  const general = Object.entries(top).filter(([, node]) => !node.properties && !node.items?.properties);
  const header = ["Key", "Type", "Default", "Description"];
  if (general.length > 0) {
    const body = general.map(([name, node]) => [
      `\`${name}\``,
      cell(typeOf(node)),
      cell(defaultOf(node)),
      cell(node.description ?? ""),
    ]);
    lines.push("## Top level", "", ...table(header, body), "");
  }
  for (const [name, node] of Object.entries(top)) {
    if (!node.properties && !node.items?.properties) continue;
    lines.push(`## \`${name}\``, "", node.description ?? "", "");
    const out: Row[] = [];
    if (node.properties) rows(node, name, out);
    else if (node.items) {
      out.push({ key: name, type: typeOf(node), default: defaultOf(node), description: node.description ?? "" });
      rows(node.items, `${name}[]`, out);
    }
    const body = out.map((r) => [`\`${r.key}\``, cell(r.type), cell(r.default), cell(r.description)]);
    lines.push(...table(header, body), "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
