import { InputError } from "../../../errors.js";
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
  markUndependedAsDirect,
  parseJsonWithLines,
  siblingPath,
  wrongShape,
} from "../common.js";

const WHAT = "composer.lock";
const SECTIONS: readonly { key: "packages" | "packages-dev"; group: DependencyGroup }[] = [
  { key: "packages", group: "prod" },
  { key: "packages-dev", group: "dev" },
];

/** `php`, `ext-*`, `lib-*`, `composer-plugin-api` and the like: the platform, not packages. */
function isPlatform(name: string): boolean {
  return !name.includes("/");
}

/** Lower-cased package names composer.json requires, with their group. */
function composerJsonRoots(file: string, text: string): Map<string, DependencyGroup> {
  const { value } = parseJsonWithLines(file, text, "composer.json", () => false);
  const doc = asTable(value) ?? wrongShape(file, "(root)", "a JSON object");
  const roots = new Map<string, DependencyGroup>();
  for (const name of Object.keys(asTable(doc.require) ?? {})) roots.set(name.toLowerCase(), "prod");
  for (const name of Object.keys(asTable(doc["require-dev"]) ?? {})) {
    if (!roots.has(name.toLowerCase())) roots.set(name.toLowerCase(), "dev");
  }
  return roots;
}

/**
 * composer.lock (any Composer version; recognised by its `_readme`). `packages` are prod and
 * `packages-dev` dev; `require` gives each package's dependencies (platform requirements such as `php`
 * and `ext-*` left out). Direct ones are those composer.json beside it requires; without composer.json a
 * package nothing else requires is taken as direct. Versions are kept as written (`v5.4.0`, `2.9.1`).
 * Branch versions (`dev-main`, `1.x-dev`) and `path` packages are skipped with the reason. Each package's
 * line is its `"name"` line. `formatVersion` is `plugin-api-version` when present.
 * @throws InputError for invalid JSON, a file without `_readme`, or entries of the wrong shape.
 */
export const composerManager: Manager = {
  id: "composer",
  ecosystem: "Packagist",
  fileNames: ["composer.lock"],
  supportedVersions: ["Composer 1.x", "Composer 2.x"],
  parse: parseComposerLock,
};

async function parseComposerLock(file: string, text: string, context: ManagerContext): Promise<ParsedLockfile> {
  assertNotEmpty(file, text, WHAT);
  const { value, lines } = parseJsonWithLines(
    file,
    text,
    WHAT,
    (parent, property) =>
      property === "name" && parent.length === 2 && (parent[0] === "packages" || parent[0] === "packages-dev"),
  );
  const doc = asTable(value) ?? wrongShape(file, "(root)", "a JSON object");
  if (!Array.isArray(doc._readme)) {
    throw new InputError("no `_readme`: this is not a composer.lock", {
      location: { file },
      hint: "Regenerate it with `composer update --lock`.",
    });
  }
  const packages: ScannedPackage[] = [];
  const skipped: SkippedEntry[] = [];
  const requires: string[][] = [];
  const seen = new Set<string>();
  for (const { key, group } of SECTIONS) {
    const list = doc[key] ?? [];
    if (!Array.isArray(list)) wrongShape(file, key, "an array of packages");
    list.forEach((raw: unknown, i: number) => {
      const line = lines.get(jsonPathKey([key, i, "name"]));
      const at = line === undefined ? {} : { line };
      const entry = asTable(raw) ?? wrongShape(file, `${key}[${i}]`, "an object", line);
      const { name, version } = entry;
      if (typeof name !== "string" || name === "") wrongShape(file, `${key}[${i}].name`, "a string", line);
      if (typeof version !== "string" || version === "") wrongShape(file, `${key}[${i}].version`, "a string", line);
      const lower = name.toLowerCase();
      if (asTable(entry.dist)?.type === "path") {
        skipped.push({ file, ...at, name: lower, reason: `local path package (${String(asTable(entry.dist)?.url)})` });
        return;
      }
      if (version.startsWith("dev-") || version.endsWith("-dev")) {
        skipped.push({
          file,
          ...at,
          name: lower,
          reason: `development branch ${version}, not a release: pin a tagged version`,
        });
        return;
      }
      const id = `${lower}@${version}`;
      if (seen.has(id)) return;
      seen.add(id);
      packages.push({
        ecosystem: "Packagist",
        name: lower,
        version,
        id,
        group,
        direct: false,
        file,
        ...at,
        dependencies: [],
      });
      requires.push(
        Object.keys(asTable(entry.require) ?? {})
          .filter((n) => !isPlatform(n))
          .map((n) => n.toLowerCase()),
      );
    });
  }
  const idByName = new Map(packages.map((p) => [p.name, p.id]));
  packages.forEach((p, i) => {
    p.dependencies = (requires[i] ?? []).flatMap((n) => idByName.get(n) ?? []);
  });
  const composerJson = await context.readSibling("composer.json");
  if (composerJson === undefined) {
    markUndependedAsDirect(packages);
  } else {
    const roots = composerJsonRoots(siblingPath(file, "composer.json"), composerJson);
    for (const p of packages) p.direct = roots.has(p.name);
  }
  const plugin = doc["plugin-api-version"];
  return {
    file,
    manager: "composer",
    ...(typeof plugin === "string" ? { formatVersion: plugin } : {}),
    packages,
    skipped,
  };
}
