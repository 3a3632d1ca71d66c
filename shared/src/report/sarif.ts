import { createHash } from "node:crypto";
import {
  type AnyReport,
  type Finding,
  type Level,
  levelRank,
  type RuleDescriptor,
  type Severity,
  severityRank,
} from "./model.js";
import { compareStrings, orderFindings } from "./order.js";
import { cleanText, oneLine } from "./text-utils.js";

/** The `$schema` written into every log: the OASIS schema's own `$id`. */
export const SARIF_SCHEMA_URI =
  "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json";

/** Where code scanning links the tool name to; override with `informationUri` when publishing elsewhere. */
export const UPKEEP_INFORMATION_URI = "https://github.com/upkeep-dev/upkeep";

/** Location given to findings that are about no file (code scanning requires one). */
export const DEFAULT_FALLBACK_FILE = ".github/upkeep.yml";

/** Key of Upkeep's entry in `partialFingerprints` (versioned, as the SARIF spec asks). */
export const FINGERPRINT_KEY = "upkeepFingerprint/v1";

/**
 * The numbers GitHub code scanning maps to its security severities (critical > 9.0, high 7.0–8.9,
 * medium 4.0–6.9, low 0.1–3.9). `info` and `unknown` get none.
 */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string | undefined>> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "2.0",
  info: undefined,
  unknown: undefined,
};

/** Code scanning rejects a run with more results than this. */
export const MAX_SARIF_RESULTS = 25_000;

/** Code scanning keeps only this many tags of a rule (and rejects more than 20). */
const MAX_TAGS = 10;

/** Options of {@link toSarif}. */
export interface SarifOptions {
  /**
   * Most results in the run; past it the least important findings are left out and counted in
   * `runs[0].properties.omittedResults`. Default {@link MAX_SARIF_RESULTS}.
   */
  maxResults?: number;
  /**
   * Repository-relative file that findings without a file point at, since code scanning rejects a result
   * without a location. Pass the configuration file that was read (or the workflow file). Default
   * {@link DEFAULT_FALLBACK_FILE}.
   */
  fallbackFile?: string;
  /** `tool.driver.informationUri`. Default {@link UPKEEP_INFORMATION_URI}. */
  informationUri?: string;
}

type SarifLevel = "error" | "warning" | "note";

interface SarifMessage {
  text: string;
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription?: SarifMessage;
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties?: { tags?: string[]; "security-severity"?: string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: "%SRCROOT%" };
      region: { startLine: number; startColumn?: number; endLine?: number };
    };
  }[];
  partialFingerprints: Record<string, string>;
  properties: { severity: Severity; "security-severity"?: string; tags?: string[] };
}

export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: [
    {
      tool: {
        driver: {
          name: "upkeep";
          version: string;
          semanticVersion: string;
          informationUri: string;
          rules: SarifRule[];
        };
      };
      automationDetails: { id: string };
      columnKind: "utf16CodeUnits";
      results: SarifResult[];
      properties?: { omittedResults: number };
    },
  ];
}

/**
 * Builds a SARIF 2.1.0 log that GitHub code scanning accepts: one run whose driver lists every rule of the
 * report (plus any rule a finding uses without a descriptor), sorted by id; one result per finding (ordered
 * and de-duplicated as in every format) with `ruleIndex`, a location relative to `%SRCROOT%` (findings about
 * no file point at `fallbackFile`, line 1), and `partialFingerprints[FINGERPRINT_KEY]`, a hash of rule and
 * fingerprint, so the same problem keeps its alert across runs even when its line moves. Rules marked
 * `security` get the `security` tag and a `security-severity` (on the rule: the highest of its findings,
 * which is what code scanning shows; on each result: its own). `automationDetails.id` is `<check>/`, so
 * each check's upload is its own analysis category. At most `maxResults` (default 25,000, code scanning's
 * limit) results, the most important ones. Deterministic; never throws.
 */
export function toSarif(report: AnyReport, options: SarifOptions = {}): SarifLog {
  const ordered = orderFindings(report.findings);
  const findings = ordered.slice(0, Math.max(0, options.maxResults ?? MAX_SARIF_RESULTS));
  const omitted = ordered.length - findings.length;
  const fallbackFile = options.fallbackFile ?? DEFAULT_FALLBACK_FILE;
  const descriptors = ruleDescriptors(report.rules, findings);
  const indexById = new Map(descriptors.map((d, i) => [d.id, i]));
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byRule.get(f.rule);
    if (list) list.push(f);
    else byRule.set(f.rule, [f]);
  }
  const rules = descriptors.map((d) => sarifRule(d, byRule.get(d.id) ?? []));
  const results = findings.map((f) => sarifResult(f, indexById.get(f.rule)!, descriptors, fallbackFile));
  const log: SarifLog = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "upkeep",
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: options.informationUri ?? UPKEEP_INFORMATION_URI,
            rules,
          },
        },
        automationDetails: { id: `${oneLine(report.check) || "upkeep"}/` },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  if (omitted > 0) log.runs[0].properties = { omittedResults: omitted };
  return log;
}

/** {@link toSarif} as text, two-space indented, with a final newline. Never throws. */
export function renderSarif(report: AnyReport, options: SarifOptions = {}): string {
  return `${JSON.stringify(toSarif(report, options), null, 2)}\n`;
}

function ruleDescriptors(rules: readonly RuleDescriptor[], findings: readonly Finding[]): RuleDescriptor[] {
  const byId = new Map<string, RuleDescriptor>();
  for (const r of rules) if (!byId.has(r.id)) byId.set(r.id, r);
  for (const f of findings) {
    // A finding whose rule the report does not describe still needs a rule entry for ruleIndex.
    if (!byId.has(f.rule)) byId.set(f.rule, { id: f.rule, name: f.rule, shortDescription: oneLine(f.title) });
  }
  return [...byId.values()].sort((a, b) => compareStrings(a.id, b.id));
}

function sarifRule(d: RuleDescriptor, own: readonly Finding[]): SarifRule {
  const rule: SarifRule = {
    id: d.id,
    name: oneLine(d.name) || d.id,
    shortDescription: { text: oneLine(d.shortDescription) || d.id },
    defaultConfiguration: { level: d.defaultLevel ?? highestLevel(own) ?? "warning" },
  };
  if (d.fullDescription) rule.fullDescription = { text: cleanText(d.fullDescription) };
  const helpUri = absoluteUri(d.helpUri) ?? own.map((f) => absoluteUri(f.helpUri)).find((u) => u !== undefined);
  if (helpUri) rule.helpUri = helpUri;
  const tags = ruleTags(d);
  const worst = own[0] === undefined ? undefined : SECURITY_SEVERITY[highestSeverity(own)];
  if (tags.length > 0 || (d.security && worst)) {
    rule.properties = {};
    if (tags.length > 0) rule.properties.tags = tags;
    if (d.security && worst) rule.properties["security-severity"] = worst;
  }
  return rule;
}

function sarifResult(f: Finding, ruleIndex: number, descriptors: RuleDescriptor[], fallbackFile: string): SarifResult {
  const d = descriptors[ruleIndex]!;
  const startLine = positiveInt(f.line) ?? 1;
  const region: SarifResult["locations"][number]["physicalLocation"]["region"] = { startLine };
  if (f.file && positiveInt(f.line) !== undefined) {
    const column = positiveInt(f.column);
    if (column !== undefined) region.startColumn = column;
    const end = positiveInt(f.endLine);
    if (end !== undefined && end >= startLine) region.endLine = end;
  }
  const title = oneLine(f.title);
  const message = cleanText(f.message).trim();
  const properties: SarifResult["properties"] = { severity: f.severity };
  const securitySeverity = d.security ? SECURITY_SEVERITY[f.severity] : undefined;
  if (securitySeverity) properties["security-severity"] = securitySeverity;
  const tags = ruleTags(d);
  if (tags.length > 0) properties.tags = tags;
  return {
    ruleId: f.rule,
    ruleIndex,
    level: f.level,
    message: { text: message && message !== title ? `${title}\n\n${message}` : title || f.rule },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(f.file || fallbackFile), uriBaseId: "%SRCROOT%" },
          region,
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprintHash(f) },
    properties,
  };
}

/**
 * The stable identity code scanning matches alerts by: a SHA-256 of rule and fingerprint. Neither holds a
 * line number (the model forbids it in `fingerprint`), so moving a finding keeps its alert open.
 */
function fingerprintHash(f: Finding): string {
  return createHash("sha256").update(`${f.rule}\u0000${f.fingerprint}`, "utf8").digest("hex");
}

function ruleTags(d: RuleDescriptor): string[] {
  const tags = [...new Set(d.tags ?? [])].filter((t) => t !== "security").sort(compareStrings);
  // `security` is the tag code scanning acts on, so it is never the one cut by the tag limit.
  if (d.security) tags.unshift("security");
  return tags.slice(0, MAX_TAGS).sort(compareStrings);
}

function highestLevel(findings: readonly Finding[]): Level | undefined {
  let best: Level | undefined;
  for (const f of findings) if (best === undefined || levelRank(f.level) > levelRank(best)) best = f.level;
  return best;
}

function highestSeverity(findings: readonly Finding[]): Severity {
  // Not simply the first finding: findings are ordered by level before severity.
  let best: Severity = "unknown";
  for (const f of findings) if (severityRank(f.severity) > severityRank(best)) best = f.severity;
  return best;
}

function absoluteUri(uri: string | undefined): string | undefined {
  if (uri === undefined) return undefined;
  try {
    const url = new URL(uri.trim());
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A repository-relative path as a relative URI reference: `\` becomes `/`, leading `./` and `/` go (the
 * path is relative to `%SRCROOT%`), and each segment is percent-encoded (keeping `@`, common in
 * node_modules paths), so spaces, `#`, `?` and `:` cannot change what the URI means.
 */
function fileUri(path: string): string {
  const clean = path.replace(/\\/g, "/").replace(/^(?:\.\/|\/)+/, "");
  return clean
    .split("/")
    .map((seg) => encodeURIComponent(seg).replace(/%40/g, "@"))
    .join("/");
}

function positiveInt(n: number | undefined): number | undefined {
  return n !== undefined && Number.isInteger(n) && n >= 1 ? n : undefined;
}
