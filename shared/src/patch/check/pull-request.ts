/** PR mode: keep only what a pull request introduces, and report what it fixes. */
import { InputError } from "../../errors.js";
import type { Finding } from "../../report/model.js";
import { gitRefFileSystem } from "../git-fs.js";
import { denyFindings, hitFingerprint } from "../policy.js";
import type { ReleasesOf } from "./releases.js";
import { type Scan, scanTree } from "./scan.js";
import type { PatchCheckData, PatchCheckOptions, PatchCheckPorts } from "./types.js";

/** The head findings narrowed to the pull request, its counts, and the notes for the report. */
export interface PullRequestDiff {
  findings: Finding[];
  pullRequest: NonNullable<PatchCheckData["pullRequest"]>;
  notes: string[];
}

/**
 * Scans the lockfiles at `base` (read through git) and compares them with the head scan: findings
 * already at the base are dropped (counted as unchanged), vulnerable versions the head no longer has
 * become `patch/fixed-by-pr` notes. A base that cannot be read makes every finding count as introduced
 * (with a note). Throws InputError when there is no GitPort or `base` does not resolve.
 */
export async function pullRequestDiff(
  base: string,
  head: Scan,
  headFindings: readonly Finding[],
  options: PatchCheckOptions,
  ports: PatchCheckPorts,
  releasesOf: ReleasesOf,
): Promise<PullRequestDiff> {
  const notes: string[] = [];
  if (!ports.git) throw new InputError("PR mode needs a git repository", { hint: "run inside a git checkout" });
  await ports.git.revParse(base);
  const baseFs = gitRefFileSystem(ports.git, base);
  const baseScan = await scanTree(baseFs, { ...options, paths: options.paths }, ports, releasesOf, false).catch(
    (err: unknown) => {
      if (err instanceof InputError) {
        notes.push(
          `The base (${base}) lockfiles could not be read (${err.message}); every finding counts as introduced.`,
        );
        return undefined;
      }
      throw err;
    },
  );
  if (baseScan && baseScan.unreadable.length > 0) {
    notes.push(
      `The base (${base}) has ${baseScan.unreadable.length} lockfile(s) that could not be read (${baseScan.unreadable.map((u) => u.file).join(", ")}); their findings count as introduced.`,
    );
  }
  const baseKeys = new Set((baseScan?.hits ?? []).map(hitFingerprint));
  const headKeys = new Set(head.hits.map(hitFingerprint));
  const baseDeny = new Set(
    baseScan
      ? denyFindings(
          baseScan.locks.flatMap((l) => l.packages),
          options.policy,
        ).map((f) => f.fingerprint)
      : [],
  );
  const kept = headFindings.filter((f) => !baseKeys.has(f.fingerprint) && !baseDeny.has(f.fingerprint));
  const unchanged = headFindings.length - kept.length;
  const fixed = (baseScan?.hits ?? []).filter((h) => !headKeys.has(hitFingerprint(h)));
  const findings: Finding[] = [...kept];
  for (const h of fixed) {
    findings.push({
      rule: "patch/fixed-by-pr",
      level: "note",
      severity: h.severity.severity,
      title: `Fixed: ${h.advisoryId} in ${h.pkg.name}@${h.pkg.version}`,
      message: `This pull request removes ${h.pkg.name}@${h.pkg.version} from ${h.pkg.file}, which ${h.advisoryId} affects (${h.summary}).`,
      file: h.pkg.file,
      fingerprint: `fixed:${hitFingerprint(h)}`,
      helpUri: h.helpUri,
      properties: { advisory: h.advisoryId, package: h.pkg.name, version: h.pkg.version },
    });
  }
  notes.push(
    `PR mode: compared with ${base}: ${kept.length} introduced, ${fixed.length} fixed, ${unchanged} already there (not shown).`,
  );
  return { findings, pullRequest: { base, introduced: kept.length, fixed: fixed.length, unchanged }, notes };
}
