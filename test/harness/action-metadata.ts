import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** The parts of an action.yml the runner uses to start a JavaScript action. */
export interface ActionMetadata {
  name?: string;
  description?: string;
  inputs: Record<string, { description?: string; required?: boolean; default?: string; deprecationMessage?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using?: string; main?: string; pre?: string; post?: string };
  branding?: { icon?: string; color?: string };
}

/**
 * Reads `<actionDir>/action.yml` (or `action.yaml`, as the runner accepts both).
 * @throws {Error} when neither file exists or the YAML is not a mapping
 */
export function readActionMetadata(actionDir: string): ActionMetadata {
  let text: string | undefined;
  let file = "";
  for (const name of ["action.yml", "action.yaml"]) {
    file = join(actionDir, name);
    try {
      text = readFileSync(file, "utf8");
      break;
    } catch {
      // try the other spelling
    }
  }
  if (text === undefined) throw new Error(`${actionDir} has no action.yml (or action.yaml)`);
  const doc: unknown = parse(text);
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new Error(`${file} is not a YAML mapping`);
  const raw = doc as Record<string, unknown>;
  const record = (v: unknown) => (typeof v === "object" && v !== null ? (v as Record<string, never>) : {});
  const inputs: ActionMetadata["inputs"] = {};
  for (const [key, value] of Object.entries(record(raw.inputs))) {
    const v = record(value) as Record<string, unknown>;
    inputs[key] = {
      ...(typeof v.description === "string" ? { description: v.description } : {}),
      ...(v.required !== undefined ? { required: v.required === true || v.required === "true" } : {}),
      // The runner hands every default over as a string, whatever YAML type it was written as.
      ...(v.default !== undefined && v.default !== null ? { default: String(v.default) } : {}),
      ...(typeof v.deprecationMessage === "string" ? { deprecationMessage: v.deprecationMessage } : {}),
    };
  }
  const outputs: ActionMetadata["outputs"] = {};
  for (const [key, value] of Object.entries(record(raw.outputs))) {
    const v = record(value) as Record<string, unknown>;
    outputs[key] = typeof v.description === "string" ? { description: v.description } : {};
  }
  const metadata: ActionMetadata = { inputs, outputs, runs: record(raw.runs) as ActionMetadata["runs"] };
  if (typeof raw.name === "string") metadata.name = raw.name;
  if (typeof raw.description === "string") metadata.description = raw.description;
  if (raw.branding !== undefined) metadata.branding = record(raw.branding) as ActionMetadata["branding"] & object;
  return metadata;
}

/** The environment variable the runner passes an input in: `INPUT_` + the name upper-cased, spaces to `_`. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}
