/**
 * Format-level helpers of the non-JavaScript managers (poetry, uv, pipfile, requirements, cargo, composer,
 * bundler, gomod): empty-file and shape errors, TOML and JSON with lines, group propagation. The
 * JavaScript managers' helpers are in js-common.ts.
 */
import { printParseErrorCode, visit } from "jsonc-parser";
import { parse as parseToml, TomlError } from "smol-toml";
import { InputError } from "../../errors.js";
import type { DependencyGroup, ScannedPackage } from "../types.js";

/** Throws the InputError every manager raises for an empty (zero-length or blank) file. */
export function assertNotEmpty(file: string, text: string, what: string): void {
  if (text.trim() === "") {
    throw new InputError(`the file is empty; expected a ${what}`, {
      location: { file },
      hint: "The file may have been truncated; regenerate it with the tool that writes it, or remove it.",
    });
  }
}

/**
 * Parses TOML with smol-toml and turns its syntax error into an InputError at `file:line:col`.
 * @throws InputError when the text is not valid TOML.
 */
export function parseTomlFile(file: string, text: string, what: string): Record<string, unknown> {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) {
      const firstLine = err.message.split("\n")[0] ?? err.message;
      throw new InputError(`not valid TOML (${firstLine.replace(/^Invalid TOML document: /, "")})`, {
        location: { file, line: err.line, column: err.column },
        hint: `The ${what} is corrupt or truncated; regenerate it with the tool that writes it.`,
        cause: err,
      });
    }
    throw err;
  }
}

/**
 * 1-based line of each entry of the array of tables `[[name]]` (`[[package]]`), in order; undefined for
 * an entry whose line could not be confirmed.
 * smol-toml gives no source positions. A TOML parser keeps array-of-tables entries in document order, so
 * the i-th `[[name]]` header belongs to the i-th parsed entry; each pairing is confirmed by finding the
 * entry's `name = "..."` line before the next header. If the header count differs from the entry count
 * (a header spelt inside a multi-line string), no line is given rather than a wrong one.
 */
export function arrayTableLines(
  text: string,
  name: string,
  entries: readonly { name?: unknown }[],
): (number | undefined)[] {
  const header = new RegExp(`^[ \\t]*\\[\\[[ \\t]*${name}[ \\t]*\\]\\][ \\t]*(?:#.*)?$`);
  const nameLine = /^[ \t]*name[ \t]*=[ \t]*["']([^"']*)["']/;
  const headers: { line: number; name: string | undefined }[] = [];
  let awaitingName = false;
  let lineNo = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    lineNo++;
    const first = text.charCodeAt(start);
    // Only lines starting with `[`, `n` or indentation can matter; skipping the rest keeps big files fast.
    if (first === 91 /* [ */ || first === 110 /* n */ || first === 32 || first === 9) {
      const line = text.slice(start, end).replace(/\r$/, "");
      if (header.test(line)) {
        headers.push({ line: lineNo, name: undefined });
        awaitingName = true;
      } else if (awaitingName) {
        const m = nameLine.exec(line);
        if (m) {
          headers[headers.length - 1]!.name = m[1];
          awaitingName = false;
        } else if (/^[ \t]*\[/.test(line)) {
          awaitingName = false; // a sub-table began before any name line
        }
      }
    }
    start = end + 1;
  }
  if (headers.length !== entries.length) return entries.map(() => undefined);
  return entries.map((entry, i) => (headers[i]!.name === entry.name ? headers[i]!.line : undefined));
}

/** A JS value is a plain object (not null, not an array). Never throws. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A table (plain object) value, or undefined. Never throws. */
export function asTable(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

/** Throws an InputError naming `key` because it has the wrong shape. */
export function wrongShape(file: string, key: string, expected: string, line?: number): never {
  throw new InputError(`\`${key}\` should be ${expected}`, {
    location: line === undefined ? { file } : { file, line },
    hint: "The file does not have the shape its tool writes; regenerate it, or check it is the file you meant.",
  });
}

/** JSON parsed with the lines of chosen properties. */
export interface JsonWithLines {
  value: unknown;
  /** 1-based line of each property the `want` callback chose, keyed by its JSON path joined with `\u0000`. */
  lines: Map<string, number>;
}

/** Key of a JSON path in {@link JsonWithLines.lines}. */
export function jsonPathKey(path: readonly (string | number)[]): string {
  return path.join("\u0000");
}

/**
 * Parses strict JSON (no comments, no trailing commas), recording the line of every property for
 * which `want(parentPath, property)` is true. jsonc-parser gives positions; JSON.parse gives the value.
 * @throws InputError at `file:line:col` with jsonc-parser's error code when the text is not valid JSON.
 */
export function parseJsonWithLines(
  file: string,
  text: string,
  what: string,
  want: (parentPath: readonly (string | number)[], property: string) => boolean,
): JsonWithLines {
  const lines = new Map<string, number>();
  let firstError: { code: string; line: number; column: number } | undefined;
  visit(
    text,
    {
      onObjectProperty(property, _offset, _length, startLine, _startCharacter, pathSupplier) {
        if (firstError) return;
        const parent = pathSupplier();
        if (want(parent, property)) lines.set(jsonPathKey([...parent, property]), startLine + 1);
      },
      onError(error, _offset, _length, startLine, startCharacter) {
        firstError ??= { code: printParseErrorCode(error), line: startLine + 1, column: startCharacter + 1 };
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  if (firstError) {
    throw new InputError(`not valid JSON (${firstError.code})`, {
      location: { file, line: firstError.line, column: firstError.column },
      hint: `The ${what} is corrupt or truncated; regenerate it with the tool that writes it.`,
    });
  }
  return { value: JSON.parse(text) as unknown, lines };
}

/** Strength order of dependency groups: the stronger group wins when a package is reachable both ways. */
const GROUP_STRENGTH: readonly DependencyGroup[] = ["prod", "optional", "peer", "bundled", "dev", "unknown"];

/** The stronger of two groups (prod > optional > peer > bundled > dev > unknown). Never throws. */
export function strongerGroup(a: DependencyGroup, b: DependencyGroup): DependencyGroup {
  return GROUP_STRENGTH.indexOf(a) <= GROUP_STRENGTH.indexOf(b) ? a : b;
}

/** A direct dependency of the project: the entry it resolved to and the manifest section that declares it. */
export interface RootDependency {
  id: string;
  group: DependencyGroup;
}

/**
 * Gives every package the strongest group among the direct dependencies it is reachable from, walking
 * `dependencies` (ids). `roots` is a list (an id may appear under several groups) or a map of id to
 * group. Packages reachable from no root get `fallback`, or keep their current group when `fallback` is
 * omitted. Mutates `packages`; never throws (cycles are fine).
 */
export function propagateGroups(
  packages: readonly ScannedPackage[],
  roots: readonly RootDependency[] | ReadonlyMap<string, DependencyGroup>,
  fallback?: DependencyGroup,
): void {
  const rootList = "size" in roots ? [...roots].map(([id, group]) => ({ id, group })) : roots;
  const byId = new Map(packages.map((p) => [p.id, p]));
  const assigned = new Map<string, DependencyGroup>();
  for (const group of GROUP_STRENGTH) {
    const queue = rootList.filter((r) => r.group === group && !assigned.has(r.id)).map((r) => r.id);
    for (const id of queue) assigned.set(id, group);
    for (let i = 0; i < queue.length; i++) {
      for (const child of byId.get(queue[i]!)?.dependencies ?? []) {
        if (assigned.has(child)) continue;
        assigned.set(child, group);
        queue.push(child);
      }
    }
  }
  for (const p of packages) p.group = assigned.get(p.id) ?? fallback ?? p.group;
}

/**
 * When no manifest beside the lockfile names the direct dependencies, a package that no other locked
 * package depends on can only be there because the project asked for it: it is taken as direct.
 */
export function markUndependedAsDirect(packages: readonly ScannedPackage[]): void {
  const depended = new Set<string>();
  for (const p of packages) for (const d of p.dependencies) if (d !== p.id) depended.add(d);
  for (const p of packages) p.direct = !depended.has(p.id);
}

/** Packages of a lockfile grouped by name (several versions of one name can be locked). */
export function idsByName(packages: readonly ScannedPackage[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const p of packages) {
    const list = map.get(p.name);
    if (list) list.push(p.id);
    else map.set(p.name, [p.id]);
  }
  return map;
}

/** Repository-relative path of `name` beside `file` (for messages about a sibling such as pyproject.toml). */
export function siblingPath(file: string, name: string): string {
  const slash = file.lastIndexOf("/");
  return slash === -1 ? name : `${file.slice(0, slash + 1)}${name}`;
}
