/**
 * Maps a key path back to the line and column of the YAML node it came from. This is why the loader
 * uses the `yaml` package and not js-yaml: js-yaml only returns plain objects and keeps no node
 * positions, so a schema error could not point at the offending key or value.
 */

import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from "yaml";

/** One step of a key path: a mapping key or a list index. */
export type PathSegment = string | number;

/** 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** `patch.deadlines.critical`, `audits[0].id`; empty for the top level. */
export function formatKeyPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

/** The text of a mapping key as the loader compares it (plain scalars only). */
export function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? "" : String(key.value);
  return undefined;
}

interface Found {
  key?: Node;
  value?: Node;
}

function find(doc: Document, path: readonly PathSegment[]): Found {
  let found: Found = { value: (doc.contents ?? undefined) as Node | undefined };
  for (const seg of path) {
    const node = found.value;
    if (isMap(node)) {
      // Duplicate keys are reported separately; the last one is the one that took effect.
      const pair = node.items.findLast((p) => isPair(p) && keyText(p.key) === String(seg));
      if (!pair) return found;
      found = { key: pair.key as Node, value: (pair.value ?? undefined) as Node | undefined };
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg];
      if (item === undefined) return found;
      found = { value: item as Node };
    } else {
      return found;
    }
  }
  return found;
}

function positionOf(node: Node | undefined, counter: LineCounter): Position | undefined {
  const offset = node?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = counter.linePos(offset);
  return { line, column: col };
}

/**
 * Where the key or value at `path` is in the file: `which: "key"` points at the key (unknown keys,
 * duplicates), `"value"` at the value (wrong type or enum), falling back to the key and then to the
 * nearest ancestor that exists, and finally line 1, column 1.
 */
export function locate(
  doc: Document,
  counter: LineCounter,
  path: readonly PathSegment[],
  which: "key" | "value",
): Position {
  const found = find(doc, path);
  const first = which === "key" ? found.key : found.value;
  const second = which === "key" ? found.value : found.key;
  return positionOf(first, counter) ?? positionOf(second, counter) ?? { line: 1, column: 1 };
}
