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
  assertNotEmpty,
  asTable,
  jsonPathKey,
  parseJsonWithLines,
  parseTomlFile,
  siblingPath,
  wrongShape,
} from "../common.js";

const WHAT = "Pipfile.lock";
const SECTIONS: readonly { key: "default" | "develop"; group: DependencyGroup }[] = [
  { key: "default", group: "prod" },
  { key: "develop", group: "dev" },
];

/** Names in Pipfile's `[packages]` and `[dev-packages]`, PEP 503-normalised. */
function pipfileDirectNames(file: string, text: string): Set<string> {
  const doc = parseTomlFile(file, text, "Pipfile");
  const names = new Set<string>();
  for (const key of ["packages", "dev-packages"]) {
    for (const name of Object.keys(asTable(doc[key]) ?? {})) names.add(normalizePypiName(name));
  }
  return names;
}

/**
 * Pipfile.lock, `_meta.pipfile-spec` 6. `default` entries are prod, `develop` entries dev (a package in
 * both is prod, reported once). Versions are the `==` pins. Direct dependencies are the ones the Pipfile
 * beside it lists; without a Pipfile every entry is reported as direct, because the lock records no graph
 * (`dependencies` stay empty). Editable, path, file and VCS entries are skipped with the reason.
 * @throws InputError for invalid JSON, a missing or unknown `pipfile-spec`, or entries of the wrong shape.
 */
export const pipfileManager: Manager = {
  id: "pipfile",
  ecosystem: "PyPI",
  fileNames: ["Pipfile.lock"],
  supportedVersions: ["6"],
  parse: parsePipfileLock,
};

async function parsePipfileLock(file: string, text: string, context: ManagerContext): Promise<ParsedLockfile> {
  assertNotEmpty(file, text, WHAT);
  const { value, lines } = parseJsonWithLines(
    file,
    text,
    WHAT,
    (parent) => parent.length === 1 && (parent[0] === "default" || parent[0] === "develop"),
  );
  const doc = asTable(value) ?? wrongShape(file, "(root)", "a JSON object");
  const spec = asTable(doc._meta)?.["pipfile-spec"];
  if (spec !== 6) {
    const seen = spec === undefined ? "no `_meta.pipfile-spec`" : `pipfile-spec ${JSON.stringify(spec)}`;
    throw new InputError(`unsupported Pipfile.lock: ${seen} (supported: 6)`, {
      location: { file },
      hint: "Upkeep does not guess at lockfile formats it does not know; regenerate it with `pipenv lock`.",
    });
  }
  const pipfile = await context.readSibling("Pipfile");
  const direct = pipfile === undefined ? undefined : pipfileDirectNames(siblingPath(file, "Pipfile"), pipfile);

  const byId = new Map<string, ScannedPackage>();
  const skipped: SkippedEntry[] = [];
  for (const { key, group } of SECTIONS) {
    const section = doc[key];
    if (section === undefined) continue;
    const entries = asTable(section) ?? wrongShape(file, key, "an object of packages");
    for (const [rawName, rawEntry] of Object.entries(entries)) {
      const line = lines.get(jsonPathKey([key, rawName]));
      const at = line === undefined ? {} : { line };
      const name = normalizePypiName(rawName);
      const entry = asTable(rawEntry) ?? wrongShape(file, `${key}.${rawName}`, "an object", line);
      const local = localReason(entry);
      if (local) {
        skipped.push({ file, ...at, name, reason: local });
        continue;
      }
      const pin = entry.version;
      if (typeof pin !== "string") wrongShape(file, `${key}.${rawName}.version`, 'a string like "==1.2.3"', line);
      const match = /^===?\s*(\S+)$/.exec(pin.trim());
      if (!match) {
        skipped.push({ file, ...at, name, reason: `not pinned (version "${pin}"): regenerate with \`pipenv lock\`` });
        continue;
      }
      const version = match[1]!;
      const id = `${name}@${version}`;
      if (byId.has(id)) continue; // in both sections: the default (prod) entry came first and wins
      byId.set(id, {
        ecosystem: "PyPI",
        name,
        version,
        id,
        group,
        direct: direct ? direct.has(name) : true,
        file,
        ...at,
        dependencies: [],
      });
    }
  }
  return { file, manager: "pipfile", formatVersion: "6", packages: [...byId.values()], skipped };
}

function localReason(entry: Record<string, unknown>): string | undefined {
  for (const vcs of ["git", "hg", "svn", "bzr"]) {
    if (typeof entry[vcs] === "string") return `${vcs} dependency (${entry[vcs]})`;
  }
  if (typeof entry.path === "string") {
    return `${entry.editable === true ? "editable " : ""}local path dependency (${entry.path})`;
  }
  if (typeof entry.file === "string") return `direct URL or file dependency (${entry.file})`;
  return undefined;
}
