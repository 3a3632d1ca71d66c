/** Advisories affecting one package version, with aliases (CVE, GHSA, ecosystem ids) merged into one group. */
import { severityRank } from "../../report/model.js";
import { groupAliases, primaryId } from "../aliases.js";
import { type AffectedMatch, matchAdvisory } from "../match.js";
import type { OsvRecord } from "../osv-schema.js";
import { type SeverityInfo, severityOf } from "../severity.js";
import type { ScannedPackage } from "../types.js";
import { schemeForEcosystem } from "../versioning/registry.js";

/** One group of aliased advisories that affects a package version. */
export interface AdvisoryGroupHit {
  /** The primary id first, then every other id and alias, sorted. */
  ids: string[];
  advisoryId: string;
  summary: string;
  severity: SeverityInfo;
  match: AffectedMatch;
  published?: string;
}

/** Where a reader learns about the advisory: GitHub's advisory page for GHSA ids, osv.dev otherwise. */
export function advisoryHelpUri(id: string): string {
  return id.startsWith("GHSA-") ? `https://github.com/advisories/${id}` : `https://osv.dev/vulnerability/${id}`;
}

function firstLine(text: string | undefined): string | undefined {
  const t = text?.trim().split(/\r?\n/)[0]?.trim();
  return t ? (t.length > 140 ? `${t.slice(0, 137)}...` : t) : undefined;
}

/**
 * Advisory groups affecting one package version: withdrawn records dropped, aliases merged, fix = the
 * highest any record demands, severity = the highest any record gives. Throws InputError when a
 * record's range cannot be read in the package's versioning scheme.
 */
export function advisoryGroupHits(pkg: ScannedPackage, records: OsvRecord[]): AdvisoryGroupHit[] {
  const scheme = schemeForEcosystem(pkg.ecosystem);
  const out: AdvisoryGroupHit[] = [];
  for (const group of groupAliases(records.filter((r) => !r.withdrawn))) {
    const matches: Array<{ r: OsvRecord; m: AffectedMatch }> = [];
    for (const r of group) {
      const m = matchAdvisory(pkg, r);
      if (m) matches.push({ r, m });
    }
    if (matches.length === 0) continue;
    const id = primaryId(group);
    const primary = matches.find((x) => x.r.id === id) ?? matches[0]!;
    let best = primary.m;
    for (const { m } of matches) {
      if (m.fixedVersion && (!best.fixedVersion || scheme.compare(m.fixedVersion, best.fixedVersion) > 0)) best = m;
    }
    const noFix = matches.every((x) => x.m.noFix || !x.m.fixedVersion);
    let severity = severityOf(primary.r, primary.m.affectedIndex);
    for (const { r, m } of matches) {
      const s = severityOf(r, m.affectedIndex);
      if (severityRank(s.severity) > severityRank(severity.severity)) severity = s;
    }
    const ids = [...new Set(group.flatMap((r) => [r.id, ...(r.aliases ?? [])]))];
    const published = group
      .map((r) => r.published)
      .filter((d): d is string => !!d)
      .sort()[0];
    out.push({
      ids: [id, ...ids.filter((i) => i !== id).sort()],
      advisoryId: id,
      summary: firstLine(primary.r.summary) ?? firstLine(primary.r.details) ?? id,
      severity,
      match: { ...best, noFix },
      ...(published ? { published } : {}),
    });
  }
  return out;
}
