/** The `data` of a patch-check report: what was scanned and the counts a dashboard reads. */
import type { Finding } from "../../report/model.js";
import type { ScannedPackage } from "../types.js";
import type { Scan } from "./scan.js";
import type { PatchCheckData } from "./types.js";

const VULNERABILITY_RULES = new Set(["patch/vulnerability", "patch/overdue", "patch/exception-expired"]);

/** Builds `report.data` from the head scan and the final findings (counts are over the findings shown). */
export function patchCheckData(
  head: Scan,
  packages: readonly ScannedPackage[],
  findings: readonly Finding[],
  pullRequest: PatchCheckData["pullRequest"],
): PatchCheckData {
  const vuln = findings.filter((f) => VULNERABILITY_RULES.has(f.rule));
  const count = (s: string) => vuln.filter((f) => f.severity === s).length;
  return {
    lockfiles: head.locks.map((l) => ({
      file: l.file,
      manager: l.manager,
      formatVersion: l.formatVersion ?? null,
      packages: l.packages.length,
    })),
    packages: packages.map((p) => ({
      ecosystem: p.ecosystem,
      name: p.name,
      version: p.version,
      group: p.group,
      direct: p.direct,
      file: p.file,
      line: p.line ?? null,
    })),
    skipped: head.skipped,
    ...(head.ignored.length > 0 ? { ignored: head.ignored } : {}),
    ...(head.unreadable.length > 0
      ? {
          unreadable: head.unreadable.map((u) => ({ file: u.file, line: u.line ?? null, reason: u.error.message })),
        }
      : {}),
    sources: head.sources,
    counts: {
      critical: count("critical"),
      high: count("high"),
      medium: count("medium"),
      low: count("low"),
      unknown: count("unknown"),
      overdue: findings.filter((f) => f.rule === "patch/overdue").length,
      vulnerabilities: vuln.length,
      outdated: findings.filter((f) => f.rule === "patch/outdated").length,
    },
    ...(pullRequest ? { pullRequest } : {}),
  };
}
