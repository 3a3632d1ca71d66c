/**
 * The patch-check engine (public entry). One job per file in this folder:
 * discover.ts (which lockfiles) → parse.ts (read them, fail closed) → scan.ts (query advisory sources,
 * advisory-groups.ts merges aliases, dependency-paths.ts adds paths) → policy (../policy.ts) →
 * pull-request.ts (PR mode) → ../eol → outdated.ts → report-data.ts; rules.ts is the rule catalogue.
 */

import { DEFAULT_IGNORE_PATHS } from "../../config/ignore-paths.js";
import type { Finding, Report } from "../../report/model.js";
import { UPKEEP_VERSION } from "../../version.js";
import { uniquePackages } from "../datasources/types.js";
import { eolFindings } from "../eol/check.js";
import { detectRuntimes } from "../eol/detect.js";
import { denyFindings, evaluateHit, hitToFinding } from "../policy.js";
import { schemeForEcosystem } from "../versioning/registry.js";
import { outdatedFindings } from "./outdated.js";
import { pullRequestDiff } from "./pull-request.js";
import { registryReleases } from "./releases.js";
import { patchCheckData } from "./report-data.js";
import { PATCH_RULES } from "./rules.js";
import { scanTree } from "./scan.js";
import type { PatchCheckData, PatchCheckOptions, PatchCheckPorts } from "./types.js";

export { PATCH_RULES } from "./rules.js";
export type { PatchCheckData, PatchCheckOptions, PatchCheckPorts } from "./types.js";

/**
 * The patch-check engine: discovers and parses lockfiles (fail closed), queries the advisory sources,
 * matches ranges with each ecosystem's ordering, applies the policy (deadlines, scopes, exceptions, deny
 * list), checks runtime end of life and, when enabled, outdated direct dependencies. In PR mode only what
 * the pull request introduces or fixes is reported. A lockfile that cannot be read is a
 * `patch/unreadable-lockfile` error finding and the others are still scanned. Throws InputError for a
 * path that does not exist and
 * ExternalServiceError when an advisory source fails; a registry failure only loses fix dates or outdated
 * data, with a note in the report.
 */
export async function runPatchCheck(
  options: PatchCheckOptions,
  ports: PatchCheckPorts,
): Promise<Report<PatchCheckData>> {
  const now = ports.clock.now();
  const notes: string[] = [];
  const registry = registryReleases(options.registries);

  const head = await scanTree(ports.fs, options, ports, registry.releasesOf, true);
  let findings: Finding[] = head.unreadable.map(
    (u): Finding => ({
      rule: "patch/unreadable-lockfile",
      level: "error",
      severity: "high",
      title: `${u.file} could not be read`,
      message: `${u.error.message.startsWith(u.file) ? u.error.message : `${u.file}: ${u.error.message}`} Every other lockfile was scanned; this one was not, so its vulnerabilities are unknown.${u.error.hint ? ` ${u.error.hint}` : ""}`,
      file: u.file,
      ...(u.line ? { line: u.line } : {}),
      fingerprint: `patch/unreadable-lockfile:${u.file}`,
      properties: { manager: u.manager },
    }),
  );
  for (const hit of head.hits) findings.push(hitToFinding(hit, evaluateHit(hit, options.policy, now)));
  const allPackages = head.locks.flatMap((l) => l.packages);
  findings.push(...denyFindings(allPackages, options.policy));

  let pullRequest: PatchCheckData["pullRequest"];
  if (options.pullRequest) {
    const diff = await pullRequestDiff(options.pullRequest.base, head, findings, options, ports, registry.releasesOf);
    findings = diff.findings;
    pullRequest = diff.pullRequest;
    notes.push(...diff.notes);
  }

  if (options.eol?.enabled !== false) {
    const declarations = await detectRuntimes(ports.fs, undefined, options.ignorePaths ?? DEFAULT_IGNORE_PATHS);
    findings.push(...eolFindings(declarations, now, options.eol ?? { failOn: "eol", warnDays: 90 }));
  }

  if (options.outdated?.enabled) {
    findings.push(...(await outdatedFindings(allPackages, registry.releasesOf, now, options.outdated.cooldownDays)));
  }

  const failures = registry.failures;
  if (failures.size > 0) {
    notes.push(
      `Registry lookups failed for ${failures.size} package(s); their deadlines use the advisory date and outdated data is missing: ${[...failures].slice(0, 5).join("; ")}${failures.size > 5 ? "; ..." : ""}`,
    );
  }
  findings = withPackageFix(findings);
  const data = patchCheckData(head, allPackages, findings, pullRequest);
  notes.unshift(
    `Scanned ${head.locks.length} lockfile(s), ${allPackages.length} packages (${uniquePackages(allPackages).length} unique) against ${options.sources.map((s) => s.id).join(" + ") || "no advisory source"}; ${head.skipped.length} entries skipped.`,
    ...(head.unreadable.length > 0
      ? [`${head.unreadable.length} lockfile(s) could not be read: ${head.unreadable.map((u) => u.file).join(", ")}.`]
      : []),
    ...(head.ignored.length > 0
      ? [
          `${head.ignored.length} lockfile(s) ignored by ${!options.ignorePaths || JSON.stringify(options.ignorePaths) === JSON.stringify(DEFAULT_IGNORE_PATHS) ? "the default ignore paths (tests, fixtures, examples, installed dependencies)" : "patch.ignorePaths"}: ${head.ignored.slice(0, 5).join(", ")}${head.ignored.length > 5 ? ", ..." : ""}. Set patch.ignorePaths to change that.`,
        ]
      : []),
  );
  return {
    schemaVersion: 1,
    tool: { name: "upkeep", version: UPKEEP_VERSION },
    check: "patch-check",
    generatedAt: now.toISOString(),
    findings,
    rules: PATCH_RULES,
    data,
    notes,
  };
}

/**
 * Adds `properties.packageFix` to every advisory finding: the smallest version of its package that fixes
 * every advisory found in that package version (the highest `fixedVersion` among them), so the grouped
 * report shows one upgrade per package. Findings without a package are returned unchanged.
 */
function withPackageFix(findings: Finding[]): Finding[] {
  const best = new Map<string, string>();
  const keyOf = (f: Finding): string | undefined => {
    const p = f.properties;
    return p && typeof p.advisory === "string" && typeof p.package === "string" && typeof p.version === "string"
      ? `${String(p.ecosystem)}\u0000${p.package}\u0000${p.version}`
      : undefined;
  };
  for (const f of findings) {
    const key = keyOf(f);
    const fixed = f.properties?.fixedVersion;
    if (!key || typeof fixed !== "string") continue;
    const prev = best.get(key);
    const scheme = schemeForEcosystem(f.properties!.ecosystem as Parameters<typeof schemeForEcosystem>[0]);
    if (!prev || (scheme.isValid(fixed) && scheme.isValid(prev) && scheme.compare(fixed, prev) > 0))
      best.set(key, fixed);
  }
  return findings.map((f) => {
    const key = keyOf(f);
    const fix = key ? best.get(key) : undefined;
    return fix ? { ...f, properties: { ...f.properties, packageFix: fix } } : f;
  });
}
