import { InputError } from "../../../errors.js";
import type { Manager, ManagerContext, ParsedLockfile, ScannedPackage, SkippedEntry } from "../../types.js";
import { arrayTableLines, assertNotEmpty, asTable, idsByName, parseTomlFile, wrongShape } from "../common.js";

const WHAT = "Cargo.lock";
/** crates.io's index, as the git (`registry+`) and sparse (`sparse+`) protocols spell it. */
const CRATES_IO = new Set(["registry+https://github.com/rust-lang/crates.io-index", "sparse+https://index.crates.io/"]);

/** A `dependencies` entry: `name`, `name version` or (v1, or when ambiguous) `name version (source)`. */
function parseDependencyRef(ref: string): { name: string; version: string | undefined } {
  const [name = "", version] = ref.trim().split(/\s+/);
  return { name, version };
}

function sourceReason(source: string): string {
  if (source.startsWith("git+")) return `git dependency (${source.slice(4)})`;
  if (source.startsWith("registry+") || source.startsWith("sparse+")) {
    return `alternative registry (${source.replace(/^[a-z]+\+/, "")}): not crates.io`;
  }
  return `unknown source (${source})`;
}

/**
 * Cargo.lock `version = 3` and `4`, and the older unversioned v1 (with `[metadata]` checksums) and v2.
 * Packages from crates.io (git or sparse index) are scanned; git and alternative-registry packages are
 * skipped with the reason; packages without `source` are workspace members or path crates: skipped, and
 * their `dependencies` are the direct ones. Groups are `unknown` (Cargo.lock does not record dev or build
 * dependencies); the dependency graph is kept.
 * @throws InputError for invalid TOML, an unknown `version`, or entries of the wrong shape.
 */
export const cargoManager: Manager = {
  id: "cargo",
  ecosystem: "crates.io",
  fileNames: ["Cargo.lock"],
  supportedVersions: ["1", "2", "3", "4"],
  parse: parseCargoLock,
};

async function parseCargoLock(file: string, text: string, _context: ManagerContext): Promise<ParsedLockfile> {
  assertNotEmpty(file, text, WHAT);
  const doc = parseTomlFile(file, text, WHAT);
  let formatVersion: string;
  if (doc.version === undefined) {
    if (doc.package === undefined && doc.root === undefined) {
      throw new InputError("no [[package]] entries and no `version`: this is not a Cargo.lock", {
        location: { file },
        hint: "Regenerate it with `cargo generate-lockfile`.",
      });
    }
    formatVersion = doc.metadata === undefined ? "2" : "1";
  } else if (doc.version === 3 || doc.version === 4) {
    formatVersion = String(doc.version);
  } else {
    const versionLine = text.split("\n").findIndex((l) => /^version\s*=/.test(l)) + 1;
    throw new InputError(`unsupported Cargo.lock version = ${String(doc.version)} (supported: 1, 2, 3, 4)`, {
      location: { file, ...(versionLine > 0 ? { line: versionLine } : {}) },
      hint: "Upkeep does not guess at lockfile formats it does not know; update Upkeep or report the new version.",
    });
  }
  const rawPackages = doc.package ?? [];
  if (!Array.isArray(rawPackages)) wrongShape(file, "package", "an array of [[package]] tables");
  const lines = arrayTableLines(text, "package", rawPackages as { name?: unknown }[]);
  // Cargo before 1.0 kept the root crate in its own `[root]` table.
  const entries: { raw: unknown; line: number | undefined; key: string }[] = rawPackages.map(
    (raw: unknown, i: number) => ({
      raw,
      line: lines[i],
      key: `package[${i}]`,
    }),
  );
  if (doc.root !== undefined) entries.push({ raw: doc.root, line: undefined, key: "root" });

  const packages: ScannedPackage[] = [];
  const skipped: SkippedEntry[] = [];
  const childRefs: string[][] = [];
  const memberRefs: string[] = [];
  for (const { raw, line, key } of entries) {
    const at = line === undefined ? {} : { line };
    const entry = asTable(raw) ?? wrongShape(file, key, "a table", line);
    const { name, version, source } = entry;
    if (typeof name !== "string" || name === "") wrongShape(file, `${key}.name`, "a string", line);
    if (typeof version !== "string" || version === "") wrongShape(file, `${key}.version`, "a string", line);
    const deps = entry.dependencies ?? [];
    if (!Array.isArray(deps) || deps.some((d) => typeof d !== "string")) {
      wrongShape(file, `${key}.dependencies`, 'an array of "name version" strings', line);
    }
    if (source === undefined) {
      memberRefs.push(...(deps as string[]));
      skipped.push({ file, ...at, name, reason: "workspace member or path dependency (no source)" });
      continue;
    }
    if (typeof source !== "string") wrongShape(file, `${key}.source`, "a string", line);
    if (!CRATES_IO.has(source)) {
      skipped.push({ file, ...at, name, reason: sourceReason(source) });
      continue;
    }
    packages.push({
      ecosystem: "crates.io",
      name,
      version,
      id: `${name}@${version}`,
      group: "unknown",
      direct: false,
      file,
      ...at,
      dependencies: [],
    });
    childRefs.push(deps as string[]);
  }

  const byName = idsByName(packages);
  const resolve = (ref: string): string[] => {
    const { name, version } = parseDependencyRef(ref);
    const ids = byName.get(name) ?? [];
    return version === undefined ? ids : ids.filter((id) => id === `${name}@${version}`);
  };
  packages.forEach((p, i) => {
    p.dependencies = [...new Set((childRefs[i] ?? []).flatMap(resolve))];
  });
  const direct = new Set(memberRefs.flatMap(resolve));
  for (const p of packages) p.direct = direct.has(p.id);
  return { file, manager: "cargo", formatVersion, packages, skipped };
}
