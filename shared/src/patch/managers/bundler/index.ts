import { InputError } from "../../../errors.js";
import type {
  DependencyGroup,
  Manager,
  ManagerContext,
  ParsedLockfile,
  ScannedPackage,
  SkippedEntry,
} from "../../types.js";
import { assertNotEmpty, propagateGroups } from "../common.js";
import { readGemfileGroups } from "./gemfile-groups.js";
import { type GemSpec, parseGemfileLock } from "./parse-lockfile.js";

const SUPPORTED_MAJORS = ["1", "2", "4"];

function skipReason(spec: GemSpec): string {
  const { type, remote, revision } = spec.source;
  if (type === "GIT") return `git source (${remote ?? "?"}${revision ? `@${revision.slice(0, 12)}` : ""})`;
  if (type === "PATH") return `local path source (${remote ?? "?"})`;
  return `plugin source (${remote ?? "?"})`;
}

/**
 * Gemfile.lock / gems.locked written by Bundler 1, 2 or 4 (`BUNDLED WITH`). Gems from GEM sections are
 * scanned (one entry per name and version; platform variants such as `-x86_64-linux` merged); GIT, PATH
 * and plugin-source gems are skipped with the reason. DEPENDENCIES are the direct gems, as are the runtime
 * dependencies of PATH gems (the project's own gemspec). Groups come from the Gemfile (or gems.rb) beside
 * it, flowing down the dependency graph; without it they are `unknown`.
 * @throws InputError for an empty or unreadable file, or a `BUNDLED WITH` major Upkeep does not know.
 */
export const bundlerManager: Manager = {
  id: "bundler",
  ecosystem: "RubyGems",
  fileNames: ["Gemfile.lock", "gems.locked"],
  supportedVersions: SUPPORTED_MAJORS.map((m) => `${m}.x`),
  parse: parseBundlerLock,
};

async function parseBundlerLock(file: string, text: string, context: ManagerContext): Promise<ParsedLockfile> {
  assertNotEmpty(file, text, "Gemfile.lock");
  const lock = parseGemfileLock(file, text);
  if (lock.bundledWith !== undefined && !SUPPORTED_MAJORS.includes(lock.bundledWith.split(".")[0] ?? "")) {
    throw new InputError(
      `unsupported Gemfile.lock: BUNDLED WITH ${lock.bundledWith} (supported: ${bundlerManager.supportedVersions.join(", ")})`,
      {
        location: { file },
        hint: "Upkeep does not guess at lockfile formats it does not know; update Upkeep or report the new version.",
      },
    );
  }
  const packages: ScannedPackage[] = [];
  const skipped: SkippedEntry[] = lock.unknownSections.map((s) => ({
    file,
    line: s.line,
    reason: `section ${s.name} is not one Upkeep reads`,
  }));
  // Skipped (GIT/PATH) gems stay in the graph so groups and "direct" flow through them.
  const graph: ScannedPackage[] = [];
  const byName = new Map<string, ScannedPackage[]>();
  const byId = new Map<string, ScannedPackage>();
  for (const spec of lock.specs) {
    const id = `${spec.name}@${spec.version}`;
    const existing = byId.get(id);
    if (existing) {
      existing.dependencies.push(...spec.dependencies);
      continue;
    }
    const pkg: ScannedPackage = {
      ecosystem: "RubyGems",
      name: spec.name,
      version: spec.version,
      id,
      group: "unknown",
      direct: false,
      file,
      line: spec.line,
      dependencies: [...spec.dependencies],
    };
    byId.set(id, pkg);
    graph.push(pkg);
    byName.set(spec.name, [...(byName.get(spec.name) ?? []), pkg]);
    if (spec.source.type === "GEM") packages.push(pkg);
    else skipped.push({ file, line: spec.line, name: spec.name, reason: skipReason(spec) });
  }
  for (const pkg of graph) {
    pkg.dependencies = [...new Set(pkg.dependencies.flatMap((n) => (byName.get(n) ?? []).map((p) => p.id)))];
  }

  const gemfileName = file.endsWith("gems.locked") ? "gems.rb" : "Gemfile";
  const gemfile = await context.readSibling(gemfileName);
  const gemfileGroups = gemfile === undefined ? undefined : readGemfileGroups(gemfile);
  const roots = new Map<string, DependencyGroup>();
  const direct = new Set<string>();
  const pathGems = new Set(lock.specs.filter((s) => s.source.type === "PATH").map((s) => `${s.name}@${s.version}`));
  for (const dep of lock.dependencies) {
    let group: DependencyGroup = "unknown";
    if (gemfileGroups) {
      group = gemfileGroups.groups.get(dep.name) ?? (gemfileGroups.usesGemspec ? "dev" : "prod");
    }
    for (const pkg of byName.get(dep.name) ?? []) {
      direct.add(pkg.id);
      if (pathGems.has(pkg.id)) {
        const pathGroup = gemfileGroups ? (gemfileGroups.groups.get(dep.name) ?? "prod") : "unknown";
        for (const child of pkg.dependencies) direct.add(child);
        if (pathGroup !== "unknown") roots.set(pkg.id, pathGroup);
      } else if (group !== "unknown" && !(roots.get(pkg.id) === "prod")) {
        roots.set(pkg.id, group);
      }
    }
  }
  propagateGroups(graph, roots);
  for (const p of packages) p.direct = direct.has(p.id);
  return {
    file,
    manager: "bundler",
    ...(lock.bundledWith ? { formatVersion: lock.bundledWith } : {}),
    packages,
    skipped,
  };
}
