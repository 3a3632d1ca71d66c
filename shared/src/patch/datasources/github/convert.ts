/**
 * GitHub's global security advisory JSON (REST `GET /advisories`) converted to the OSV shape the rest of
 * patch-check reads, so GitHub and OSV answers group, match and score the same way.
 */
import { InputError } from "../../../errors.js";
import type { OsvAffected, OsvEvent, OsvRecord, OsvSeverity } from "../../osv-schema.js";
import type { Ecosystem } from "../../types.js";
import { isObject } from "../http.js";

/** GitHub's ecosystem names -> OSV's (only the ecosystems patch-check scans). */
export const GITHUB_TO_OSV_ECOSYSTEM: Readonly<Record<string, Ecosystem>> = {
  npm: "npm",
  pip: "PyPI",
  rubygems: "RubyGems",
  composer: "Packagist",
  go: "Go",
  maven: "Maven",
  rust: "crates.io",
};

/** OSV's ecosystem names -> GitHub's `ecosystem` query value. */
export const OSV_TO_GITHUB_ECOSYSTEM: Readonly<Record<Ecosystem, string>> = {
  npm: "npm",
  PyPI: "pip",
  RubyGems: "rubygems",
  Packagist: "composer",
  Go: "go",
  Maven: "maven",
  "crates.io": "rust",
};

/**
 * OSV range events from a GitHub `vulnerable_version_range` (`">= 1.0, < 2.0"`, `"<= 1.0.2"`, `"= 1.2.3"`)
 * and `first_patched_version`. A `<` bound is the fix; otherwise the first patched version is; a `<=`
 * bound without a patch is `last_affected`. `= X` gives introduced X + last_affected X. An exclusive lower
 * bound (`> X`, rare) cannot be said in OSV events and becomes `introduced: X`.
 * Throws InputError on a clause it cannot read. (GitHub's range grammar is its own: no library parses it.)
 */
export function githubRangeToEvents(range: string, firstPatched?: string | null): OsvEvent[] {
  let introduced: string | undefined;
  let fixed: string | undefined;
  let lastAffected: string | undefined;
  let exact = false;
  for (const raw of range.split(",")) {
    const clause = raw.trim();
    if (clause === "") continue;
    const m = /^(>=|<=|>|<|=)?\s*(\S+)$/.exec(clause);
    if (!m) throw new InputError(`cannot read vulnerable_version_range clause "${clause}" in "${range}"`);
    const op = m[1] ?? "=";
    const v = m[2]!;
    if (op === ">=" || op === ">") introduced = v;
    else if (op === "<") fixed = v;
    else if (op === "<=") lastAffected = v;
    else {
      introduced = v;
      lastAffected = v;
      exact = true;
    }
  }
  const events: OsvEvent[] = [{ introduced: introduced ?? "0" }];
  if (fixed) events.push({ fixed });
  else if (firstPatched && !exact) events.push({ fixed: firstPatched });
  else if (lastAffected) events.push({ last_affected: lastAffected });
  return events;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function severities(advisory: Record<string, unknown>): OsvSeverity[] {
  const out: OsvSeverity[] = [];
  const both = isObject(advisory.cvss_severities) ? advisory.cvss_severities : undefined;
  const v3 = both && isObject(both.cvss_v3) ? str(both.cvss_v3.vector_string) : undefined;
  const v4 = both && isObject(both.cvss_v4) ? str(both.cvss_v4.vector_string) : undefined;
  if (v4) out.push({ type: "CVSS_V4", score: v4 });
  if (v3) out.push({ type: "CVSS_V3", score: v3 });
  // `cvss` is the older single-vector field (deprecated by GitHub in favour of cvss_severities).
  const legacy = isObject(advisory.cvss) ? str(advisory.cvss.vector_string) : undefined;
  if (legacy && !out.some((s) => s.score === legacy)) {
    if (legacy.startsWith("CVSS:4")) out.push({ type: "CVSS_V4", score: legacy });
    else if (legacy.startsWith("CVSS:3")) out.push({ type: "CVSS_V3", score: legacy });
    else out.push({ type: "CVSS_V2", score: legacy });
  }
  return out;
}

const SEVERITY: Record<string, string> = {
  low: "LOW",
  medium: "MODERATE",
  moderate: "MODERATE",
  high: "HIGH",
  critical: "CRITICAL",
};

/**
 * One GitHub global advisory as an OSV record: ghsa_id -> id, cve_id and other identifiers -> aliases,
 * each vulnerability -> an `affected` entry with an ECOSYSTEM range, CVSS vectors (v4 and v3) -> severity,
 * severity -> database_specific.severity (OSV/GHSA spelling: LOW, MODERATE, HIGH, CRITICAL).
 * Vulnerabilities in ecosystems patch-check does not scan are dropped.
 * Throws InputError when the advisory has no ghsa_id or a range clause cannot be read.
 */
export function githubAdvisoryToOsv(advisory: unknown): OsvRecord {
  if (!isObject(advisory) || typeof advisory.ghsa_id !== "string") {
    throw new InputError("GitHub advisory without ghsa_id");
  }
  const id = advisory.ghsa_id;
  const aliases = new Set<string>();
  const cve = str(advisory.cve_id);
  if (cve) aliases.add(cve);
  if (Array.isArray(advisory.identifiers)) {
    for (const i of advisory.identifiers) {
      const value = isObject(i) ? str(i.value) : undefined;
      if (value && value !== id) aliases.add(value);
    }
  }

  const affected: OsvAffected[] = [];
  for (const v of Array.isArray(advisory.vulnerabilities) ? advisory.vulnerabilities : []) {
    if (!isObject(v) || !isObject(v.package)) continue;
    const ecosystem = GITHUB_TO_OSV_ECOSYSTEM[String(v.package.ecosystem)];
    const name = str(v.package.name);
    if (!ecosystem || !name) continue;
    // The global advisory API gives a string; repository advisories an object with `identifier`.
    const patched =
      str(v.first_patched_version) ??
      (isObject(v.first_patched_version) ? str(v.first_patched_version.identifier) : undefined);
    const range = str(v.vulnerable_version_range);
    const entry: OsvAffected = { package: { ecosystem, name } };
    if (range) {
      entry.ranges = [{ type: "ECOSYSTEM", events: githubRangeToEvents(range, patched) }];
      entry.database_specific = { vulnerable_version_range: range };
    } else if (patched) {
      entry.ranges = [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: patched }] }];
    }
    if (Array.isArray(v.vulnerable_functions) && v.vulnerable_functions.length > 0) {
      entry.ecosystem_specific = { affected_functions: v.vulnerable_functions };
    }
    affected.push(entry);
  }

  const record: OsvRecord = {
    id,
    modified: str(advisory.updated_at) ?? str(advisory.published_at) ?? "1970-01-01T00:00:00Z",
    affected,
    severity: severities(advisory),
  };
  const published = str(advisory.published_at);
  if (published) record.published = published;
  const withdrawn = str(advisory.withdrawn_at);
  if (withdrawn) record.withdrawn = withdrawn;
  if (aliases.size > 0) record.aliases = [...aliases];
  const summary = str(advisory.summary);
  if (summary) record.summary = summary;
  const details = str(advisory.description);
  if (details) record.details = details;
  const refs = [
    ...(str(advisory.html_url) ? [{ type: "ADVISORY", url: advisory.html_url as string }] : []),
    ...(Array.isArray(advisory.references) ? advisory.references : [])
      .filter((r): r is string => typeof r === "string")
      .map((url) => ({ type: "WEB", url })),
  ];
  if (refs.length > 0) record.references = refs;
  const dbs: NonNullable<OsvRecord["database_specific"]> = {};
  const severity = SEVERITY[String(advisory.severity).toLowerCase()];
  if (severity) dbs.severity = severity;
  if (Array.isArray(advisory.cwes)) {
    dbs.cwe_ids = advisory.cwes.flatMap((c) => (isObject(c) && typeof c.cwe_id === "string" ? [c.cwe_id] : []));
  }
  if (typeof advisory.type === "string") dbs.github_reviewed = advisory.type === "reviewed";
  for (const key of ["github_reviewed_at", "nvd_published_at"] as const) {
    const value = str(advisory[key]);
    if (value) dbs[key] = value;
  }
  record.database_specific = dbs;
  return record;
}
