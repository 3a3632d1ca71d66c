import { constructFromEvents, EVENT_ID, getScalarValue, parseEvents, type Event as YamlEvent } from "js-yaml";
import { parse, printParseErrorCode, visit } from "jsonc-parser";
import { InputError } from "../../errors.js";
import { lineIndex } from "../../text/line-index.js";
import type { DependencyGroup, SkippedEntry } from "../types.js";
import { isRecord, strongerGroup } from "./common.js";

/** Hint on every "unknown format version" error of the JS managers. */
export const UPGRADE_HINT =
  "upgrade upkeep or open an issue with the lockfile's format version; until then, exclude this file from the scan";

/**
 * A JSON(C) document: its plain value and the 1-based line of each object key that was asked for.
 * Lines come from jsonc-parser's scanner (offset-exact, strings and escapes handled); `parseTree` is not
 * used because building a node per value made a 10,000-package lockfile several times slower.
 */
export interface LocatedJson {
  value: Record<string, unknown>;
  /** Line of the key at `path` (parent keys, then the key; arrays count as `[]`), if it was recorded. */
  keyLine(path: readonly string[]): number | undefined;
}

/** Which keys {@link parseLocatedJson} records: called with the parent keys and the key. */
export type KeySelector = (parents: readonly string[], key: string) => boolean;

const PATH_SEPARATOR = "\u0000";

/**
 * Parses JSON (or JSONC with `jsonc: true`: comments and trailing commas allowed, as in bun.lock) and
 * records the line of every key `select` accepts. Throws InputError at the parser's line:column for
 * corrupt or truncated text, and for a document whose top level is not an object.
 */
export function parseLocatedJson(
  file: string,
  text: string,
  select: KeySelector,
  options: { jsonc?: boolean } = {},
): LocatedJson {
  const jsonc = options.jsonc === true;
  const lines = new Map<string, number>();
  const stack: string[] = [];
  const isArray: boolean[] = [];
  let pendingKey = "";
  let firstError: { code: number; line: number; column: number } | undefined;
  const begin = (array: boolean) => {
    if (isArray.length > 0) stack.push(isArray[isArray.length - 1] ? "[]" : pendingKey);
    isArray.push(array);
  };
  const end = () => {
    isArray.pop();
    stack.pop();
  };
  visit(
    text,
    {
      onObjectBegin: () => begin(false),
      onObjectEnd: end,
      onArrayBegin: () => begin(true),
      onArrayEnd: end,
      onObjectProperty(key, _offset, _length, startLine) {
        pendingKey = key;
        if (select(stack, key)) lines.set([...stack, key].join(PATH_SEPARATOR), startLine + 1);
      },
      onError(code, _offset, _length, startLine, startCharacter) {
        firstError ??= { code, line: startLine + 1, column: startCharacter + 1 };
      },
    },
    { disallowComments: !jsonc, allowTrailingComma: jsonc },
  );
  if (firstError !== undefined) {
    throw new InputError(
      `not valid ${jsonc ? "JSONC" : "JSON"} (${printParseErrorCode(firstError.code)}); the file is corrupt or truncated`,
      {
        location: { file, line: firstError.line, column: firstError.column },
        hint: "regenerate the lockfile with its package manager (or resolve the merge conflict in it)",
      },
    );
  }
  // Valid by now: JSON.parse is native and fast; JSONC needs jsonc-parser's own value builder.
  const value: unknown = jsonc ? parse(text, [], { allowTrailingComma: true }) : JSON.parse(text);
  if (!isRecord(value)) {
    throw new InputError("expected a JSON object at the top level", {
      location: { file, line: 1, column: 1 },
      hint: "regenerate the lockfile with its package manager",
    });
  }
  return { value, keyLine: (path) => lines.get(path.join(PATH_SEPARATOR)) };
}

/** The string values of a `{name: range}` map; non-string values are dropped. Undefined gives `{}`. */
export function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
  return out;
}

/** InputError for a declared format version this manager does not know (fail closed, issue #3 §1). */
export function unsupportedVersionError(
  file: string,
  what: string,
  found: unknown,
  supported: readonly string[],
  line?: number,
): InputError {
  const shown = found === undefined ? "none" : JSON.stringify(found);
  return new InputError(`unsupported ${what} ${shown} (this version of upkeep reads ${supported.join(", ")})`, {
    location: line === undefined ? { file } : { file, line },
    hint: UPGRADE_HINT,
  });
}

/** InputError for a file that parses but has the wrong shape at `key`. */
export function shapeError(file: string, key: string, expected: string, line?: number): InputError {
  return new InputError(`\`${key}\` must be ${expected}`, {
    location: line === undefined ? { file } : { file, line },
    hint: "the lockfile does not have the shape its package manager writes; regenerate it",
  });
}

/** The manifest sections that declare direct dependencies, and the group each one means. */
export const MANIFEST_SECTIONS: ReadonlyArray<readonly [section: string, group: DependencyGroup]> = [
  ["dependencies", "prod"],
  ["optionalDependencies", "optional"],
  ["peerDependencies", "peer"],
  ["devDependencies", "dev"],
];

/** Direct dependencies declared in a package.json-shaped object: name → {range, group}, stronger section wins. */
export function manifestDependencies(manifest: unknown): Map<string, { range: string; group: DependencyGroup }> {
  const out = new Map<string, { range: string; group: DependencyGroup }>();
  if (!isRecord(manifest)) return out;
  for (const [section, group] of MANIFEST_SECTIONS) {
    for (const [name, range] of Object.entries(stringMap(manifest[section]))) {
      const prev = out.get(name);
      out.set(name, { range, group: prev ? strongerGroup(prev.group, group) : group });
    }
  }
  return out;
}

/**
 * Reads and parses a package.json through the manager context. Undefined when it does not exist;
 * InputError (naming that file) when it exists but is not valid JSON.
 */
export async function readManifest(
  lockfile: string,
  relPath: string,
  read: (name: string) => Promise<string | undefined>,
): Promise<Record<string, unknown> | undefined> {
  const text = await read(relPath);
  if (text === undefined) return undefined;
  const dir = lockfile.includes("/") ? lockfile.slice(0, lockfile.lastIndexOf("/") + 1) : "";
  return parseLocatedJson(`${dir}${relPath}`, text, () => false).value;
}

/**
 * Why a dependency specifier or resolved version is not a registry package, or undefined when it is
 * one. Covers local paths (`file:`, `link:`, `portal:`), workspaces, git hosts and URLs. Never throws.
 */
export function nonRegistryReason(spec: string): string | undefined {
  if (/^(file:|\.{0,2}\/)/.test(spec)) return `local path dependency (${spec})`;
  if (spec.startsWith("link:") || spec.startsWith("portal:")) return `local link (${spec})`;
  if (spec.startsWith("workspace:")) return `workspace package (${spec})`;
  if (/^(git\+|git:|github:|gitlab:|bitbucket:|gist:)/.test(spec) || /^[\w.-]+\/[\w.-]+(#.*)?$/.test(spec)) {
    return `git dependency (${spec})`;
  }
  if (/^https?:\/\//.test(spec)) return `remote tarball or git URL (${spec})`;
  return undefined;
}

/**
 * Checks a resolved registry version. Returns the skip reason when it is not a semver version (so it is
 * listed instead of being matched against advisories with a meaningless version), else undefined.
 */
export function invalidVersionReason(version: string): string | undefined {
  return SEMVER.test(version) ? undefined : `version "${version}" is not a valid semver version`;
}

/** The regular expression semver.org gives for a valid SemVer 2.0.0 version (cheaper than parsing it). */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Splits `name@rest` where the name may be scoped (`@scope/name@rest`). Undefined when there is no `@`. */
export function splitNameAt(text: string): { name: string; rest: string } | undefined {
  const at = text.indexOf("@", text.startsWith("@") ? 1 : 0);
  if (at <= 0) return undefined;
  return { name: text.slice(0, at), rest: text.slice(at + 1) };
}

/** Adds `entry` to `skipped` unless an identical one (file, name, reason) is there already. */
export function addSkipped(skipped: SkippedEntry[], entry: SkippedEntry): void {
  if (skipped.some((s) => s.name === entry.name && s.reason === entry.reason && s.line === entry.line)) return;
  skipped.push(entry);
}

/** A YAML document (the last one of the file) with the lines of the keys that were asked for. */
export interface LocatedYaml {
  value: unknown;
  /** Line of the key at `path` (parent keys, then the key) in the last document, if it was recorded. */
  keyLine(path: readonly string[]): number | undefined;
}

/**
 * Parses YAML with js-yaml's event parser, which reports offsets, and builds the value from the same
 * events (one parse). Records the line of each key `select` accepts up to `maxDepth` levels deep.
 * The `yaml` package's LineCounter was measured first: 8-16 s on a 10,000-package pnpm-lock.yaml on
 * the CI machine, against ~0.4 s here. A file of several documents (pnpm 10 puts its config-dependency
 * lockfile first) yields the last one. Throws InputError with the parser's line:column for invalid YAML.
 *
 * Memory: the event list is the largest structure (about 100 bytes an event, 250,000 events for a 3 MB
 * pnpm-lock.yaml), so the lines are read from it before the value is built and nothing else per event is
 * kept; the walk allocates only per located key (one map per parent path, no joined path per key).
 */
export function parseLocatedYaml(file: string, text: string, select: KeySelector, maxDepth = 2): LocatedYaml {
  let events: YamlEvent[] | undefined;
  try {
    events = parseEvents(text, { filename: file, maxDepth: 1000 });
  } catch (err) {
    throw yamlError(file, err);
  }
  const keyLines = locateYamlKeys(events, text, select, maxDepth);
  let documents: unknown[];
  try {
    documents = constructFromEvents(events, { source: text, filename: file });
  } catch (err) {
    throw yamlError(file, err);
  }
  events = undefined;
  return {
    value: documents[documents.length - 1],
    keyLine: (p) => keyLines.get(p.slice(0, -1).join(PATH_SEPARATOR))?.get(p[p.length - 1] ?? ""),
  };
}

function yamlError(file: string, err: unknown): InputError {
  const mark = (err as { mark?: { line: number; column: number } }).mark;
  const reason = (err as { reason?: string }).reason ?? (err instanceof Error ? err.message : String(err));
  return new InputError(`not valid YAML (${reason}); the file is corrupt or truncated`, {
    location: mark ? { file, line: mark.line + 1, column: mark.column + 1 } : { file },
    hint: "regenerate the lockfile with its package manager (or resolve the merge conflict in it)",
    cause: err,
  });
}

const FRAME_DOC = 0;
const FRAME_MAP = 1;
const FRAME_SEQ = 2;

/**
 * Lines of the selected keys of the last document, by joined parent path, then key. The open
 * collections are kept as parallel arrays (kind, expecting a key, pending key, whether it added a path
 * segment) rather than an object per mapping.
 */
function locateYamlKeys(
  events: readonly YamlEvent[],
  text: string,
  select: KeySelector,
  maxDepth: number,
): Map<string, Map<string, number>> {
  const lines = lineIndex(text);
  let keyLines = new Map<string, Map<string, number>>();
  const kinds: number[] = [];
  const expectKey: boolean[] = [];
  const pendingKey: string[] = [];
  const pushed: boolean[] = [];
  const path: string[] = [];
  let parentLines: Map<string, number> | undefined;
  const openValue = (kind: number) => {
    const top = kinds.length - 1;
    let added = false;
    if (top >= 0 && kinds[top] !== FRAME_DOC) {
      path.push(kinds[top] === FRAME_MAP ? (pendingKey[top] ?? "") : "[]");
      added = true;
      if (kinds[top] === FRAME_MAP) expectKey[top] = true;
    }
    kinds.push(kind);
    expectKey.push(true);
    pendingKey.push("");
    pushed.push(added);
    if (added) parentLines = undefined;
  };
  for (const ev of events) {
    switch (ev.type) {
      case EVENT_ID.DOCUMENT:
        keyLines = new Map();
        parentLines = undefined;
        kinds.push(FRAME_DOC);
        expectKey.push(false);
        pendingKey.push("");
        pushed.push(false);
        break;
      case EVENT_ID.MAPPING:
        openValue(FRAME_MAP);
        break;
      case EVENT_ID.SEQUENCE:
        openValue(FRAME_SEQ);
        break;
      case EVENT_ID.SCALAR:
      case EVENT_ID.ALIAS: {
        const top = kinds.length - 1;
        if (kinds[top] !== FRAME_MAP) break;
        if (!expectKey[top]) {
          expectKey[top] = true;
          break;
        }
        expectKey[top] = false;
        if (ev.type !== EVENT_ID.SCALAR || path.length >= maxDepth) {
          pendingKey[top] = "";
          break;
        }
        const key = getScalarValue(text, ev);
        pendingKey[top] = key;
        if (!select(path, key)) break;
        if (parentLines === undefined) {
          const parentKey = path.join(PATH_SEPARATOR);
          const existing = keyLines.get(parentKey);
          parentLines = existing ?? new Map<string, number>();
          if (existing === undefined) keyLines.set(parentKey, parentLines);
        }
        parentLines.set(key, lines.line(ev.valueStart));
        break;
      }
      case EVENT_ID.POP: {
        kinds.pop();
        expectKey.pop();
        pendingKey.pop();
        if (pushed.pop() === true) {
          path.pop();
          parentLines = undefined;
        }
        break;
      }
    }
  }
  return keyLines;
}

/**
 * InputError for a dependency the lockfile itself declares (importers, workspaces, the root entry) but
 * has no entry for: the file was cut short or edited by hand, and scanning it would miss packages.
 */
export function danglingError(file: string, name: string, declaredBy: string, installCommand: string): InputError {
  return new InputError(
    `${declaredBy} declares "${name}", but the lockfile has no entry for it; the file is truncated or out of date`,
    { location: { file }, hint: `run \`${installCommand}\` to regenerate the lockfile` },
  );
}

/** The manifest sections whose dependencies a lockfile always installs (peers may be left to the user). */
export const INSTALLED_SECTIONS = ["dependencies", "optionalDependencies", "devDependencies"] as const;
