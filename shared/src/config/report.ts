import type { ConfigProblem } from "../errors.js";
import type { Finding, Report, RuleDescriptor } from "../report/model.js";
import { UPKEEP_VERSION } from "../version.js";

/** The rule every configuration problem is reported under. */
export const CONFIG_RULE: RuleDescriptor = {
  id: "config/invalid",
  name: "InvalidConfiguration",
  shortDescription: "The Upkeep configuration (.github/upkeep.yml) has a problem",
  fullDescription:
    "A key of .github/upkeep.yml (or of a file it extends) is unknown, has the wrong type or value, or the file is not valid YAML. Upkeep ignores the invalid part and uses the default in its place.",
  defaultLevel: "error",
  tags: ["configuration"],
};

/** `report.data` of a configuration report: the files read (extends chain first) and whether they are valid. */
export interface ConfigReportData {
  files: string[];
  valid: boolean;
}

/**
 * A Report of configuration problems (check `config`), so the shared renderers can show them as a
 * job summary, SARIF or annotations, and the bot as a check run. `generatedAt` is the caller's clock.
 */
export function configProblemsReport(
  loaded: { files: string[]; problems: ConfigProblem[] },
  options: { generatedAt: Date },
): Report<ConfigReportData> {
  const findings: Finding[] = loaded.problems.map((p) => ({
    rule: CONFIG_RULE.id,
    level: "error",
    severity: "high",
    title: p.key ? `Invalid configuration key ${p.key}` : "Invalid configuration file",
    message: p.message,
    file: p.file,
    ...(p.line === undefined ? {} : { line: p.line }),
    ...(p.column === undefined ? {} : { column: p.column }),
    fingerprint: `${CONFIG_RULE.id}:${p.file}:${p.key}:${p.message}`,
    properties: { key: p.key },
  }));
  const checked = loaded.files.length > 0 ? loaded.files.join(", ") : "no configuration file (defaults apply)";
  return {
    schemaVersion: 1,
    tool: { name: "upkeep", version: UPKEEP_VERSION },
    check: "config",
    generatedAt: options.generatedAt.toISOString(),
    findings,
    rules: [CONFIG_RULE],
    data: { files: loaded.files, valid: loaded.problems.length === 0 },
    notes: [`Checked ${checked}`],
  };
}
