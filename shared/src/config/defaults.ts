import type { SchemaNode } from "./schema.js";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Returns `value` with every schema `default` filled in, recursively: absent keys with a default get a
 * copy of it, absent object sections are created so their own defaults apply (zero config works),
 * list items and `additionalProperties` entries get their defaults too. Never mutates `value`.
 * Returns undefined when the value is absent and the schema has neither a default nor properties.
 */
export function applyDefaults(schema: SchemaNode, value: unknown): unknown {
  let current = value;
  if (current === undefined) {
    if ("default" in schema) current = structuredClone(schema.default);
    else if (schema.properties) current = {};
    else return undefined;
  }
  const extra = typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined;
  if (isPlainObject(current) && (schema.properties || extra)) {
    const out: Record<string, unknown> = { ...current };
    const known = schema.properties ?? {};
    for (const [key, sub] of Object.entries(known)) {
      const filled = applyDefaults(sub, out[key]);
      if (filled !== undefined) out[key] = filled;
    }
    if (extra) {
      for (const key of Object.keys(out)) {
        if (!(key in known)) out[key] = applyDefaults(extra, out[key]);
      }
    }
    return out;
  }
  const items = schema.items;
  if (Array.isArray(current) && items) return current.map((item) => applyDefaults(items, item));
  return current;
}
