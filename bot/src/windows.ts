import type { ConfigProblem } from "@upkeep/shared/errors.js";
import { type FileWindow, loadMaintenanceWindows } from "@upkeep/shared/maintenance/files.js";
import { memoryFileSystem, type RepoFiles } from "./repo-files.js";

/**
 * The windows of `.github/maintenance/*.yml` as of `now` (repeating windows expand around it) and the
 * problems of files that could not be read (those files are left out). Never throws for file content.
 */
export async function fileWindows(
  fullName: string,
  files: RepoFiles,
  now: Date,
): Promise<{ windows: FileWindow[]; problems: ConfigProblem[] }> {
  if (files.maintenance.size === 0) return { windows: [], problems: [] };
  const fs = memoryFileSystem(fullName, files.maintenance);
  const { windows, problems } = await loadMaintenanceWindows(fs, {
    timezone: files.config.config.maintenance.timezone,
    now,
  });
  return { windows, problems: problems.map((p) => ({ ...p, file: `${fullName}:${p.file}` })) };
}
