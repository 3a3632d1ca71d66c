import schemaJson from "../../upkeep.schema.json" with { type: "json" };
import { applyDefaults } from "./defaults.js";
import type { SchemaNode } from "./schema.js";
import type { UpkeepConfig } from "./types.js";

// Apart from parse.ts, so that a run without a configuration file fills in the defaults without loading the
// YAML parser and the schema's validator (loadConfig imports parse.ts only when it found a file).

/**
 * Turns merged file data into the effective configuration: schema defaults filled in (every section
 * present), `$schema` and `_extends` removed.
 */
export function finalizeConfig(data: Record<string, unknown>): UpkeepConfig {
  const filled = applyDefaults(schemaJson as SchemaNode, data) as Record<string, unknown>;
  delete filled.$schema;
  delete filled._extends;
  return filled as unknown as UpkeepConfig;
}
