import type { ValidateFunction } from "ajv";
import schemaJson from "../../upkeep.schema.json" with { type: "json" };
import { compileSchemaValidator } from "./schema-validator.js";

export { isTimeZone } from "./schema-formats.js";

/** A JSON Schema node as far as Upkeep reads it (draft-07 keywords used in upkeep.schema.json). */
export interface SchemaNode {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  pattern?: string;
  patternErrorMessage?: string;
  format?: string;
  minimum?: number;
  minLength?: number;
  required?: string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  uniqueItems?: boolean;
  title?: string;
}

/** The parsed shared/upkeep.schema.json (draft-07, so editors' YAML language servers complete it). */
export const upkeepSchema: SchemaNode = schemaJson as SchemaNode;

let compiled: ValidateFunction | undefined;

/**
 * The compiled validator (allErrors, so every problem is reported at once). Compiled once, lazily (in the
 * bundles it was compiled at build time: schema-validator.ts).
 * Throws only if the committed schema itself is invalid (a bug, caught by the tests).
 */
export function schemaValidator(): ValidateFunction {
  compiled ??= compileSchemaValidator();
  return compiled;
}
