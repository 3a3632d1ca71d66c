// GitHub's OpenAPI description (the committed extract of the operations the stand-in serves) turned into a
// router and ajv validators. Everything here is cached at module level: a second stand-in in the same worker
// reuses the compiled validators, which is what keeps a start under a few milliseconds.
import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

// ajv-formats ships CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

/** One parameter of an operation, as GitHub describes it. */
export interface OperationParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: JsonSchema;
}

/** A JSON Schema node of the description (OpenAPI 3.0 flavour, with `nullable`). */
export type JsonSchema = Record<string, unknown>;

/** One operation of the extract. */
export interface Operation {
  /** `METHOD /path/{template}`, the key the route handlers are registered under. */
  key: string;
  method: string;
  template: string;
  operationId: string;
  parameters: OperationParameter[];
  requestBody?: { required: boolean; schema: JsonSchema };
  responses: Record<string, JsonSchema | null>;
}

interface Extract {
  source: string;
  operations: Record<string, Omit<Operation, "key" | "method" | "template">>;
  components: { schemas: Record<string, JsonSchema> };
}

interface CompiledRoute {
  operation: Operation;
  regex: RegExp;
  names: string[];
  literalLength: number;
}

const SCHEMA_DOC_ID = "github-openapi";

let cache: { operations: Map<string, Operation>; routes: CompiledRoute[]; ajv: Ajv } | undefined;
const validators = new Map<string, ValidateFunction>();

// OpenAPI 3.0's `nullable` is not JSON Schema; ajv accepts it only beside `type`, and GitHub also puts it
// beside `allOf`/`oneOf`/`enum`. Rewriting it into plain JSON Schema keeps every schema compilable.
function toJsonSchema(node: unknown, refPrefix: string): unknown {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, refPrefix));
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string") out[key] = value.replace(/^#/, refPrefix);
    else if (key === "properties" && value && typeof value === "object") {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, toJsonSchema(s, refPrefix)]));
    } else out[key] = toJsonSchema(value, refPrefix);
  }
  if (out.nullable !== true) {
    delete out.nullable;
    return out;
  }
  delete out.nullable;
  if (typeof out.type === "string" && !("enum" in out)) {
    out.type = [out.type, "null"];
    return out;
  }
  return { anyOf: [out, { type: "null" }] };
}

function templateToRoute(operation: Operation): CompiledRoute {
  const names: string[] = [];
  let literalLength = 0;
  const pattern = operation.template.replace(/\{(\w+)\}|[^{]+/g, (part, name: string | undefined) => {
    if (!name) {
      literalLength += part.length;
      return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
    }
    names.push(name);
    // A file path and a git ref contain slashes when a client does not percent-encode them.
    return name === "path" ? "(.*)" : name === "ref" ? "(.+)" : "([^/]+)";
  });
  return { operation, regex: new RegExp(`^${pattern}$`), names, literalLength };
}

function load(): NonNullable<typeof cache> {
  if (cache) return cache;
  const extract = JSON.parse(
    readFileSync(new URL("./openapi-extract.json", import.meta.url), "utf8"),
  ) as unknown as Extract;
  const ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false, logger: false, inlineRefs: false });
  addFormats(ajv);
  // GitHub sends "" for unset URL fields that its description types as `format: uri` (deployment statuses'
  // target_url/log_url): real answers must validate, so the empty string counts as a uri here.
  const uri = ajv.formats.uri as { validate?: (s: string) => boolean } | ((s: string) => boolean) | undefined;
  const check = typeof uri === "function" ? uri : uri?.validate;
  if (check) ajv.addFormat("uri", (value: string) => value === "" || check(value));
  ajv.addSchema({ $id: SCHEMA_DOC_ID, components: toJsonSchema(extract.components, "#") }, SCHEMA_DOC_ID);
  const operations = new Map<string, Operation>();
  for (const [key, raw] of Object.entries(extract.operations)) {
    const [method, template] = key.split(" ") as [string, string];
    operations.set(key, { ...raw, key, method, template });
  }
  const routes = [...operations.values()].map(templateToRoute).sort((a, b) => b.literalLength - a.literalLength);
  cache = { operations, routes, ajv };
  return cache;
}

/** The operations of the extract, by `METHOD /template`. */
export function operations(): Map<string, Operation> {
  return load().operations;
}

/** Finds the operation serving `method path`; path parameters come back percent-decoded. */
export function matchRoute(
  method: string,
  pathname: string,
): { operation: Operation; params: Record<string, string> } | undefined {
  for (const route of load().routes) {
    if (route.operation.method !== method) continue;
    const m = route.regex.exec(pathname);
    if (!m) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1] ?? "");
    });
    return { operation: route.operation, params };
  }
  return undefined;
}

/** Matches `pathname` against a path template such as `/repos/{owner}/{repo}/issues`. */
export function matchesTemplate(template: string, pathname: string): boolean {
  if (template === pathname) return true;
  const pattern = template.replace(/\{\w+\}|[^{]+/g, (part) =>
    part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"),
  );
  return new RegExp(`^${pattern}$`).test(pathname);
}

/** Compiles (once per process) and returns the validator for a schema of an operation. */
export function validatorFor(cacheKey: string, schema: JsonSchema): ValidateFunction {
  const hit = validators.get(cacheKey);
  if (hit) return hit;
  const { ajv } = load();
  const compiled = ajv.compile(toJsonSchema(schema, `${SCHEMA_DOC_ID}#`) as JsonSchema);
  validators.set(cacheKey, compiled);
  return compiled;
}

/** Renders ajv errors the way a test failure should read them: `body/labels must be array`. */
export function describeErrors(errors: ErrorObject[] | null | undefined, root: string): string[] {
  if (!errors) return [];
  // anyOf/oneOf report every branch; the branch errors carry the detail, the summary line adds nothing.
  const useful = errors.filter((e) => e.keyword !== "anyOf" && e.keyword !== "oneOf");
  const list = (useful.length > 0 ? useful : errors).map((e) => {
    const where = `${root}${e.instancePath}`;
    const extra =
      e.keyword === "additionalProperties"
        ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
        : e.keyword === "enum"
          ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})`
          : "";
    return `${where} ${e.message ?? e.keyword}${extra}`;
  });
  return [...new Set(list)].slice(0, 8);
}
