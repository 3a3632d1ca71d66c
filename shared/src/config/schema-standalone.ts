import { _ } from "ajv";
import standaloneCodeModule from "ajv/dist/standalone/index.js";
import schemaJson from "../../upkeep.schema.json" with { type: "json" };
import { schemaAjv } from "./schema-validator.js";

// ajv's standalone module is CommonJS with `exports.default`; under NodeNext it may arrive wrapped.
const standaloneCode = ((standaloneCodeModule as unknown as { default?: unknown }).default ??
  standaloneCodeModule) as typeof import("ajv/dist/standalone/index.js").default;

/**
 * The source of an ES module that stands in for schema-validator.ts in the bundles (scripts/build.mjs): the
 * validator of upkeep.schema.json as ajv's standalone code, compiled with the same options as at run time,
 * so the bundled CLI and actions only parse a function instead of running ajv's code generator on every
 * start. It exports `compileSchemaValidator()` like the module it replaces. Its formats come from
 * schema-formats.ts and ajv's runtime helpers from `require` (esbuild bundles both).
 */
export function standaloneValidatorModule(): string {
  const ajv = schemaAjv({ source: true, esm: true, formats: _`schemaFormats` });
  const validate = ajv.compile(schemaJson);
  return [
    "// upkeep.schema.json compiled by ajv at build time (shared/src/config/schema-standalone.ts).",
    'import { schemaFormats } from "./schema-formats.js";',
    standaloneCode(ajv, validate),
    "export function compileSchemaValidator() {",
    "  return validate;",
    "}",
    "",
  ].join("\n");
}
