import { fromInput, type InputReader, oneOf, parseBoolean, splitList } from "@upkeep/action-kit/inputs.js";
import { parseDuration } from "@upkeep/shared/calendar/duration.js";
import type { GateOverrides } from "@upkeep/shared/gate/settings.js";

/** The action's inputs, parsed. */
export interface StagingGateInputs {
  overrides: Omit<GateOverrides, "runId" | "override">;
  /** The reason given in override-freeze, if any. */
  overrideReason: string | undefined;
  waitMs: number;
  config: string;
  workingDirectory: string;
  token: string;
}

/**
 * Reads every input (empty means "take it from the config"). Throws InputError naming the input when a value
 * cannot be used.
 */
export function readInputs(read: InputReader): StagingGateInputs {
  const get = (name: string) => read(name).trim();
  const checks = get("checks");
  const wait = get("wait");
  return {
    overrides: {
      sha: get("sha"),
      ...(get("environment") ? { environment: get("environment") } : {}),
      ...(get("requires") ? { requires: splitList(get("requires")) } : {}),
      ...(get("soak") ? { soak: get("soak") } : {}),
      ...(checks ? { checks: oneOf("checks", checks, ["all", "required", "none"] as const) } : {}),
      ...(get("ignore-checks") ? { ignoreChecks: splitList(get("ignore-checks")) } : {}),
      ...(get("probes") ? { probes: splitList(get("probes")) } : {}),
      ...(get("digest") ? { digest: get("digest") } : {}),
      dryRun: parseBoolean("dry-run", get("dry-run") || "false"),
      recordEvidence: parseBoolean("record-evidence", get("record-evidence") || "true"),
    },
    overrideReason: get("override-freeze") || undefined,
    waitMs: wait && !/^0+[a-z]?$/.test(wait) ? fromInput("wait", () => parseDuration(wait)) : 0,
    config: get("config") || ".github/upkeep.yml",
    workingDirectory: get("working-directory") || ".",
    token: get("token"),
  };
}
