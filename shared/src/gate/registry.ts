import { checksRule } from "./rules/checks/index.js";
import { freezeRule } from "./rules/freeze/index.js";
import { healthRule } from "./rules/health/index.js";
import { sameArtifactRule } from "./rules/same-artifact/index.js";
import { soakRule } from "./rules/soak/index.js";
import type { GateRule } from "./types.js";

/**
 * Every gate rule by id, in the order they are reported. Adding one: create `rules/<id>/index.ts`
 * (and a README) exporting a GateRule, register it here; test/shared/gate/contract.test.ts tells you what
 * is missing.
 */
export const gateRules: ReadonlyMap<string, GateRule> = new Map<string, GateRule>(
  [sameArtifactRule, soakRule, checksRule, healthRule, freezeRule].map((r) => [r.id, r]),
);
