import { InputError } from "../../../errors.js";
import { normalizePypiName } from "../../names.js";
import type {
  DependencyGroup,
  Manager,
  ManagerContext,
  ParsedLockfile,
  ScannedPackage,
  SkippedEntry,
} from "../../types.js";
import {
  arrayTableLines,
  assertNotEmpty,
  asTable,
  idsByName,
  parseTomlFile,
  propagateGroups,
  wrongShape,
} from "../common.js";

const WHAT = "uv.lock";

/** One `{ name = "x", version = "1" }` reference in a `dependencies`-like list. */
interface DependencyRef {
  name: string;
  version: string | undefined;
}

/** What a package's `source` table says about where it comes from. */
function classifySource(source: Record<string, unknown> | undefined): {
  kind: "registry" | "member" | "skip";
  reason: string;
} {
  if (!source) return { kind: "skip", reason: "package without a source" };
  if (typeof source.registry === "string") return { kind: "registry", reason: "" };
  if (typeof source.editable === "string")
    return { kind: "member", reason: `workspace package (editable ${source.editable})` };
  if (typeof source.virtual === "string")
    return { kind: "member", reason: `workspace package (virtual ${source.virtual})` };
  if (typeof source.git === "string") return { kind: "skip", reason: `git dependency (${source.git})` };
  if (typeof source.directory === "string")
    return { kind: "skip", reason: `local path dependency (${source.directory})` };
  if (typeof source.path === "string") return { kind: "skip", reason: `local file dependency (${source.path})` };
  if (typeof source.url === "string") return { kind: "skip", reason: `direct URL dependency (${source.url})` };
  return { kind: "skip", reason: `unknown source (${Object.keys(source).join(", ")})` };
}

function refs(file: string, key: string, list: unknown, line: number | undefined): DependencyRef[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) wrongShape(file, key, "an array of { name = ... } tables", line);
  return list.map((item, i) => {
    const t = asTable(item);
    if (typeof t?.name !== "string") wrongShape(file, `${key}[${i}].name`, "a string", line);
    return { name: normalizePypiName(t.name), version: typeof t.version === "string" ? t.version : undefined };
  });
}

/**
 * uv.lock `version = 1` (any `revision`). Registry packages are scanned; workspace members (editable or
 * virtual sources, and `[manifest] members`) are the roots: their `dependencies` are direct prod,
 * `[package.optional-dependencies]` direct optional, `[package.dev-dependencies]` (dependency groups)
 * direct dev, and groups flow down the lock's dependency graph. git, path, directory and URL packages are
 * skipped with the reason.
 * @throws InputError for invalid TOML, a missing or unknown `version`, or entries of the wrong shape.
 */
export const uvManager: Manager = {
  id: "uv",
  ecosystem: "PyPI",
  fileNames: ["uv.lock"],
  supportedVersions: ["1"],
  parse: parseUvLock,
};

async function parseUvLock(file: string, text: string, _context: ManagerContext): Promise<ParsedLockfile> {
  assertNotEmpty(file, text, WHAT);
  const doc = parseTomlFile(file, text, WHAT);
  if (doc.version !== 1) {
    const seen = doc.version === undefined ? "no top-level `version`" : `version = ${String(doc.version)}`;
    throw new InputError(`unsupported uv.lock: ${seen} (supported: version = 1)`, {
      location: { file },
      hint: "Upkeep does not guess at lockfile formats it does not know; update Upkeep or regenerate with `uv lock`.",
    });
  }
  const rawPackages = doc.package ?? [];
  if (!Array.isArray(rawPackages)) wrongShape(file, "package", "an array of [[package]] tables");
  const lines = arrayTableLines(text, "package", rawPackages as { name?: unknown }[]);
  const rawMembers = asTable(doc.manifest)?.members;
  const members = new Set(
    (Array.isArray(rawMembers) ? rawMembers : [])
      .filter((m): m is string => typeof m === "string")
      .map(normalizePypiName),
  );

  const packages: ScannedPackage[] = [];
  const skipped: SkippedEntry[] = [];
  const childRefs: DependencyRef[][] = [];
  const rootRefs: { refs: DependencyRef[]; group: DependencyGroup }[] = [];
  rawPackages.forEach((raw: unknown, i: number) => {
    const line = lines[i];
    const at = line === undefined ? {} : { line };
    const entry = asTable(raw) ?? wrongShape(file, `package[${i}]`, "a table", line);
    if (typeof entry.name !== "string" || entry.name === "") wrongShape(file, `package[${i}].name`, "a string", line);
    const name = normalizePypiName(entry.name);
    const source = classifySource(asTable(entry.source));
    const deps = refs(file, `package[${i}].dependencies`, entry.dependencies, line);
    const isMember = source.kind === "member" || (members.has(name) && source.kind !== "registry");
    if (isMember) {
      rootRefs.push({ refs: deps, group: "prod" });
      for (const [extra, list] of Object.entries(asTable(entry["optional-dependencies"]) ?? {})) {
        rootRefs.push({
          refs: refs(file, `package[${i}].optional-dependencies.${extra}`, list, line),
          group: "optional",
        });
      }
      for (const [group, list] of Object.entries(asTable(entry["dev-dependencies"]) ?? {})) {
        rootRefs.push({ refs: refs(file, `package[${i}].dev-dependencies.${group}`, list, line), group: "dev" });
      }
    }
    if (source.kind !== "registry") {
      skipped.push({
        file,
        ...at,
        name,
        reason: isMember && source.kind === "skip" ? `workspace package; ${source.reason}` : source.reason,
      });
      return;
    }
    if (typeof entry.version !== "string" || entry.version === "") {
      wrongShape(file, `package[${i}].version`, "a string", line);
    }
    const optional = Object.values(asTable(entry["optional-dependencies"]) ?? {}).flatMap((list, j) =>
      refs(file, `package[${i}].optional-dependencies[${j}]`, list, line),
    );
    childRefs.push([...deps, ...optional]);
    packages.push({
      ecosystem: "PyPI",
      name,
      version: entry.version,
      id: `${name}@${entry.version}`,
      group: "unknown",
      direct: false,
      file,
      ...at,
      dependencies: [],
    });
  });

  const byName = idsByName(packages);
  const resolve = (ref: DependencyRef): string[] =>
    ref.version === undefined
      ? (byName.get(ref.name) ?? [])
      : (byName.get(ref.name) ?? []).filter((id) => id === `${ref.name}@${ref.version}`);
  packages.forEach((p, i) => {
    p.dependencies = [...new Set((childRefs[i] ?? []).flatMap(resolve))];
  });
  const roots = new Map<string, DependencyGroup>();
  for (const group of ["prod", "optional", "dev"] as const) {
    for (const r of rootRefs)
      if (r.group === group) for (const id of r.refs.flatMap(resolve)) if (!roots.has(id)) roots.set(id, group);
  }
  for (const p of packages) p.direct = roots.has(p.id);
  propagateGroups(packages, roots);
  return { file, manager: "uv", formatVersion: "1", packages, skipped };
}
