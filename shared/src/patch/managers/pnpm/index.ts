import type { DependencyGroup, Manager, ParsedLockfile, ScannedPackage, SkippedEntry } from "../../types.js";
import { isRecord, propagateGroups, type RootDependency, strongerGroup } from "../common.js";
import {
  addSkipped,
  danglingError,
  invalidVersionReason,
  type LocatedYaml,
  nonRegistryReason,
  parseLocatedYaml,
  shapeError,
  splitNameAt,
  unsupportedVersionError,
} from "../js-common.js";

/** lockfileVersion values written by pnpm 5–7 (5.x), pnpm 8 (6.x) and pnpm 9–10 (9.0). */
const SUPPORTED = ["5.0", "5.1", "5.2", "5.3", "5.4", "6.0", "6.1", "9.0"] as const;

type Layout = "v5" | "v6" | "v9";

const IMPORTER_SECTIONS: ReadonlyArray<readonly [section: string, group: DependencyGroup]> = [
  ["dependencies", "prod"],
  ["optionalDependencies", "optional"],
  ["devDependencies", "dev"],
];

/**
 * pnpm-lock.yaml, lockfileVersion 5.x, 6.x and 9.0. One package per `name@version` (peer-dependency
 * variants of the same version are merged, their peer suffixes stripped); keys that are not registry
 * packages (`file:`, `link:`, git, tarball URLs) and importer `link:` dependencies are listed as skipped.
 * Throws InputError for invalid YAML, an unknown lockfileVersion or a wrong shape.
 */
export const pnpmManager: Manager = {
  id: "pnpm",
  ecosystem: "npm",
  fileNames: ["pnpm-lock.yaml"],
  supportedVersions: SUPPORTED,
  parse: async (file, text) => parsePnpmLockfile(file, text),
};

/** Only top-level keys and the entries of the top-level mappings are located; deeper ones are never reported. */
function isLocatedKey(parents: readonly string[]): boolean {
  return parents.length === 0 || parents[0] === "packages" || parents[0] === "snapshots" || parents[0] === "importers";
}

/** The version as pnpm wrote it: `5.4` is a YAML number, `'6.0'` a string; `9` would mean `9.0`. */
function normalizeVersion(raw: unknown): string | undefined {
  if (typeof raw === "number") return Number.isInteger(raw) ? `${raw}.0` : String(raw);
  return typeof raw === "string" ? raw : undefined;
}

/**
 * Parses one pnpm-lock.yaml (the manager's `parse`; pnpm lockfiles need no sibling file). Throws
 * InputError (see pnpmManager).
 */
export function parsePnpmLockfile(file: string, text: string): ParsedLockfile {
  const doc = parseLocatedYaml(file, text, isLocatedKey);
  if (!isRecord(doc.value)) {
    throw shapeError(file, "(top level)", "a mapping with lockfileVersion, importers and packages", 1);
  }
  const root = doc.value;
  const version = normalizeVersion(root.lockfileVersion);
  const versionLine = doc.keyLine(["lockfileVersion"]);
  if (version === undefined || !(SUPPORTED as readonly string[]).includes(version)) {
    throw unsupportedVersionError(file, "lockfileVersion", root.lockfileVersion, SUPPORTED, versionLine);
  }
  const layout: Layout = version.startsWith("5.") ? "v5" : version.startsWith("6.") ? "v6" : "v9";
  return { file, manager: "pnpm", formatVersion: version, ...readLockfile(file, doc, root, layout) };
}

function section(file: string, doc: LocatedYaml, root: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = root[key];
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw shapeError(file, key, "a mapping", doc.keyLine([key]));
  return value;
}

/** Removes a peer suffix: `(react@18.2.0)` (v6, v9) or `_react@18.2.0` (v5). */
function stripPeers(version: string): string {
  let end = version.length;
  const paren = version.indexOf("(");
  if (paren !== -1) end = paren;
  const underscore = version.indexOf("_");
  if (underscore !== -1 && underscore < end) end = underscore;
  return version.slice(0, end);
}

type KeyInfo = { kind: "registry"; name: string; version: string } | { kind: "other"; name?: string; reason: string };

/**
 * A `packages`/`snapshots` key: v5 `/name/1.0.0_peer@1`, v6 `/name@1.0.0(peer@1)`, v9 `name@1.0.0(peer@1)`.
 * v5/v6 registry keys start with `/`; anything else there (and any v9 key whose version is not semver) is
 * a git repository, tarball URL or local path.
 */
function parseKey(key: string, layout: Layout): KeyInfo {
  if (layout !== "v9" && !key.startsWith("/")) return { kind: "other", reason: otherReason(key) };
  const body = layout === "v9" ? key : key.slice(1);
  let name: string;
  let rest: string;
  if (layout === "v5") {
    const parts = body.split("/");
    const nameParts = body.startsWith("@") ? 2 : 1;
    name = parts.slice(0, nameParts).join("/");
    rest = parts.slice(nameParts).join("/");
  } else {
    const split = splitNameAt(body);
    if (split === undefined) return { kind: "other", reason: `unrecognised package key (${key})` };
    ({ name, rest } = split);
  }
  const version = stripPeers(rest);
  if (name === "" || version === "") return { kind: "other", reason: `unrecognised package key (${key})` };
  const invalid = invalidVersionReason(version);
  if (invalid !== undefined) return { kind: "other", name, reason: nonRegistryReason(version) ?? otherReason(version) };
  return { kind: "registry", name, version };
}

function otherReason(spec: string): string {
  const known = nonRegistryReason(spec);
  if (known !== undefined) return known;
  if (/github\.com|gitlab\.com|bitbucket\.org|codeload\./.test(spec)) return `git dependency (${spec})`;
  return `not a registry package (${spec})`;
}

interface Entry {
  id: string;
  name: string;
  version: string;
  line: number | undefined;
  group: DependencyGroup | undefined;
  deps: Set<string>;
}

/** The id a dependency reference points at: `1.2.3(peer)`, an alias `/real@1.2.3` (v6), `real@1.2.3` (v9). */
function referenceId(name: string, ref: string, layout: Layout): string | undefined {
  if (/^(link:|file:)/.test(ref)) return undefined;
  if (ref.startsWith("/")) {
    const info = parseKey(ref, layout === "v9" ? "v6" : layout);
    return info.kind === "registry" ? `${info.name}@${info.version}` : undefined;
  }
  if (/^\d/.test(ref)) return `${name}@${stripPeers(ref)}`;
  const info = parseKey(ref, "v9");
  return info.kind === "registry" ? `${info.name}@${info.version}` : undefined;
}

function readLockfile(
  file: string,
  doc: LocatedYaml,
  root: Record<string, unknown>,
  layout: Layout,
): Pick<ParsedLockfile, "packages" | "skipped"> {
  const packagesSection = section(file, doc, root, "packages");
  const snapshots = layout === "v9" ? section(file, doc, root, "snapshots") : {};
  const skipped: SkippedEntry[] = [];
  const entries = new Map<string, Entry>();
  const keyToId = new Map<string, string>();

  for (const [key, value] of Object.entries(packagesSection)) {
    const line = doc.keyLine(["packages", key]);
    if (!isRecord(value)) throw shapeError(file, `packages[${JSON.stringify(key)}]`, "a mapping", line);
    const info = parseKey(key, layout);
    if (info.kind === "other") {
      const name = typeof value.name === "string" ? value.name : (info.name ?? key);
      skipped.push({ file, ...(line === undefined ? {} : { line }), name, reason: info.reason });
      continue;
    }
    const id = `${info.name}@${info.version}`;
    keyToId.set(key, id);
    // pnpm 5/6 flag each entry: `dev: true` only in the dev tree, `dev: false` only in prod, neither: both.
    const group: DependencyGroup | undefined =
      layout === "v9" ? undefined : value.dev === true ? "dev" : value.optional === true ? "optional" : "prod";
    const existing = entries.get(id);
    if (existing !== undefined) {
      if (group !== undefined) existing.group = existing.group ? strongerGroup(existing.group, group) : group;
      if (line !== undefined && (existing.line === undefined || line < existing.line)) existing.line = line;
    } else {
      entries.set(id, { id, name: info.name, version: info.version, line, group, deps: new Set() });
    }
    if (layout !== "v9") addDependencies(entries.get(id) as Entry, value, layout);
  }

  for (const [key, value] of Object.entries(snapshots)) {
    if (!isRecord(value)) {
      throw shapeError(file, `snapshots[${JSON.stringify(key)}]`, "a mapping", doc.keyLine(["snapshots", key]));
    }
    const info = parseKey(key, "v9");
    if (info.kind !== "registry") continue;
    const entry = entries.get(`${info.name}@${info.version}`);
    if (entry !== undefined) addDependencies(entry, value, layout);
  }

  if (layout === "v9" && entries.size > 0 && Object.keys(snapshots).length === 0) {
    throw shapeError(
      file,
      "snapshots",
      "present when `packages` is (lockfileVersion 9.0); the file is truncated",
      doc.keyLine(["packages"]),
    );
  }
  const roots = readImporters(file, doc, root, layout, skipped, (id) => entries.has(id));
  const packages: ScannedPackage[] = [];
  const direct = new Set(roots.map((r) => r.id));
  for (const e of entries.values()) {
    packages.push({
      ecosystem: "npm",
      name: e.name,
      version: e.version,
      id: e.id,
      group: e.group ?? "unknown",
      direct: direct.has(e.id),
      file,
      ...(e.line === undefined ? {} : { line: e.line }),
      dependencies: [...e.deps].filter((d) => d !== e.id && entries.has(d)),
    });
  }
  // pnpm 9 dropped the per-package dev/optional flags: the group follows from the importers.
  if (layout === "v9") propagateGroups(packages, roots, "unknown");
  return { packages, skipped };
}

function addDependencies(entry: Entry, value: Record<string, unknown>, layout: Layout): void {
  for (const key of ["dependencies", "optionalDependencies"]) {
    const map = value[key];
    if (!isRecord(map)) continue;
    for (const [name, ref] of Object.entries(map)) {
      if (typeof ref !== "string") continue;
      const id = referenceId(name, ref, layout);
      if (id !== undefined) entry.deps.add(id);
    }
  }
}

/**
 * The direct dependencies of every importer (the workspace root `.` and each workspace package);
 * pnpm 5/6 single-project lockfiles keep them at the top level. `link:` ones are listed as skipped.
 */
function readImporters(
  file: string,
  doc: LocatedYaml,
  root: Record<string, unknown>,
  layout: Layout,
  skipped: SkippedEntry[],
  has: (id: string) => boolean,
): RootDependency[] {
  const importers =
    root.importers === undefined && layout !== "v9" ? { ".": root } : section(file, doc, root, "importers");
  const roots: RootDependency[] = [];
  for (const [path, importer] of Object.entries(importers)) {
    if (!isRecord(importer))
      throw shapeError(file, `importers[${JSON.stringify(path)}]`, "a mapping", doc.keyLine(["importers", path]));
    for (const [sectionName, group] of IMPORTER_SECTIONS) {
      const deps = importer[sectionName];
      if (deps === undefined || deps === null) continue;
      if (!isRecord(deps)) throw shapeError(file, `importers[${JSON.stringify(path)}].${sectionName}`, "a mapping");
      for (const [name, spec] of Object.entries(deps)) {
        // v5 writes `name: version`, v6 and v9 `name: {specifier, version}`.
        const ref =
          typeof spec === "string"
            ? spec
            : isRecord(spec) && typeof spec.version === "string"
              ? spec.version
              : undefined;
        if (ref === undefined) continue;
        if (ref.startsWith("link:")) {
          addSkipped(skipped, { file, name, reason: `workspace package or local link (${ref}, from ${path})` });
          continue;
        }
        const id = referenceId(name, ref, layout);
        if (id === undefined) continue;
        if (!has(id))
          throw danglingError(file, name, `importers[${JSON.stringify(path)}].${sectionName}`, "pnpm install");
        roots.push({ id, group });
      }
    }
  }
  return roots;
}
