import type { Manager, ParsedLockfile, ScannedPackage, SkippedEntry } from "../../types.js";
import { isRecord, propagateGroups, type RootDependency } from "../common.js";
import {
  danglingError,
  INSTALLED_SECTIONS,
  invalidVersionReason,
  MANIFEST_SECTIONS,
  nonRegistryReason,
  parseLocatedJson,
  shapeError,
  splitNameAt,
  unsupportedVersionError,
} from "../js-common.js";

/** Bun 1.2–1.3 write 0 and 1; Bun 1.4 writes 2 for new files (same layout, stricter checks in Bun). */
const SUPPORTED = ["0", "1", "2"] as const;

/**
 * bun.lock, the text (JSONC) lockfile of Bun ≥ 1.2, lockfileVersion 0–2. The binary bun.lockb is not
 * read. Workspace, root, `file:`/`link:`, git and tarball-URL entries are listed as skipped; an alias key
 * reports the real package of its `name@version`. Groups come from the `workspaces` section, propagated
 * through `packages`. Throws InputError for corrupt JSONC, an unknown lockfileVersion or a wrong shape.
 */
export const bunManager: Manager = {
  id: "bun",
  ecosystem: "npm",
  fileNames: ["bun.lock"],
  supportedVersions: SUPPORTED,
  parse: async (file, text) => parseBunLockfile(file, text),
};

function isLocatedKey(parents: readonly string[]): boolean {
  return parents.length === 0 || (parents.length === 1 && (parents[0] === "packages" || parents[0] === "workspaces"));
}

/**
 * `foo/@scope/bar` → `["foo", "@scope/bar"]`: a packages key is the path of names it is installed under
 * (`parent/child` when a child is nested because its version differs from the hoisted one).
 */
function keyNames(key: string): string[] {
  const parts = key.split("/");
  const names: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (part.startsWith("@") && i + 1 < parts.length) {
      names.push(`${part}/${parts[i + 1]}`);
      i++;
    } else {
      names.push(part);
    }
  }
  return names;
}

/** The key a dependency `name` of the package at `from` resolves to: nearest nested, then up to the top. */
function resolveFrom(from: string[], name: string, exists: (key: string) => boolean): string | undefined {
  for (let depth = from.length; depth > 0; depth--) {
    const candidate = `${from.slice(0, depth).join("/")}/${name}`;
    if (exists(candidate)) return candidate;
  }
  return exists(name) ? name : undefined;
}

/** The info object of a packages tuple: index 2 for npm (`[ident, registry, info, integrity]`), else 1. */
function infoOf(tuple: unknown[]): Record<string, unknown> {
  const second = tuple[1];
  if (typeof second === "string") return isRecord(tuple[2]) ? tuple[2] : {};
  return isRecord(second) ? second : {};
}

function referenceReason(ref: string): string | undefined {
  if (ref.startsWith("workspace:")) return `workspace package (${ref})`;
  if (ref.startsWith("root:")) return "workspace root (the project itself)";
  return nonRegistryReason(ref) ?? invalidVersionReason(ref);
}

/** Parses one bun.lock (the manager's `parse`). Throws InputError (see bunManager). */
export function parseBunLockfile(file: string, text: string): ParsedLockfile {
  const doc = parseLocatedJson(file, text, isLocatedKey, { jsonc: true });
  const root = doc.value;
  const version = root.lockfileVersion;
  if (version !== 0 && version !== 1 && version !== 2) {
    throw unsupportedVersionError(file, "lockfileVersion", version, SUPPORTED, doc.keyLine(["lockfileVersion"]));
  }
  const packagesValue = root.packages ?? {};
  if (!isRecord(packagesValue)) throw shapeError(file, "packages", "an object", doc.keyLine(["packages"]));
  const workspaces = root.workspaces ?? {};
  if (!isRecord(workspaces)) throw shapeError(file, "workspaces", "an object", doc.keyLine(["workspaces"]));

  const tuples = new Map<string, unknown[]>();
  for (const [key, tuple] of Object.entries(packagesValue)) {
    if (!Array.isArray(tuple) || typeof tuple[0] !== "string") {
      throw shapeError(
        file,
        `packages[${JSON.stringify(key)}]`,
        'an array starting with "name@version"',
        doc.keyLine(["packages", key]),
      );
    }
    tuples.set(key, tuple);
  }
  const exists = (key: string) => tuples.has(key);

  const packages: ScannedPackage[] = [];
  const skipped: SkippedEntry[] = [];
  for (const [key, tuple] of tuples) {
    const line = doc.keyLine(["packages", key]);
    const at = line === undefined ? {} : { line };
    const ident = tuple[0] as string;
    const split = splitNameAt(ident);
    if (split === undefined) {
      skipped.push({ file, ...at, name: key, reason: `unrecognised package (${ident})` });
      continue;
    }
    const reason = referenceReason(split.rest);
    if (reason !== undefined) {
      skipped.push({ file, ...at, name: split.name, reason });
      continue;
    }
    const info = infoOf(tuple);
    const from = keyNames(key);
    const dependencies: string[] = [];
    for (const section of ["dependencies", "optionalDependencies", "peerDependencies"]) {
      const deps = info[section];
      if (!isRecord(deps)) continue;
      for (const name of Object.keys(deps)) {
        const target = resolveFrom(from, name, exists);
        if (target !== undefined && target !== key && !dependencies.includes(target)) dependencies.push(target);
      }
    }
    packages.push({
      ecosystem: "npm",
      name: split.name,
      version: split.rest,
      id: key,
      group: "unknown",
      direct: false,
      file,
      ...at,
      dependencies,
    });
  }
  const scanned = new Set(packages.map((p) => p.id));
  for (const p of packages) p.dependencies = p.dependencies.filter((d) => scanned.has(d));

  const roots: RootDependency[] = [];
  for (const [path, workspace] of Object.entries(workspaces)) {
    if (!isRecord(workspace)) {
      throw shapeError(file, `workspaces[${JSON.stringify(path)}]`, "an object", doc.keyLine(["workspaces", path]));
    }
    // A workspace package's own copies of its dependencies are nested under its name.
    const from = path === "" || typeof workspace.name !== "string" ? [] : [workspace.name];
    for (const [section, group] of MANIFEST_SECTIONS) {
      const deps = workspace[section];
      if (!isRecord(deps)) continue;
      for (const name of Object.keys(deps)) {
        const target = resolveFrom(from, name, exists);
        if (target === undefined && (INSTALLED_SECTIONS as readonly string[]).includes(section)) {
          throw danglingError(file, name, `workspaces[${JSON.stringify(path)}].${section}`, "bun install");
        }
        if (target !== undefined && scanned.has(target)) roots.push({ id: target, group });
      }
    }
  }
  propagateGroups(packages, roots, "unknown");
  const direct = new Set(roots.map((r) => r.id));
  for (const p of packages) p.direct = direct.has(p.id);
  return { file, manager: "bun", formatVersion: String(version), packages, skipped };
}
