import type {
  DependencyGroup,
  Manager,
  ManagerContext,
  ParsedLockfile,
  ScannedPackage,
  SkippedEntry,
} from "../../types.js";
import { isRecord } from "../common.js";
import {
  danglingError,
  INSTALLED_SECTIONS,
  invalidVersionReason,
  type LocatedJson,
  manifestDependencies,
  nonRegistryReason,
  parseLocatedJson,
  readManifest,
  shapeError,
  splitNameAt,
  unsupportedVersionError,
} from "../js-common.js";

const SUPPORTED = ["1", "2", "3"] as const;

/** The sections of a lockfile entry whose names resolve to installed children. */
const CHILD_SECTIONS = ["dependencies", "optionalDependencies", "peerDependencies"] as const;

/**
 * package-lock.json and npm-shrinkwrap.json, lockfileVersion 1, 2 and 3. Versions 2 and 3 are read from
 * `packages` (v2's legacy `dependencies` copy is ignored); version 1 from the nested `dependencies` tree.
 * Throws InputError for corrupt JSON, an unknown lockfileVersion or a wrong shape.
 */
export const npmManager: Manager = {
  id: "npm",
  ecosystem: "npm",
  fileNames: ["package-lock.json", "npm-shrinkwrap.json"],
  supportedVersions: SUPPORTED,
  parse: parseNpmLockfile,
};

/**
 * Parses one npm lockfile. `context.readSibling("package.json")` is used only for lockfileVersion 1 (which
 * does not record the root manifest) to tell direct dependencies apart. Throws InputError (see npmManager).
 */
export async function parseNpmLockfile(file: string, text: string, context: ManagerContext): Promise<ParsedLockfile> {
  const doc = parseLocatedJson(file, text, isEntryKey);
  const version = doc.value.lockfileVersion;
  const versionLine = doc.keyLine(["lockfileVersion"]);
  if (version !== 1 && version !== 2 && version !== 3) {
    throw unsupportedVersionError(file, "lockfileVersion", version, SUPPORTED, versionLine);
  }
  const result =
    version === 1 ? await readVersion1(file, doc, context) : readPackagesSection(file, doc, versionLine ?? 1);
  return { file, manager: "npm", formatVersion: String(version), ...result };
}

/**
 * The keys whose lines matter: top-level keys, `packages.<path>` (v2/v3) and the v1 tree
 * `dependencies.<name>(.dependencies.<name>)*`.
 */
function isEntryKey(parents: readonly string[], _key: string): boolean {
  if (parents.length === 0) return true;
  if (parents.length === 1) return parents[0] === "packages" || parents[0] === "dependencies";
  if (parents.length % 2 === 0) return false;
  for (let i = 0; i < parents.length; i += 2) if (parents[i] !== "dependencies") return false;
  return true;
}

type Scan = Pick<ParsedLockfile, "packages" | "skipped">;

/** An entry of `packages` (v2/v3) or of the nested v1 tree, already keyed by its node_modules path. */
interface InstalledEntry {
  path: string;
  line: number;
  fields: Record<string, unknown>;
}

/**
 * Node's module resolution over node_modules paths: the `name` a package at `from` loads is the nearest
 * `node_modules/name` in `from` or one of its ancestor folders.
 */
function resolveFrom(from: string, name: string, exists: (path: string) => boolean): string | undefined {
  let dir = from;
  for (;;) {
    if (!dir.endsWith("node_modules")) {
      const candidate = dir === "" ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
      if (exists(candidate)) return candidate;
    }
    if (dir === "") return undefined;
    const slash = dir.lastIndexOf("/");
    dir = slash === -1 ? "" : dir.slice(0, slash);
  }
}

/** npm's flags to a group. `dev` wins over `inBundle`: a package only in the dev tree never ships. */
function groupOf(fields: Record<string, unknown>): DependencyGroup {
  const dev = fields.dev === true;
  const optional = fields.optional === true;
  // npm sets dev+optional on an optional dependency of a dev dependency, devOptional on a package that is
  // both in the dev tree and an optional dependency of a non-dev one (so optional is its strongest use).
  if (dev) return "dev";
  if (fields.devOptional === true) return "optional";
  if (fields.inBundle === true || fields.bundled === true) return "bundled";
  if (optional) return "optional";
  if (fields.peer === true) return "peer";
  return "prod";
}

function isInstalledPath(path: string): boolean {
  return path.startsWith("node_modules/") || path.includes("/node_modules/");
}

function nameFromPath(path: string): string {
  return path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
}

function childNames(fields: Record<string, unknown>, sections: readonly string[]): string[] {
  const names: string[] = [];
  for (const section of sections) {
    const map = fields[section];
    if (!isRecord(map)) continue;
    for (const name in map) if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** Registry-ness of an installed entry from `resolved` (and `version` for v1, which stores URLs there). */
function skipReason(fields: Record<string, unknown>, version: string): string | undefined {
  const resolved = typeof fields.resolved === "string" ? fields.resolved : "";
  if (resolved.startsWith("file:")) return `local path dependency (${resolved})`;
  if (/^(git\+|git:|github:|gitlab:|bitbucket:)/.test(resolved)) return `git dependency (${resolved})`;
  return nonRegistryReason(version) ?? invalidVersionReason(version);
}

function readPackagesSection(file: string, doc: LocatedJson, versionLine: number): Scan {
  const section = doc.value.packages;
  if (section === undefined) {
    throw shapeError(
      file,
      "packages",
      "present in lockfileVersion 2 and 3 (an object of installed packages)",
      versionLine,
    );
  }
  if (!isRecord(section)) {
    throw shapeError(file, "packages", "an object of installed packages", doc.keyLine(["packages"]));
  }
  const entries = new Map<string, InstalledEntry>();
  for (const [path, fields] of Object.entries(section)) {
    const line = doc.keyLine(["packages", path]) ?? 1;
    if (!isRecord(fields)) throw shapeError(file, `packages[${JSON.stringify(path)}]`, "an object", line);
    entries.set(path, { path, line, fields });
  }

  const packages: ScannedPackage[] = [];
  const skipped: SkippedEntry[] = [];
  const scanned = new Set<string>();
  const exists = (path: string) => entries.has(path);
  const projects: InstalledEntry[] = [];
  for (const entry of entries.values()) {
    const { path, fields, line } = entry;
    if (path === "") {
      projects.push(entry);
      continue;
    }
    if (!isInstalledPath(path)) {
      // A folder of the repository (workspace package or `file:` dependency): the project's own code.
      projects.push(entry);
      skipped.push({
        file,
        line,
        name: typeof fields.name === "string" ? fields.name : path,
        reason: `workspace or local package folder (${path})`,
      });
      continue;
    }
    const installedAs = nameFromPath(path);
    if (fields.link === true) {
      const target = typeof fields.resolved === "string" ? fields.resolved : "?";
      skipped.push({ file, line, name: installedAs, reason: `link to a workspace or local folder (${target})` });
      continue;
    }
    // An alias (`"x": "npm:real@^1"`) is installed under the alias and records the real name in `name`.
    const name = typeof fields.name === "string" && fields.name !== "" ? fields.name : installedAs;
    if (typeof fields.version !== "string" || fields.version === "") {
      skipped.push({ file, line, name, reason: "the entry has no version (not installed)" });
      continue;
    }
    const reason = skipReason(fields, fields.version);
    if (reason !== undefined) {
      skipped.push({ file, line, name, reason });
      continue;
    }
    scanned.add(path);
    packages.push({
      ecosystem: "npm",
      name,
      version: fields.version,
      id: path,
      group: groupOf(fields),
      direct: false,
      file,
      line,
      dependencies: childNames(fields, CHILD_SECTIONS).flatMap((child) => {
        const target = resolveFrom(path, child, exists);
        return target !== undefined && target !== path ? [target] : [];
      }),
    });
  }

  for (const p of packages) p.dependencies = p.dependencies.filter((d) => scanned.has(d));
  const direct = new Set<string>();
  for (const project of projects) {
    for (const name of manifestDependencies(project.fields).keys()) {
      const target = resolveFrom(project.path, name, exists);
      if (target !== undefined) direct.add(target);
      else if (INSTALLED_SECTIONS.some((s) => isRecord(project.fields[s]) && name in project.fields[s])) {
        throw danglingError(file, name, `packages[${JSON.stringify(project.path)}]`, "npm install");
      }
    }
  }
  for (const p of packages) p.direct = direct.has(p.id);
  return { packages, skipped };
}

/** lockfileVersion 1: `dependencies` nested by install location, children named in `requires`. */
async function readVersion1(file: string, doc: LocatedJson, context: ManagerContext): Promise<Scan> {
  const top = doc.value.dependencies;
  if (top !== undefined && !isRecord(top)) {
    throw shapeError(file, "dependencies", "an object of installed packages", doc.keyLine(["dependencies"]));
  }
  const entries = new Map<string, InstalledEntry>();
  const walk = (tree: Record<string, unknown>, parent: string, keyPath: string[]) => {
    for (const [name, fields] of Object.entries(tree)) {
      const here = [...keyPath, name];
      const line = doc.keyLine(here) ?? 1;
      const where = here.map((k, i) => (i === 0 ? k : i % 2 === 1 ? `[${JSON.stringify(k)}]` : `.${k}`)).join("");
      if (!isRecord(fields)) throw shapeError(file, where, "an object", line);
      const path = parent === "" ? `node_modules/${name}` : `${parent}/node_modules/${name}`;
      entries.set(path, { path, line, fields });
      const nested = fields.dependencies;
      if (nested === undefined) continue;
      if (!isRecord(nested)) throw shapeError(file, `${where}.dependencies`, "an object", line);
      walk(nested, path, [...here, "dependencies"]);
    }
  };
  if (top !== undefined) walk(top, "", ["dependencies"]);

  const packages: ScannedPackage[] = [];
  const skipped: SkippedEntry[] = [];
  const exists = (path: string) => entries.has(path);
  const required = new Set<string>();
  for (const { path, line, fields } of entries.values()) {
    const installedAs = nameFromPath(path);
    const children = childNames(fields, ["requires"]).flatMap((child) => {
      const target = resolveFrom(path, child, exists);
      return target !== undefined && target !== path ? [target] : [];
    });
    for (const c of children) required.add(c);
    let name = installedAs;
    let version = typeof fields.version === "string" ? fields.version : "";
    // v1 stores an alias as `"version": "npm:real@1.2.3"`.
    if (version.startsWith("npm:")) {
      const real = splitNameAt(version.slice(4));
      if (real !== undefined) {
        name = real.name;
        version = real.rest;
      }
    }
    if (version === "") {
      skipped.push({ file, line, name, reason: "the entry has no version (not installed)" });
      continue;
    }
    const reason = skipReason(fields, version);
    if (reason !== undefined) {
      skipped.push({ file, line, name, reason });
      continue;
    }
    packages.push({
      ecosystem: "npm",
      name,
      version,
      id: path,
      group: groupOf(fields),
      direct: false,
      file,
      line,
      dependencies: children,
    });
  }
  const scanned = new Set(packages.map((p) => p.id));
  for (const p of packages) p.dependencies = p.dependencies.filter((d) => scanned.has(d));

  // v1 does not record the root manifest: read package.json beside the lockfile; without it, a top-level
  // entry nothing else requires can only be there because the project asked for it.
  const manifest = await readManifest(file, "package.json", (n) => context.readSibling(n));
  if (manifest !== undefined) {
    const direct = new Set<string>();
    for (const name of manifestDependencies(manifest).keys()) {
      const target = resolveFrom("", name, exists);
      if (target !== undefined) direct.add(target);
    }
    for (const p of packages) p.direct = direct.has(p.id);
  } else {
    for (const p of packages) p.direct = !p.id.includes("/node_modules/") && !required.has(p.id);
  }
  return { packages, skipped };
}
