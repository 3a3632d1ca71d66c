import { parseSyml } from "@yarnpkg/parsers";
import { InputError } from "../../../errors.js";
import { lineAt } from "../../../text/line-index.js";
import type {
  DependencyGroup,
  Manager,
  ManagerContext,
  ParsedLockfile,
  ScannedPackage,
  SkippedEntry,
} from "../../types.js";
import { isRecord, propagateGroups, type RootDependency } from "../common.js";
import {
  danglingError,
  invalidVersionReason,
  manifestDependencies,
  nonRegistryReason,
  readManifest,
  shapeError,
  splitNameAt,
  stringMap,
  unsupportedVersionError,
} from "../js-common.js";

/**
 * `v1` is classic's header; the numbers are berry's `__metadata.version` (yarn 2: 4–5, 3: 6, 4: 8, later
 * 4.x releases: 10, as in the lockfiles of jest and prettier; 9 is read the same way). The entry format did
 * not change between them for what patch-check reads (resolution, version, dependencies).
 */
const SUPPORTED = ["v1", "4", "5", "6", "7", "8", "9", "10"] as const;
const BERRY_VERSIONS = new Set(["4", "5", "6", "7", "8", "9", "10"]);

/** The header yarn classic writes; the same test @yarnpkg/parsers uses to pick its classic parser. */
const CLASSIC_HEADER = /^(#.*\r?\n)*?#\s+yarn\s+lockfile\s+v1\r?\n/i;
const ANY_CLASSIC_HEADER = /^(#.*\r?\n)*?#\s+yarn\s+lockfile\s+(\S+)/i;

/**
 * yarn.lock, classic (v1) and berry (yarn 2+, `__metadata.version` 4–10). Workspaces (berry `@workspace:`
 * resolutions) and local packages (`file:`, `link:`, `portal:`) are listed as skipped, as are git and
 * tarball-URL packages; aliases (`alias@npm:real@^1`) and `patch:` resolutions report the real package.
 * Reads package.json beside the lockfile (and each berry workspace's) to tell dev from prod.
 * Throws InputError for a corrupt file, an unknown version or a wrong shape.
 */
export const yarnManager: Manager = {
  id: "yarn",
  ecosystem: "npm",
  fileNames: ["yarn.lock"],
  supportedVersions: SUPPORTED,
  parse: parseYarnLockfile,
};

interface Block {
  descriptors: string[];
  fields: Record<string, unknown>;
  line: number | undefined;
}

/** What one lockfile entry is: a registry package, or something listed as skipped. */
type Target =
  | { kind: "package"; name: string; version: string; locator: string }
  | { kind: "workspace"; name: string; path: string }
  | { kind: "skip"; name: string; reason: string };

/**
 * Parses one yarn.lock. Reads `package.json` through `context` (and, for berry, each workspace's
 * `<path>/package.json`). Throws InputError (see yarnManager).
 */
export async function parseYarnLockfile(file: string, text: string, context: ManagerContext): Promise<ParsedLockfile> {
  const classic = CLASSIC_HEADER.test(text);
  const otherHeader = ANY_CLASSIC_HEADER.exec(text);
  if (!classic && otherHeader !== null) {
    throw unsupportedVersionError(
      file,
      "yarn lockfile header version",
      otherHeader[2],
      SUPPORTED,
      lineAt(text, otherHeader[0].length),
    );
  }
  const data = parse(file, text);
  let formatVersion = "v1";
  if (!classic) {
    const metadata = data.__metadata;
    if (!isRecord(metadata)) {
      throw new InputError("neither the `# yarn lockfile v1` header of yarn classic nor the `__metadata` of yarn 2+", {
        location: { file, line: 1 },
        hint: "this does not look like a yarn.lock; regenerate it with `yarn install`",
      });
    }
    formatVersion = String(metadata.version);
    if (!BERRY_VERSIONS.has(formatVersion)) {
      throw unsupportedVersionError(
        file,
        "__metadata.version",
        metadata.version,
        SUPPORTED,
        headerLines(text).get("__metadata"),
      );
    }
  }
  const blocks = toBlocks(file, text, data, classic);
  const result = classic ? await readClassic(file, blocks, context) : await readBerry(file, blocks, context);
  return { file, manager: "yarn", formatVersion, ...result };
}

function parse(file: string, text: string): Record<string, unknown> {
  try {
    const value: unknown = parseSyml(text);
    if (!isRecord(value)) throw shapeError(file, "(top level)", "a mapping of entries", 1);
    return value;
  } catch (err) {
    if (err instanceof InputError) throw err;
    // The classic grammar reports a 1-based `location`, the YAML path (berry) a 0-based `mark`.
    const e = err as {
      location?: { start: { line: number; column: number } };
      mark?: { line: number; column: number };
    };
    const at = e.location
      ? e.location.start
      : e.mark
        ? { line: e.mark.line + 1, column: e.mark.column + 1 }
        : undefined;
    const message = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new InputError(`not a valid yarn.lock (${message}); the file is corrupt or truncated`, {
      location: at ? { file, line: at.line, column: at.column } : { file },
      hint: "regenerate the lockfile with `yarn install` (or resolve the merge conflict in it)",
      cause: err,
    });
  }
}

/**
 * Line of each entry header. syml (@yarnpkg/parsers) returns no positions, so this is a small search:
 * every unindented, non-comment line ending in `:` is an entry header, `"a@^1", a@^2:` (classic) or
 * `"a@npm:^1, a@npm:^2":` (berry); each descriptor on it maps to its line.
 */
function headerLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    lineNo++;
    const first = text.charCodeAt(start);
    // 32 space, 9 tab, 35 '#', 10 '\n', 13 '\r'
    if (first !== 32 && first !== 9 && first !== 35 && first !== 10 && first !== 13 && end > start) {
      const line = text.slice(start, end).trimEnd();
      if (line.endsWith(":"))
        for (const d of splitDescriptors(line.slice(0, -1))) if (!lines.has(d)) lines.set(d, lineNo);
    }
    start = end + 1;
  }
  return lines;
}

/** `"a@^1", a@^2` or `"a@npm:^1, a@npm:^2"` → `["a@^1", "a@^2"]` (yarn itself splits keys on commas). */
function splitDescriptors(header: string): string[] {
  return header
    .split(/\s*,\s*/)
    .map((d) => d.replace(/^"|"$/g, "").trim())
    .filter((d) => d !== "");
}

function toBlocks(file: string, text: string, data: Record<string, unknown>, classic: boolean): Block[] {
  const lines = headerLines(text);
  const blocks: Block[] = [];
  const seen = new Map<unknown, Block>();
  for (const [key, fields] of Object.entries(data)) {
    if (key === "__metadata") continue;
    const descriptors = splitDescriptors(key);
    const line = lines.get(descriptors[0] ?? key);
    if (!isRecord(fields)) throw shapeError(file, JSON.stringify(key), "a mapping of fields", line);
    // Classic's parser gives each descriptor of one header its own key, all pointing at one object.
    const same = classic ? seen.get(fields) : undefined;
    if (same !== undefined) {
      same.descriptors.push(...descriptors);
      continue;
    }
    const block: Block = { descriptors, fields, line };
    seen.set(fields, block);
    blocks.push(block);
  }
  return blocks;
}

/** A protocol-qualified reference without berry's `::locator=…`/`#…` bookkeeping, for messages. */
function shortRef(ref: string): string {
  return ref.replace(/::.*$/, "");
}

/** A berry resolution (`name@npm:1.2.3`, `name@patch:name@npm%3A1.2.3#…`, `name@workspace:.`). */
function berryTargetOf(resolution: string, version: unknown): Target {
  const split = splitNameAt(resolution);
  if (split === undefined) return { kind: "skip", name: resolution, reason: `unrecognised resolution (${resolution})` };
  const { name, rest } = split;
  if (rest.startsWith("workspace:")) return { kind: "workspace", name, path: rest.slice("workspace:".length) };
  if (rest.startsWith("patch:")) {
    // The patched package is the one inside: `patch:<url-encoded locator>#<patch file>`.
    const inner = decodeURIComponent(rest.slice("patch:".length).split("#")[0] ?? "");
    // Its id is the unpatched locator, so the patched entry and the original one are one package.
    const target = berryTargetOf(inner, version);
    return target.kind === "workspace"
      ? { kind: "skip", name, reason: `patched workspace package (${inner})` }
      : target;
  }
  if (rest.startsWith("npm:")) {
    const v = typeof version === "string" ? version : rest.slice(4);
    const invalid = invalidVersionReason(v);
    return invalid === undefined
      ? { kind: "package", name, version: v, locator: resolution }
      : { kind: "skip", name, reason: invalid };
  }
  return { kind: "skip", name, reason: nonRegistryReason(rest) ?? `not a registry package (${shortRef(rest)})` };
}

/** A classic entry from its first descriptor (`name@range`, alias `alias@npm:real@range`) and version. */
function classicTarget(descriptor: string, fields: Record<string, unknown>): Target {
  const split = splitNameAt(descriptor);
  if (split === undefined) return { kind: "skip", name: descriptor, reason: `unrecognised entry (${descriptor})` };
  let { name, rest: range } = split;
  if (range.startsWith("npm:")) {
    const real = splitNameAt(range.slice(4));
    if (real !== undefined) ({ name, rest: range } = real);
    else range = range.slice(4);
  }
  const version = typeof fields.version === "string" ? fields.version : "";
  const reason =
    nonRegistryReason(range) ?? (version === "" ? "the entry has no version" : invalidVersionReason(version));
  return reason === undefined
    ? { kind: "package", name, version, locator: `${name}@${version}` }
    : { kind: "skip", name, reason };
}

interface Graph {
  packages: ScannedPackage[];
  skipped: SkippedEntry[];
  /** Descriptor → id of the scanned package it resolved to. */
  byDescriptor: Map<string, string>;
}

/** Packages are keyed by locator: classic `name@version` (blocks of one version merge), berry the resolution. */
function buildGraph(file: string, blocks: Block[], targets: Target[]): Graph {
  const packages = new Map<string, ScannedPackage>();
  const skipped: SkippedEntry[] = [];
  const byDescriptor = new Map<string, string>();
  const pending: Array<[ScannedPackage, Block]> = [];
  blocks.forEach((block, i) => {
    const target = targets[i] as Target;
    const at = block.line === undefined ? {} : { line: block.line };
    if (target.kind === "workspace") {
      const reason = target.path === "." ? "workspace root (the project itself)" : `workspace package (${target.path})`;
      skipped.push({ file, ...at, name: target.name, reason });
      return;
    }
    if (target.kind === "skip") {
      skipped.push({ file, ...at, name: target.name, reason: target.reason });
      return;
    }
    const id = target.locator;
    for (const d of block.descriptors) byDescriptor.set(d, id);
    let pkg = packages.get(id);
    if (pkg === undefined) {
      pkg = {
        ecosystem: "npm",
        name: target.name,
        version: target.version,
        id,
        group: "unknown",
        direct: false,
        file,
        ...at,
        dependencies: [],
      };
      packages.set(id, pkg);
    }
    pending.push([pkg, block]);
  });
  for (const [pkg, block] of pending) {
    for (const d of dependencyDescriptors(block.fields)) {
      const child = byDescriptor.get(d) ?? byDescriptor.get(withNpmProtocol(d));
      if (child !== undefined && child !== pkg.id && !pkg.dependencies.includes(child)) pkg.dependencies.push(child);
    }
  }
  return { packages: [...packages.values()], skipped, byDescriptor };
}

/** `name@range` descriptors of an entry's dependencies and optionalDependencies. */
function dependencyDescriptors(fields: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const section of ["dependencies", "optionalDependencies"]) {
    for (const [name, range] of Object.entries(stringMap(fields[section]))) out.push(`${name}@${range}`);
  }
  return out;
}

/** Berry stores `name@npm:^1`; a manifest range `^1` means the same. */
function withNpmProtocol(descriptor: string): string {
  const split = splitNameAt(descriptor);
  if (split === undefined || /^[a-z]+:/.test(split.rest)) return descriptor;
  return `${split.name}@npm:${split.rest}`;
}

/**
 * Marks direct dependencies and propagates groups from `roots`. Entries nothing depends on and no root
 * reaches (yarn classic workspace packages' dependencies, which only their own package.json declares)
 * are counted as direct, of unknown group.
 */
function finish(graph: Graph, roots: RootDependency[]): Pick<ParsedLockfile, "packages" | "skipped"> {
  const incoming = new Set<string>();
  for (const p of graph.packages) for (const d of p.dependencies) incoming.add(d);
  const rootIds = new Set(roots.map((r) => r.id));
  propagateGroups(graph.packages, roots, "unknown");
  const reached = new Set(graph.packages.filter((p) => p.group !== "unknown").map((p) => p.id));
  for (const p of graph.packages) {
    p.direct = rootIds.has(p.id) || (!incoming.has(p.id) && !reached.has(p.id));
  }
  return { packages: graph.packages, skipped: graph.skipped };
}

async function readClassic(
  file: string,
  blocks: Block[],
  context: ManagerContext,
): Promise<Pick<ParsedLockfile, "packages" | "skipped">> {
  const targets = blocks.map((b) => classicTarget(b.descriptors[0] ?? "", b.fields));
  // Classic may keep one name@version in several blocks (one per range); they are one package.
  const graph = buildGraph(file, blocks, targets);
  const manifest = await readManifest(file, "package.json", (n) => context.readSibling(n));
  const roots: RootDependency[] = [];
  for (const [name, { range, group }] of manifestDependencies(manifest)) {
    const id = graph.byDescriptor.get(`${name}@${range}`);
    if (id !== undefined) roots.push({ id, group });
  }
  return finish(graph, roots);
}

async function readBerry(
  file: string,
  blocks: Block[],
  context: ManagerContext,
): Promise<Pick<ParsedLockfile, "packages" | "skipped">> {
  const targets = blocks.map((b) => {
    const resolution = b.fields.resolution;
    if (typeof resolution !== "string") {
      return { kind: "skip", name: b.descriptors[0] ?? "?", reason: "the entry has no resolution" } as Target;
    }
    return berryTargetOf(resolution, b.fields.version);
  });
  const graph = buildGraph(file, blocks, targets);
  // Keys of relative descriptors (portal:, link:, file:) carry the `::locator=` of the workspace they bind to.
  const known = new Set(blocks.flatMap((b) => b.descriptors.map(shortRef)));
  const roots: RootDependency[] = [];
  // The root manifest's `resolutions` replace a dependency's range everywhere (`"@types/node": "18.x"`): the
  // lockfile then keys the package by the resolution, not by the range the workspace declares.
  const manifests = new Map<string, Promise<Record<string, unknown> | undefined>>();
  const manifestAt = (path: string): Promise<Record<string, unknown> | undefined> => {
    let m = manifests.get(path);
    if (!m) {
      m = readManifest(file, path, (n) => context.readSibling(n));
      manifests.set(path, m);
    }
    return m;
  };
  const rootManifest = await manifestAt("package.json");
  const resolutions = stringMap((rootManifest as { resolutions?: unknown } | undefined)?.resolutions);
  const resolved = (name: string): string | undefined => resolutions[name] ?? resolutions[`**/${name}`];
  for (const [i, block] of blocks.entries()) {
    const target = targets[i] as Target;
    if (target.kind !== "workspace") continue;
    // Berry lists a workspace's dev dependencies among its `dependencies`: its package.json tells which.
    const manifestPath = target.path === "." ? "package.json" : `${target.path}/package.json`;
    const manifest = await manifestAt(manifestPath);
    const declared = manifestDependencies(manifest);
    for (const [name, declaredRange] of Object.entries(stringMap(block.fields.dependencies))) {
      const override = resolved(name);
      const range =
        override !== undefined &&
        !known.has(`${name}@${declaredRange}`) &&
        !known.has(withNpmProtocol(`${name}@${declaredRange}`))
          ? override
          : declaredRange;
      const descriptor = `${name}@${range}`;
      if (!known.has(descriptor) && !known.has(withNpmProtocol(descriptor))) {
        throw danglingError(file, descriptor, `the workspace ${JSON.stringify(target.path)}`, "yarn install");
      }
      const id = graph.byDescriptor.get(descriptor) ?? graph.byDescriptor.get(withNpmProtocol(descriptor));
      if (id === undefined) continue;
      const group: DependencyGroup = declared.get(name)?.group ?? "unknown";
      roots.push({ id, group });
    }
  }
  return finish(graph, roots);
}
