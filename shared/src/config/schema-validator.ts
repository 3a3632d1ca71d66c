import { Ajv, type CodeOptions, type ValidateFunction } from "ajv";
import schemaJson from "../../upkeep.schema.json" with { type: "json" };
import { schemaFormats } from "./schema-formats.js";

/**
 * An Ajv set up for upkeep.schema.json: every problem at once (allErrors), with the failing data and
 * schema in each error (verbose, which the messages in problems.ts read), our formats and the editors'
 * `patternErrorMessage` keyword. `code` is for ajv's standalone code generation (schema-standalone.ts).
 */
export function schemaAjv(code?: CodeOptions): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    allowUnionTypes: true,
    strict: true,
    ...(code ? { code } : {}),
  });
  for (const [name, format] of Object.entries(schemaFormats)) ajv.addFormat(name, format);
  // The YAML language server shows this message for a failed `pattern`; we do the same.
  ajv.addKeyword({ keyword: "patternErrorMessage", schemaType: "string" });
  return ajv;
}

/**
 * Compiles the validator of upkeep.schema.json (about a quarter of a second of CPU). This is what tests and
 * `tsx` runs use; in the bundles scripts/build.mjs replaces this module with the same validator compiled at
 * build time (schema-standalone.ts), so the CLI and the actions do not compile it on every start.
 */
export function compileSchemaValidator(): ValidateFunction {
  return schemaAjv().compile(schemaJson);
}
