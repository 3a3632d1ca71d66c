import type { Manager } from "../types.js";

/**
 * Every lockfile manager, by id. Adding a format: create `managers/<id>/index.ts` exporting a Manager,
 * register it here; test/shared/patch/managers/contract.test.ts tells you what is missing.
 */
export const managers: ReadonlyMap<string, Manager> = new Map<string, Manager>([]);

/** The manager that reads a file with this base name, if any. */
export function managerForFile(baseName: string): Manager | undefined {
  for (const m of managers.values()) if (m.fileNames.includes(baseName)) return m;
  return undefined;
}
