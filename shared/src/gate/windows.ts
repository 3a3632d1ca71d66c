import type { CalendarWindow } from "../calendar/window.js";
import type { MaintenanceConfig } from "../config/types.js";
import { ConfigError } from "../errors.js";
import type { GitHubClient } from "../github/client.js";
import { findMarkers } from "../github/markers.js";
import { loadMaintenanceWindows } from "../maintenance/files.js";
import { effectiveWindows } from "../maintenance/state.js";
import { listIssueSnapshots } from "../plan/rest-issue.js";
import type { FileSystemPort } from "../ports.js";

/**
 * The maintenance calendar as the action and the CLI see it: the windows of `.github/maintenance/*.yml` in
 * the checkout, plus (with a client) the windows announced with `/maintenance` commands, read from the
 * repository's issues labelled `maintenance.label` (one request per 100). A window file that cannot be read
 * throws ConfigError (every problem with file, line, column): it could hide a freeze, so the gate never
 * approves past it. Throws GitHubApiError when the issues cannot be listed.
 */
export async function gateWindows(options: {
  fs: FileSystemPort;
  maintenance: Pick<MaintenanceConfig, "timezone" | "label">;
  now: Date;
  client?: GitHubClient;
  repo?: { owner: string; name: string };
}): Promise<CalendarWindow[]> {
  const { windows, problems } = await loadMaintenanceWindows(options.fs, {
    timezone: options.maintenance.timezone,
    now: options.now,
  });
  if (problems.length > 0) throw new ConfigError(problems, { hint: "fix the window files, then run again" });
  if (!options.client || !options.repo) return windows;
  const issues = await listIssueSnapshots(options.client, {
    owner: options.repo.owner,
    repo: options.repo.name,
    labels: options.maintenance.label,
  });
  return effectiveWindows(
    windows,
    issues.filter((i) => findMarkers(i.body).length > 0),
  );
}
