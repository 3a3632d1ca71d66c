import { applyDefaults } from "@upkeep/shared/config/defaults.js";
import { upkeepSchema } from "@upkeep/shared/config/schema.js";
import type { DriftConfig } from "@upkeep/shared/config/types.js";
import { type DriftCheckOptions, runDriftCheck } from "@upkeep/shared/drift/engine.js";
import type { DriftPorts } from "@upkeep/shared/drift/types.js";
import { recordingLogger } from "@upkeep/shared/logger.js";
import type { Finding } from "@upkeep/shared/report/model.js";
import { memoryFs } from "../../helpers/memory-fs.js";

/** The effective `drift` config: schema defaults with `overrides` on top (what the loader gives). */
export function driftConfig(overrides: Record<string, unknown> = {}): DriftConfig {
  return (applyDefaults(upkeepSchema, { drift: overrides }) as { drift: DriftConfig }).drift;
}

export const NOW = new Date("2026-11-26T12:00:00Z");

/** Runs drift-check over in-memory files; returns the report, the files after the run, and the writes made. */
export async function check(
  files: Record<string, string>,
  options: Partial<Omit<DriftCheckOptions, "config">> & { config?: Record<string, unknown> } = {},
  ports: Partial<Omit<DriftPorts, "fs">> = {},
) {
  const fs = memoryFs(files);
  const writes: string[] = [];
  const write = fs.writeText.bind(fs);
  fs.writeText = async (path, text) => {
    writes.push(path);
    await write(path, text);
  };
  const { config, ...rest } = options;
  const result = await runDriftCheck(
    { config: driftConfig(config), ...rest },
    { fs, clock: { now: () => NOW }, logger: recordingLogger(), ...ports },
  );
  return { ...result, files: fs.files as Record<string, string>, writes };
}

/** `rule@file:line` of each finding, sorted: compact for table assertions. */
export function places(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.rule}@${f.file}:${f.line}`).sort();
}
