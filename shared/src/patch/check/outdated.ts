/** `patch/outdated`: direct dependencies with newer releases, past the cooldown. */
import type { Finding } from "../../report/model.js";
import { outdatedInfo } from "../datasources/registries/outdated.js";
import { uniquePackages } from "../datasources/types.js";
import type { ScannedPackage } from "../types.js";
import { schemeForEcosystem } from "../versioning/registry.js";
import type { ReleasesOf } from "./releases.js";

/**
 * One note per unique direct dependency that has a newer release (patch, minor and major named
 * separately; releases younger than `cooldownDays` listed but not counted). Packages without releases
 * (no registry, failed lookup) or with a version their scheme cannot read are left out.
 */
export async function outdatedFindings(
  packages: readonly ScannedPackage[],
  releasesOf: ReleasesOf,
  now: Date,
  cooldownDays: number,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const direct = uniquePackages(packages.filter((p) => p.direct)) as ScannedPackage[];
  const results = await Promise.all(direct.map(async (p) => ({ p, rel: await releasesOf(p.ecosystem, p.name) })));
  for (const { p, rel } of results) {
    if (!rel) continue;
    const scheme = schemeForEcosystem(p.ecosystem);
    if (!scheme.isValid(p.version)) continue;
    const info = outdatedInfo(p.version, rel, (a, b) => scheme.compare(a, b), {
      now,
      cooldownDays,
      isPrerelease: (v) => scheme.isPrerelease(v),
    });
    if (!info.latest) continue;
    const parts = [
      info.latestPatch && `patch ${info.latestPatch.version}`,
      info.latestMinor && `minor ${info.latestMinor.version}`,
      info.latestMajor && `major ${info.latestMajor.version}`,
    ].filter(Boolean);
    findings.push({
      rule: "patch/outdated",
      level: "note",
      severity: "info",
      title: `${p.name} ${p.version} → ${info.latest.version}`,
      message: `${p.name}@${p.version} in ${p.file} has newer releases: ${parts.join(", ")}.${info.cooldownSkipped.length ? ` Not yet old enough (cooldown ${cooldownDays} days): ${info.cooldownSkipped.join(", ")}.` : ""}`,
      file: p.file,
      ...(p.line ? { line: p.line } : {}),
      fingerprint: `outdated:${p.ecosystem}:${p.name}@${p.version}:${p.file}`,
      properties: {
        ecosystem: p.ecosystem,
        package: p.name,
        current: p.version,
        latest: info.latest.version,
        latestPatch: info.latestPatch?.version ?? null,
        latestMinor: info.latestMinor?.version ?? null,
        latestMajor: info.latestMajor?.version ?? null,
        publishedAt: info.latest.publishedAt ?? null,
        cooldownSkipped: info.cooldownSkipped,
      },
    });
  }
  return findings;
}
