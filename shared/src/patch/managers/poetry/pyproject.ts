import { normalizePypiName } from "../../names.js";
import type { DependencyGroup } from "../../types.js";
import { asTable, parseTomlFile, strongerGroup } from "../common.js";

/** The distribution name at the start of a PEP 508 requirement string (`requests[socks]>=2 ; ...`). */
function pep508Name(requirement: string): string | undefined {
  return /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement)?.[1];
}

function add(roots: Map<string, DependencyGroup>, name: string, group: DependencyGroup): void {
  const normalized = normalizePypiName(name);
  const current = roots.get(normalized);
  roots.set(normalized, current === undefined ? group : strongerGroup(current, group));
}

/**
 * The project's own (direct) dependencies declared in pyproject.toml, PEP 503-normalised, with their group:
 * Poetry's `[tool.poetry.dependencies]` (prod, or optional when `optional = true`), `dev-dependencies` and
 * `group.<name>.dependencies` (dev, except the `main` group), PEP 621 `[project] dependencies` (prod) and
 * `optional-dependencies` (optional), PEP 735 `[dependency-groups]` (dev). `python` is not a package.
 * @throws InputError when pyproject.toml is not valid TOML.
 */
export function readPyprojectRoots(file: string, text: string): Map<string, DependencyGroup> {
  const doc = parseTomlFile(file, text, "pyproject.toml");
  const roots = new Map<string, DependencyGroup>();
  const poetry = asTable(asTable(doc.tool)?.poetry);
  const addTable = (table: unknown, group: DependencyGroup): void => {
    for (const [name, spec] of Object.entries(asTable(table) ?? {})) {
      if (name.toLowerCase() === "python") continue;
      add(roots, name, group === "prod" && asTable(spec)?.optional === true ? "optional" : group);
    }
  };
  addTable(poetry?.dependencies, "prod");
  addTable(poetry?.["dev-dependencies"], "dev");
  for (const [groupName, table] of Object.entries(asTable(poetry?.group) ?? {})) {
    addTable(asTable(table)?.dependencies, groupName === "main" ? "prod" : "dev");
  }
  const addList = (list: unknown, group: DependencyGroup): void => {
    if (!Array.isArray(list)) return;
    for (const item of list) {
      const name = typeof item === "string" ? pep508Name(item) : undefined;
      if (name) add(roots, name, group);
    }
  };
  const project = asTable(doc.project);
  addList(project?.dependencies, "prod");
  for (const list of Object.values(asTable(project?.["optional-dependencies"]) ?? {})) addList(list, "optional");
  for (const list of Object.values(asTable(doc["dependency-groups"]) ?? {})) addList(list, "dev");
  return roots;
}
