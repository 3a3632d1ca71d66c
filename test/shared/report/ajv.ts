import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS; under NodeNext its default import may arrive wrapped in a namespace.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

/**
 * A draft-07 validator for `schema` with the standard formats (uri, uri-reference, date-time) checked.
 * `strict: false` because published schemas (SARIF's among them) use keywords in places ajv's strict mode
 * rejects, e.g. a `default` of the wrong type inside `items`.
 */
export function compileSchema(schema: object): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** The validator's errors as readable lines, for failure messages. */
export function errorsOf(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
}
