import { type InputReader, parseBoolean, splitList, workingDirectoryInput } from "@upkeep/action-kit/inputs.js";
import type { BackupSettingsText } from "@upkeep/shared/backup/setup.js";

export type { InputReader };

/** Every input of actions/backup-verify, parsed. Unset optional inputs stay undefined. */
export interface BackupVerifyInputs {
  location: string | undefined;
  name: string | undefined;
  sets: string[];
  config: string;
  workingDirectory: string;
  settings: BackupSettingsText;
  maxDuration: string | undefined;
  stateFile: string | undefined;
  jsonFile: string | undefined;
  sarifFile: string | undefined;
  token: string | undefined;
}

/**
 * Parses every input of the action, with the same meaning as the flags of `upkeep backup-verify`.
 * Throws InputError naming the input for a boolean it cannot read; the values are checked by the
 * engine's settings (named by input).
 */
export function readInputs(read: InputReader): BackupVerifyInputs {
  const get = (name: string) => read(name).trim() || undefined;
  const lines = (name: string) =>
    read(name)
      .split("\n")
      .map((s) => s.trim())
      .filter(Boolean);
  return {
    location: get("location"),
    name: get("name"),
    sets: splitList(read("sets")),
    config: get("config") ?? ".github/upkeep.yml",
    workingDirectory: workingDirectoryInput(read("working-directory")),
    settings: {
      maxAge: get("max-age"),
      warnAge: get("warn-age"),
      checksums: get("checksums"),
      minSizeRatio: get("min-size-ratio"),
      retention: get("retention"),
      requireEncryption: parseBoolean("require-encryption", read("require-encryption").trim() || "false"),
      sample: get("sample"),
      byteBudget: get("byte-budget"),
      restore: get("restore"),
      queries: lines("queries"),
      expectPaths: splitList(read("expect-paths")),
      rto: get("rto"),
    },
    maxDuration: get("max-duration"),
    stateFile: get("state-file"),
    jsonFile: get("json-file"),
    sarifFile: get("sarif-file"),
    token: get("token"),
  };
}
