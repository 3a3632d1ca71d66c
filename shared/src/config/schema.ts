import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import schemaJson from "../../upkeep.schema.json" with { type: "json" };

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

// ajv-formats is CommonJS; under NodeNext its default import may arrive wrapped in a namespace.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv,
  formats: string[],
) => Ajv;

/** True when `tz` is an IANA time zone this runtime knows (`UTC`, `Europe/Berlin`, ...). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

let compiled: ValidateFunction | undefined;

/**
 * The compiled validator (allErrors, so every problem is reported at once). Compiled once, lazily.
 * Throws only if the committed schema itself is invalid (a bug, caught by the tests).
 */
export function schemaValidator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, strict: true });
  addFormats(ajv, ["date", "uri"]);
  ajv.addFormat("iana-time-zone", { type: "string", validate: isTimeZone });
  // The YAML language server shows this message for a failed `pattern`; we do the same.
  ajv.addKeyword({ keyword: "patternErrorMessage", schemaType: "string" });
  compiled = ajv.compile(schemaJson);
  return compiled;
}
