import { UPKEEP_VERSION } from "../version.js";
import type { Report, RuleDescriptor } from "./model.js";

/**
 * One report from the parts of one run (e.g. drift-check's gate, docs and changelog reports), so every
 * renderer, annotation and exit code sees them together. Rules are kept once (first wins), findings,
 * notes and data are concatenated in order (later data keys win). `Data` is the union of the parts' data
 * shapes; every key is optional in the result because a run may leave a part out. Never throws.
 */
export function combineReports<Data extends object = Record<string, unknown>>(
  check: string,
  parts: readonly Report<Partial<Data>>[],
  now: Date,
): Report<Partial<Data>> {
  const rules = new Map<string, RuleDescriptor>();
  for (const r of parts.flatMap((p) => p.rules)) if (!rules.has(r.id)) rules.set(r.id, r);
  return {
    schemaVersion: 1,
    tool: { name: "upkeep", version: UPKEEP_VERSION },
    check,
    generatedAt: now.toISOString(),
    findings: parts.flatMap((p) => p.findings),
    rules: [...rules.values()],
    data: Object.assign({}, ...parts.map((p) => p.data)),
    notes: parts.flatMap((p) => p.notes),
  };
}
