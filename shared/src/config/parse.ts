import { isMap, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { ConfigProblem } from "../errors.js";
import { finalizeConfig } from "./finalize.js";
import { formatKeyPath, keyText, locate, type PathSegment, type Position } from "./locate.js";
import { describeViolation } from "./problems.js";
import { schemaValidator } from "./schema.js";
import type { UpkeepConfig } from "./types.js";

export { finalizeConfig };

/** One configuration file, parsed and validated, before `_extends` and defaults. */
export interface ParsedConfigFile {
  file: string;
  /** The valid parts of the file (invalid subtrees dropped), without defaults. */
  data: Record<string, unknown>;
  /** The `_extends` value and where it is written, when the file has a valid one. */
  extends: { value: string; position: Position } | undefined;
  problems: ConfigProblem[];
}

// Ajv's `required`/`uniqueItems` on a dropped child can only fail once per level of nesting.
const MAX_PRUNE_PASSES = 8;
const DROPPED = Symbol("dropped");

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function markDropped(root: Record<string, unknown>, path: readonly PathSegment[]): void {
  let node: unknown = root;
  for (const seg of path.slice(0, -1)) {
    node = (node as Record<string | number, unknown> | undefined)?.[seg];
    if (typeof node !== "object" || node === null) return;
  }
  const last = path[path.length - 1];
  if (last === undefined) return;
  if (Array.isArray(node) && typeof last === "number") node[last] = DROPPED;
  else if (isPlainObject(node)) delete node[String(last)];
}

function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== DROPPED).map(compact);
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) value[k] = compact(v);
  }
  return value;
}

interface Duplicate {
  path: PathSegment[];
  node: Node;
  first: Node;
}

/** Every key that appears again in the same mapping, with the first occurrence. */
function duplicateKeys(node: unknown, path: PathSegment[], found: Duplicate[]): void {
  if (isMap(node)) {
    const seen = new Map<string, Node>();
    for (const pair of node.items) {
      const key = keyText(pair.key);
      if (key === undefined) continue;
      const first = seen.get(key);
      if (first) found.push({ path: [...path, key], node: pair.key as Node, first });
      else seen.set(key, pair.key as Node);
      duplicateKeys(pair.value, [...path, key], found);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      duplicateKeys(item, [...path, i], found);
    });
  }
}

/** The message of a YAML syntax error without the position and code excerpt the parser appends. */
function syntaxMessage(message: string): string {
  return message.replace(/ at line \d+, column \d+:[\s\S]*$/, "").trim();
}

/**
 * Parses and validates one configuration file against shared/upkeep.schema.json without following
 * `_extends` or applying defaults. Never throws: malformed YAML, duplicate keys and schema violations
 * all become problems (with the file's 1-based line and column), and the invalid subtrees are dropped
 * from `data` so the rest stays usable. Malformed YAML leaves `data` empty.
 */
export function parseConfigFile(text: string, file: string): ParsedConfigFile {
  const counter = new LineCounter();
  // uniqueKeys off: we find duplicates ourselves so the message can carry the full key path.
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false, prettyErrors: true });
  const problems: ConfigProblem[] = [];
  const result = (data: Record<string, unknown>): ParsedConfigFile => ({ file, data, extends: undefined, problems });

  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const pos = err.linePos?.[0];
      problems.push({
        file,
        line: pos?.line ?? 1,
        column: pos?.col ?? 1,
        key: "",
        message:
          err.code === "MULTIPLE_DOCS"
            ? "invalid YAML: the file holds more than one document (a second `---`); keep one"
            : `invalid YAML: ${syntaxMessage(err.message)}`,
      });
    }
    return result({});
  }

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    problems.push({ file, line: 1, column: 1, key: "", message: `invalid YAML: ${(err as Error).message}` });
    return result({});
  }
  if (raw === null || raw === undefined) return result({});
  if (!isPlainObject(raw)) {
    const { line, column } = locate(doc, counter, [], "value");
    problems.push({
      file,
      line,
      column,
      key: "",
      message: "expected a mapping of sections (patch, drift, changelog, audits, ...) at the top level",
    });
    return result({});
  }
  const data = raw;

  // A repeated key is an error; a lenient load keeps the last one, as YAML loaders that allow it do.
  const duplicates: Duplicate[] = [];
  duplicateKeys(doc.contents, [], duplicates);
  for (const dup of duplicates) {
    const { line, col } = counter.linePos(dup.node.range?.[0] ?? 0);
    const firstLine = counter.linePos(dup.first.range?.[0] ?? 0).line;
    const name = String(dup.path[dup.path.length - 1]);
    problems.push({
      file,
      line,
      column: col,
      key: formatKeyPath(dup.path),
      message: `duplicate key "${name}" (already set on line ${firstLine}); keep one`,
    });
  }

  const validate = schemaValidator();
  const reported = new Set<string>();
  for (let pass = 0; pass < MAX_PRUNE_PASSES; pass++) {
    if (validate(data)) break;
    const drops: PathSegment[][] = [];
    for (const error of validate.errors ?? []) {
      const violation = describeViolation(error, data);
      drops.push(violation.drop);
      // Later passes only find the consequences of dropping (a required key now missing): not new news.
      if (pass > 0) continue;
      const { line, column } = locate(doc, counter, violation.path, violation.at);
      const key = formatKeyPath(violation.path);
      // One problem per place: a value failing both `format` and `pattern` says the same thing twice.
      const id = `${key}@${line}:${column}`;
      if (reported.has(id)) continue;
      reported.add(id);
      problems.push({ file, line, column, key, message: violation.message });
    }
    if (drops.some((d) => d.length === 0)) return result({});
    for (const d of drops) markDropped(data, d);
    compact(data);
  }

  const ext = data._extends;
  let extendsRef: ParsedConfigFile["extends"];
  if (typeof ext === "string") extendsRef = { value: ext, position: locate(doc, counter, ["_extends"], "value") };
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { file, data, extends: extendsRef, problems };
}

/**
 * Parses, validates and defaults one configuration text, without following `_extends` (use
 * loadConfig for that). Never throws: every problem (malformed YAML with the parser's line and column,
 * duplicate keys, schema violations) is returned, and `config` holds the valid parts plus defaults.
 */
export function parseConfigText(text: string, file: string): { config: UpkeepConfig; problems: ConfigProblem[] } {
  const parsed = parseConfigFile(text, file);
  return { config: finalizeConfig(parsed.data), problems: parsed.problems };
}
