import { dirname, join, normalize } from "node:path/posix";
import { normalizePypiName } from "../../names.js";
import type {
  DependencyGroup,
  Manager,
  ManagerContext,
  ParsedLockfile,
  ScannedPackage,
  SkippedEntry,
} from "../../types.js";
import { assertNotEmpty } from "../common.js";
import { parseRequirementLines } from "./parse-lines.js";

/** A file name that marks a development requirements file: `requirements-dev.txt`, `dev-requirements.txt`, `requirements_test.txt`. */
const DEV_FILE = /(?:^|[-_.])(?:dev|develop|development|test|tests|testing)(?:[-_.]|$)/i;

/** The group of every pin in a requirements file, from its base name. */
export function requirementsFileGroup(path: string): DependencyGroup {
  const base = path.slice(path.lastIndexOf("/") + 1).replace(/\.(?:txt|in|lock)$/i, "");
  return DEV_FILE.test(base) ? "dev" : "prod";
}

/**
 * Pinned pip requirements files. Only `name==version` and `name===version` lines are scanned (extras,
 * environment markers and `--hash` continuation lines allowed); `-r` includes are followed through
 * `readSibling` (each file read once, cycles reported as skipped); `-e`, URL, path and VCS requirements,
 * constraints files and unpinned specifiers are skipped with the reason and line. Group: dev when the
 * declaring file's name says dev or test, prod otherwise. Direct/transitive and the dependency graph come
 * from the `# via` annotations pip-compile and `uv pip compile` write; without them every pin is direct.
 * @throws InputError for an empty file or a line pip would reject as an invalid requirement.
 */
export const requirementsManager: Manager = {
  id: "requirements",
  ecosystem: "PyPI",
  fileNames: [
    "requirements.txt",
    "requirements-dev.txt",
    "requirements_dev.txt",
    "dev-requirements.txt",
    "requirements-test.txt",
    "requirements_test.txt",
    "test-requirements.txt",
    "requirements.lock",
    "requirements-dev.lock",
  ],
  supportedVersions: ["pip requirements file format"],
  parse: parseRequirements,
};

interface Pin {
  pkg: ScannedPackage;
  via: string[] | undefined;
}

async function parseRequirements(file: string, text: string, context: ManagerContext): Promise<ParsedLockfile> {
  assertNotEmpty(file, text, "pip requirements file");
  const baseDir = dirname(file);
  const skipped: SkippedEntry[] = [];
  const pins: Pin[] = [];
  const seenIds = new Set<string>();
  const visited = new Set<string>();

  // `rel` is relative to the top file's folder (what readSibling takes); `repoPath` is what reports show.
  async function readFile(rel: string, content: string, stack: readonly string[]): Promise<void> {
    visited.add(rel);
    const repoPath = baseDir === "." ? rel : normalize(join(baseDir, rel));
    const group = requirementsFileGroup(repoPath);
    for (const stmt of parseRequirementLines(repoPath, content)) {
      if (stmt.kind === "skip") {
        skipped.push({
          file: repoPath,
          line: stmt.line,
          ...(stmt.name ? { name: stmt.name } : {}),
          reason: stmt.reason,
        });
        continue;
      }
      if (stmt.kind === "include") {
        const target = normalize(join(dirname(rel), stmt.path));
        if (stack.includes(target)) {
          skipped.push({
            file: repoPath,
            line: stmt.line,
            reason: `include cycle: ${[...stack, target].join(" -> ")}`,
          });
          continue;
        }
        if (visited.has(target)) continue; // already read through another include: its pins are listed once
        const included = await context.readSibling(target);
        if (included === undefined) {
          skipped.push({
            file: repoPath,
            line: stmt.line,
            reason: `included requirements file not found (${stmt.path})`,
          });
          continue;
        }
        await readFile(target, included, [...stack, target]);
        continue;
      }
      const id = `${stmt.name}@${stmt.version}`;
      if (seenIds.has(id)) continue;
      seenIds.add(id);
      pins.push({
        pkg: {
          ecosystem: "PyPI",
          name: stmt.name,
          version: stmt.version,
          id,
          group,
          direct: true,
          file: repoPath,
          line: stmt.line,
          dependencies: [],
        },
        via: stmt.via,
      });
    }
  }
  const top = file.slice(file.lastIndexOf("/") + 1);
  await readFile(top, text, [top]);

  applyViaAnnotations(pins);
  return { file, manager: "requirements", packages: pins.map((p) => p.pkg), skipped };
}

/**
 * `# via` annotations (pip-compile, uv): a pin "via -r requirements.in" (or via the project itself) is
 * direct; a pin "via requests" is a dependency of requests. Pins without annotations stay direct.
 */
function applyViaAnnotations(pins: readonly Pin[]): void {
  const byName = new Map<string, ScannedPackage[]>();
  for (const { pkg } of pins) byName.set(pkg.name, [...(byName.get(pkg.name) ?? []), pkg]);
  for (const { pkg, via } of pins) {
    if (via === undefined) continue;
    let direct = false;
    for (const item of via) {
      const parentName = item.startsWith("-") ? undefined : /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(item)?.[1];
      const parents = parentName ? byName.get(normalizePypiName(parentName)) : undefined;
      // `-r requirements.in`, `-c constraints.txt` or the project itself (`myapp (pyproject.toml)`).
      if (!parents) {
        direct = true;
        continue;
      }
      for (const parent of parents) if (!parent.dependencies.includes(pkg.id)) parent.dependencies.push(pkg.id);
    }
    pkg.direct = direct;
  }
}
