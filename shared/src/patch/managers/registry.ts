import type { Manager } from "../types.js";
import { bunManager } from "./bun/index.js";
import { bundlerManager } from "./bundler/index.js";
import { cargoManager } from "./cargo/index.js";
import { composerManager } from "./composer/index.js";
import { gomodManager } from "./gomod/index.js";
import { npmManager } from "./npm/index.js";
import { pipfileManager } from "./pipfile/index.js";
import { pnpmManager } from "./pnpm/index.js";
import { poetryManager } from "./poetry/index.js";
import { requirementsManager } from "./requirements/index.js";
import { uvManager } from "./uv/index.js";
import { yarnManager } from "./yarn/index.js";

/**
 * Every lockfile manager, by id. Adding a format: create `managers/<id>/index.ts` exporting a Manager,
 * register it here; test/shared/patch/managers/contract.test.ts tells you what is missing.
 */
export const managers: ReadonlyMap<string, Manager> = new Map<string, Manager>([
  [bundlerManager.id, bundlerManager],
  [cargoManager.id, cargoManager],
  [composerManager.id, composerManager],
  [gomodManager.id, gomodManager],
  [pipfileManager.id, pipfileManager],
  [poetryManager.id, poetryManager],
  [requirementsManager.id, requirementsManager],
  [uvManager.id, uvManager],
  [bunManager.id, bunManager],
  [npmManager.id, npmManager],
  [pnpmManager.id, pnpmManager],
  [yarnManager.id, yarnManager],
]);

/** The manager that reads a file with this base name, if any. */
export function managerForFile(baseName: string): Manager | undefined {
  for (const m of managers.values()) if (m.fileNames.includes(baseName)) return m;
  return undefined;
}
