import type { ErrorObject } from "ajv";
import { formatKeyPath, type PathSegment } from "./locate.js";
import type { SchemaNode } from "./schema.js";
import { closest } from "./suggest.js";

/** One schema violation in plain words, with the path to report and the subtree to drop. */
export interface SchemaViolation {
  /** Path of the key the message is about. */
  path: PathSegment[];
  /** Point at the key itself (unknown or missing keys) rather than its value. */
  at: "key" | "value";
  message: string;
  /** The subtree a lenient load drops so that the rest stays usable. */
  drop: PathSegment[];
}

const TYPE_WORDS: Record<string, string> = {
  string: "text",
  integer: "a whole number",
  number: "a number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping of keys",
  null: "nothing (null)",
};

const FORMAT_WORDS: Record<string, string> = {
  date: "a date like 2026-12-31",
  uri: "a URL like https://example.com",
  "iana-time-zone": "an IANA time zone such as UTC or Europe/Berlin",
};

/** Describes a YAML value the way a user wrote it. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return String(value);
}

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === "string" ? `"${v}"` : String(v))).join(", ");
}

function typeWords(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => TYPE_WORDS[String(t)] ?? String(t)).join(" or ");
}

/** Splits an ajv instancePath (JSON Pointer) into segments; list indices become numbers. */
function pointerToPath(pointer: string, data: unknown): PathSegment[] {
  if (!pointer) return [];
  const out: PathSegment[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split("/")) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) {
      const index = Number(seg);
      out.push(index);
      node = node[index];
    } else {
      out.push(seg);
      node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

/**
 * Turns one ajv error (compiled with `verbose: true`, so it carries the data and parent schema) into
 * a violation whose message says what was expected in plain words, with a "did you mean" suggestion
 * for near-miss keys and enum values.
 */
export function describeViolation(error: ErrorObject, root: unknown): SchemaViolation {
  const path = pointerToPath(error.instancePath, root);
  const params = error.params as Record<string, unknown>;
  const schema = (error.parentSchema ?? {}) as SchemaNode;
  const got = describeValue(error.data);
  switch (error.keyword) {
    case "additionalProperties": {
      const extra = String(params.additionalProperty);
      const allowed = Object.keys(schema.properties ?? {});
      const guess = closest(extra, allowed);
      const hint = guess ? `did you mean "${guess}"?` : `expected one of: ${allowed.join(", ")}`;
      return {
        path: [...path, extra],
        at: "key",
        message: `unknown key "${extra}"; ${hint}`,
        drop: [...path, extra],
      };
    }
    case "required": {
      const missing = String(params.missingProperty);
      const about = schema.properties?.[missing]?.description;
      return {
        path,
        at: "value",
        message: `missing required key "${missing}"${about ? ` (${about.replace(/\.$/, "")})` : ""}`,
        drop: path,
      };
    }
    case "type":
      return { path, at: "value", message: `expected ${typeWords(params.type)}, got ${got}`, drop: path };
    case "enum": {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      const guess =
        typeof error.data === "string"
          ? closest(
              error.data,
              allowed.filter((v): v is string => typeof v === "string"),
            )
          : undefined;
      const suffix = guess ? `; did you mean "${guess}"?` : "";
      return {
        path,
        at: "value",
        message: `expected one of ${quoteList(allowed)}, got ${got}${suffix}`,
        drop: path,
      };
    }
    case "pattern": {
      const expected = schema.patternErrorMessage ?? `text matching /${String(params.pattern)}/`;
      return { path, at: "value", message: `${expected}, got ${got}`, drop: path };
    }
    case "format": {
      const format = String(params.format);
      return { path, at: "value", message: `expected ${FORMAT_WORDS[format] ?? format}, got ${got}`, drop: path };
    }
    case "minimum":
      return {
        path,
        at: "value",
        message: `expected a number of at least ${String(params.limit)}, got ${got}`,
        drop: path,
      };
    case "minLength":
      return { path, at: "value", message: "expected non-empty text", drop: path };
    case "uniqueItems": {
      // ajv: item `j` repeats the earlier item `i`.
      const j = Number(params.j);
      const i = Number(params.i);
      return {
        path: [...path, j],
        at: "value",
        message: `duplicate list item ${describeValue((error.data as unknown[])[j])} (the same as ${formatKeyPath([...path, i])})`,
        drop: [...path, j],
      };
    }
    default:
      return { path, at: "value", message: error.message ?? `failed ${error.keyword}`, drop: path };
  }
}
