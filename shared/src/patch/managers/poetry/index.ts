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
  markUndependedAsDirect,
  parseTomlFile,
  propagateGroups,
  siblingPath,
  wrongShape,
} from "../common.js";
import { readPyprojectRoots } from "./pyproject.js";

const WHAT = "poetry.lock";
/** `[package.source] type`s that are not a package index: never matched against advisories. */
const LOCAL_SOURCES: Record<string, string> = {
  git: "git dependency",
  directory: "local path dependency",
  file: "local file dependency",
  url: "direct URL dependency",
};

/**
 * poetry.lock, `[metadata] lock-version` 1.x and 2.x. Groups come from `groups` (lock 2.1, Poetry 2),
 * `category` (lock 1.x) or, for lock 2.0 which records neither, from pyproject.toml's dependency tables
 * propagated through the lock's dependency graph. Direct dependencies come from pyproject.toml; without
 * one, a package nothing else depends on is taken as direct.
 * @throws InputError for invalid TOML, an unknown lock-version major, or entries of the wrong shape.
 */
export const poetryManager: Manager = {
  id: "poetry",
  ecosystem: "PyPI",
  fileNames: ["poetry.lock"],
  supportedVersions: ["1.x", "2.x"],
  parse: parsePoetryLock,
};

async function parsePoetryLock(file: string, text: string, context: ManagerContext): Promise<ParsedLockfile> {
  assertNotEmpty(file, text, WHAT);
  const doc = parseTomlFile(file, text, WHAT);
  const metadata = asTable(doc.metadata);
  const lockVersion = metadata?.["lock-version"];
  if (typeof lockVersion !== "string") {
    throw new InputError("no `[metadata] lock-version`: this is not a poetry.lock Upkeep can read", {
      location: { file },
      hint: "Regenerate it with `poetry lock`.",
    });
  }
  const major = lockVersion.split(".")[0];
  if (major !== "1" && major !== "2") {
    throw new InputError(`unsupported poetry.lock lock-version ${lockVersion} (supported: 1.x, 2.x)`, {
      location: { file },
      hint: "Upkeep does not guess at lockfile formats it does not know; update Upkeep or report the new version.",
    });
  }
  const rawPackages = doc.package ?? [];
  if (!Array.isArray(rawPackages)) wrongShape(file, "package", "an array of [[package]] tables");
  const lines = arrayTableLines(text, "package", rawPackages as { name?: unknown }[]);

  const packages: ScannedPackage[] = [];
  const skipped: SkippedEntry[] = [];
  const rawDeps: string[][] = [];
  let lockHasGroups = false;
  const optionalFlag = new Set<string>();
  rawPackages.forEach((raw: unknown, i: number) => {
    const line = lines[i];
    const entry = asTable(raw) ?? wrongShape(file, `package[${i}]`, "a table", line);
    const { name, version } = entry;
    if (typeof name !== "string" || name === "") wrongShape(file, `package[${i}].name`, "a string", line);
    if (typeof version !== "string" || version === "") wrongShape(file, `package[${i}].version`, "a string", line);
    const normalized = normalizePypiName(name);
    const sourceType = asTable(entry.source)?.type;
    if (typeof sourceType === "string" && sourceType in LOCAL_SOURCES) {
      const url = asTable(entry.source)?.url;
      skipped.push({
        file,
        ...(line === undefined ? {} : { line }),
        name: normalized,
        reason: `${LOCAL_SOURCES[sourceType]}${typeof url === "string" ? ` (${url})` : ""}`,
      });
      return;
    }
    let group: DependencyGroup = "unknown";
    if (Array.isArray(entry.groups)) {
      lockHasGroups = true;
      group = entry.groups.includes("main") ? "prod" : "dev";
    } else if (typeof entry.category === "string") {
      lockHasGroups = true;
      group = entry.category === "main" ? "prod" : "dev";
    }
    const id = `${normalized}@${version}`;
    if (entry.optional === true) {
      optionalFlag.add(id);
      if (group === "prod") group = "optional";
    }
    packages.push({
      ecosystem: "PyPI",
      name: normalized,
      version,
      id,
      group,
      direct: false,
      file,
      ...(line === undefined ? {} : { line }),
      dependencies: [],
    });
    rawDeps.push(Object.keys(asTable(entry.dependencies) ?? {}).map(normalizePypiName));
  });

  const byName = idsByName(packages);
  packages.forEach((p, i) => {
    p.dependencies = (rawDeps[i] ?? []).flatMap((n) => byName.get(n) ?? []);
  });

  const pyprojectPath = siblingPath(file, "pyproject.toml");
  const pyproject = await context.readSibling("pyproject.toml");
  const roots = pyproject === undefined ? undefined : readPyprojectRoots(pyprojectPath, pyproject);
  if (roots) {
    const rootIds = new Map<string, DependencyGroup>();
    for (const [name, group] of roots) for (const id of byName.get(name) ?? []) rootIds.set(id, group);
    for (const p of packages) p.direct = rootIds.has(p.id);
    if (!lockHasGroups) propagateGroups(packages, rootIds);
  } else {
    markUndependedAsDirect(packages);
  }
  if (!lockHasGroups)
    for (const p of packages) if (p.group === "unknown" && optionalFlag.has(p.id)) p.group = "optional";

  return { file, manager: "poetry", formatVersion: lockVersion, packages, skipped };
}
