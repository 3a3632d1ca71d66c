import picomatch from "picomatch";
import { InputError, UpkeepError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Clock, FileSystemPort, GitPort } from "../ports.js";
import type { Finding, Report, RuleDescriptor } from "../report/model.js";
import { severityRank } from "../report/model.js";
import { UPKEEP_VERSION } from "../version.js";
import { groupAliases, primaryId } from "./aliases.js";
import { outdatedInfo } from "./datasources/registries/outdated.js";
import type { Release, VersionSource, VulnerabilitySource } from "./datasources/types.js";
import { packageKey, uniquePackages } from "./datasources/types.js";
import { type EolPolicy, eolFindings } from "./eol/check.js";
import { detectRuntimes } from "./eol/detect.js";
import { gitRefFileSystem } from "./git-fs.js";
import { managerForFile, managers } from "./managers/registry.js";
import { type AffectedMatch, matchAdvisory } from "./match.js";
import type { OsvRecord } from "./osv-schema.js";
import {
  denyFindings,
  evaluateHit,
  hitFingerprint,
  hitToFinding,
  type PatchPolicy,
  type VulnerabilityHit,
} from "./policy.js";
import { type SeverityInfo, severityOf } from "./severity.js";
import type { Ecosystem, Manager, ParsedLockfile, ScannedPackage, SkippedEntry } from "./types.js";
import { npmUpgradeAdvice } from "./upgrade.js";
import { schemeForEcosystem } from "./versioning/registry.js";

/** Largest lockfile read (bytes); a larger one is an error, not a silent skip. */
export const MAX_LOCKFILE_BYTES = 256 * 1024 * 1024;

export interface PatchCheckOptions {
  /** Files or folders to scan, relative to the root. Default: every lockfile below the root. */
  paths?: readonly string[];
  /** Globs of files to leave out (they are listed as skipped). */
  exclude?: readonly string[];
  policy: PatchPolicy;
  /** Advisory sources, queried in order and merged (aliases become one finding). */
  sources: readonly VulnerabilitySource[];
  /** Registries per ecosystem, for fix release dates and "outdated". */
  registries?: Partial<Record<Ecosystem, VersionSource>>;
  outdated?: { enabled: boolean; cooldownDays: number };
  eol?: EolPolicy & { enabled: boolean };
  /** PR mode: report only what differs between the lockfiles at `base` and the working tree. */
  pullRequest?: { base: string };
}

export interface PatchCheckPorts {
  fs: FileSystemPort;
  /** Needed for PR mode. */
  git?: GitPort;
  clock: Clock;
  logger: Logger;
}

/** Data of a patch-check report (`report.data`), documented in docs/patch-check.md. */
export interface PatchCheckData {
  lockfiles: Array<{ file: string; manager: string; formatVersion: string | null; packages: number }>;
  packages: Array<
    Pick<ScannedPackage, "ecosystem" | "name" | "version" | "group" | "direct" | "file"> & { line: number | null }
  >;
  skipped: SkippedEntry[];
  sources: Record<string, { requests: number; batches: number; advisoriesFetched: number; cacheHits: number }>;
  counts: {
    critical: number;
    high: number;
    medium: number;
    low: number;
    unknown: number;
    overdue: number;
    vulnerabilities: number;
    outdated: number;
  };
  pullRequest?: { base: string; introduced: number; fixed: number; unchanged: number };
}

export const PATCH_RULES: RuleDescriptor[] = [
  {
    id: "patch/vulnerability",
    name: "Vulnerability",
    shortDescription: "A dependency version is affected by a known vulnerability.",
  },
  {
    id: "patch/overdue",
    name: "PatchOverdue",
    shortDescription: "A vulnerability with a published fix is past its patch deadline.",
  },
  {
    id: "patch/exception-expired",
    name: "ExceptionExpired",
    shortDescription: "A policy exception for a vulnerability has expired.",
  },
  { id: "patch/denied-package", name: "DeniedPackage", shortDescription: "A dependency is on the deny list." },
  {
    id: "patch/runtime-eol",
    name: "RuntimeEndOfLife",
    shortDescription: "A declared runtime version is past its end of life.",
  },
  {
    id: "patch/runtime-eol-soon",
    name: "RuntimeEndOfLifeSoon",
    shortDescription: "A declared runtime version reaches its end of life soon.",
  },
  {
    id: "patch/runtime-unknown",
    name: "RuntimeUnknown",
    shortDescription: "A declared runtime version is not in the release table.",
  },
  { id: "patch/outdated", name: "Outdated", shortDescription: "A direct dependency has newer releases." },
  {
    id: "patch/fixed-by-pr",
    name: "FixedByPullRequest",
    shortDescription: "The pull request removes a vulnerable version.",
  },
].map((r) => ({
  ...r,
  helpUri: `https://github.com/upkeep-dev/upkeep/blob/main/docs/patch-check.md#${r.id.replace("/", "")}`,
}));

function baseName(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}

/**
 * Lockfiles to scan: every file a manager reads below the given paths (default: the whole tree; a
 * walk never enters node_modules, vendor or .git). A named file no manager reads is an InputError; a
 * file matched by `exclude` is listed in `skipped`.
 */
export async function discoverLockfiles(
  fs: FileSystemPort,
  paths: readonly string[] | undefined,
  exclude: readonly string[] = [],
): Promise<{ files: Array<{ file: string; manager: Manager }>; skipped: SkippedEntry[] }> {
  const excluded = exclude.length ? picomatch([...exclude], { dot: true }) : () => false;
  const candidates: string[] = [];
  for (const raw of paths?.length ? paths : ["."]) {
    const p = raw.replace(/^\.\//, "").replace(/\/+$/, "") || ".";
    const under = await fs.walk({ dir: p });
    if (under.length > 0 || p === ".") {
      candidates.push(...under);
      continue;
    }
    if (!(await fs.exists(p))) throw new InputError("no such file or folder", { location: { file: p } });
    if (!managerForFile(baseName(p))) {
      const supported = [...new Set([...managers.values()].flatMap((m) => m.fileNames))].join(", ");
      throw new InputError(`not a lockfile patch-check reads (it reads: ${supported})`, { location: { file: p } });
    }
    candidates.push(p);
  }
  const out: Array<{ file: string; manager: Manager }> = [];
  const skipped: SkippedEntry[] = [];
  for (const file of [...new Set(candidates)].sort()) {
    const manager = managerForFile(baseName(file));
    if (!manager) continue;
    if (excluded(file)) {
      skipped.push({ file, reason: "excluded by configuration" });
      continue;
    }
    out.push({ file, manager });
  }
  return { files: out, skipped };
}

function dirOf(p: string): string {
  const i = p.lastIndexOf("/");
  return i < 0 ? "" : p.slice(0, i + 1);
}

/** Parses every lockfile; any file that cannot be read fails the whole scan (fail closed), all named at once. */
async function parseAll(
  fs: FileSystemPort,
  files: Array<{ file: string; manager: Manager }>,
  logger: Logger,
): Promise<ParsedLockfile[]> {
  const parsed: ParsedLockfile[] = [];
  const errors: UpkeepError[] = [];
  for (const { file, manager } of files) {
    try {
      const size = (await fs.size(file)) ?? 0;
      if (size > MAX_LOCKFILE_BYTES) {
        throw new InputError(
          `lockfile is ${(size / 1048576).toFixed(0)} MiB, over the ${MAX_LOCKFILE_BYTES / 1048576} MiB limit`,
          {
            location: { file },
            hint: "exclude it (patch.exclude) or scan its folder separately",
          },
        );
      }
      const text = await fs.readText(file);
      const context = {
        readSibling: async (name: string) => {
          const sib = `${dirOf(file)}${name}`;
          return (await fs.exists(sib)) ? fs.readText(sib) : undefined;
        },
      };
      const result = await manager.parse(file, text, context);
      logger.info(
        `${file}: ${result.packages.length} packages (${manager.id}${result.formatVersion ? ` v${result.formatVersion}` : ""})`,
      );
      parsed.push(result);
    } catch (err) {
      if (err instanceof UpkeepError) errors.push(err);
      else
        errors.push(
          new InputError(`cannot be read: ${err instanceof Error ? err.message : String(err)}`, {
            location: { file },
            cause: err,
          }),
        );
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) {
    throw new InputError(
      `${errors.length} lockfiles could not be read:\n${errors.map((e) => `  ${e.message}`).join("\n")}`,
      {
        hint: errors.find((e) => e.hint)?.hint ?? "fix or exclude these files",
      },
    );
  }
  return parsed;
}

/** Dependency paths (direct first) for every entry of one lockfile, by breadth-first search from direct ones. */
function pathsOf(lock: ParsedLockfile): Map<string, string[]> {
  const byId = new Map(lock.packages.map((p) => [p.id, p]));
  const parent = new Map<string, string | null>();
  const queue: string[] = [];
  for (const p of lock.packages) {
    if (p.direct) {
      parent.set(p.id, null);
      queue.push(p.id);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const child of byId.get(id)?.dependencies ?? []) {
      if (!parent.has(child) && byId.has(child)) {
        parent.set(child, id);
        queue.push(child);
      }
    }
  }
  const out = new Map<string, string[]>();
  for (const p of lock.packages) {
    if (!parent.has(p.id)) continue;
    const chain: string[] = [];
    for (let cur: string | null | undefined = p.id; cur; cur = parent.get(cur)) {
      const q = byId.get(cur)!;
      chain.unshift(`${q.name}@${q.version}`);
    }
    out.set(p.id, chain);
  }
  return out;
}

function helpUriFor(id: string): string {
  return id.startsWith("GHSA-") ? `https://github.com/advisories/${id}` : `https://osv.dev/vulnerability/${id}`;
}

function firstLine(text: string | undefined): string | undefined {
  const t = text?.trim().split(/\r?\n/)[0]?.trim();
  return t ? (t.length > 140 ? `${t.slice(0, 137)}...` : t) : undefined;
}

interface GroupHit {
  ids: string[];
  advisoryId: string;
  summary: string;
  severity: SeverityInfo;
  match: AffectedMatch;
  published?: string;
}

/** Advisory groups affecting one package version: aliases merged, fix = the highest any record demands. */
function groupHits(pkg: ScannedPackage, records: OsvRecord[]): GroupHit[] {
  const scheme = schemeForEcosystem(pkg.ecosystem);
  const out: GroupHit[] = [];
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

interface Scan {
  locks: ParsedLockfile[];
  skipped: SkippedEntry[];
  hits: VulnerabilityHit[];
  sources: PatchCheckData["sources"];
}

async function scan(
  fs: FileSystemPort,
  options: PatchCheckOptions,
  ports: PatchCheckPorts,
  releasesOf: (eco: Ecosystem, name: string) => Promise<Release[] | undefined>,
  adviseUpgrades: boolean,
): Promise<Scan> {
  const { logger } = ports;
  const found = await discoverLockfiles(fs, options.paths, options.exclude);
  const locks = await parseAll(fs, found.files, logger);
  const skipped = [...found.skipped, ...locks.flatMap((l) => l.skipped)];
  const all = locks.flatMap((l) => l.packages);
  const unique = uniquePackages(all);
  const records = new Map<string, Map<string, OsvRecord>>();
  const sources: Scan["sources"] = {};
  for (const source of options.sources) {
    logger.info(`querying ${source.id} for ${unique.length} package versions`);
    const r = await source.query(unique);
    sources[source.id] = r.stats;
    for (const [key, recs] of r.byPackage) {
      let byId = records.get(key);
      if (!byId) {
        byId = new Map();
        records.set(key, byId);
      }
      for (const rec of recs) {
        const prev = byId.get(rec.id);
        if (!prev || prev.modified < rec.modified) byId.set(rec.id, rec);
      }
    }
  }

  const hitsByKey = new Map<string, GroupHit[]>();
  for (const p of unique) {
    const recs = [...(records.get(packageKey(p))?.values() ?? [])];
    if (recs.length === 0) continue;
    try {
      hitsByKey.set(packageKey(p), groupHits(p as ScannedPackage, recs));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      const at = all.find((q) => packageKey(q) === packageKey(p));
      skipped.push({ file: at?.file ?? "", ...(at?.line ? { line: at.line } : {}), name: p.name, reason: err.message });
    }
  }

  const hits: VulnerabilityHit[] = [];
  for (const lock of locks) {
    const paths = pathsOf(lock);
    const seen = new Set<string>();
    for (const p of lock.packages) {
      const groups = hitsByKey.get(packageKey(p));
      if (!groups) continue;
      for (const g of groups) {
        const once = `${g.advisoryId}|${packageKey(p)}`;
        if (seen.has(once)) continue;
        seen.add(once);
        let fixAvailableSince: VulnerabilityHit["fixAvailableSince"];
        if (g.match.fixedVersion) {
          const rel = await releasesOf(p.ecosystem, p.name);
          const scheme = schemeForEcosystem(p.ecosystem);
          const fixRelease = rel?.find(
            (r) => scheme.isValid(r.version) && scheme.compare(r.version, g.match.fixedVersion!) === 0,
          );
          if (fixRelease?.publishedAt) fixAvailableSince = { date: fixRelease.publishedAt, source: "registry" };
          else if (g.published) fixAvailableSince = { date: g.published, source: "advisory" };
        }
        const path = paths.get(p.id);
        const upgrade =
          adviseUpgrades && p.ecosystem === "npm" && !p.direct && path && path.length > 1 && g.match.fixedVersion
            ? await npmUpgradeAdvice(path, g.match.fixedVersion, (name) => releasesOf("npm", name))
            : undefined;
        hits.push({
          advisoryId: g.advisoryId,
          ids: g.ids,
          summary: g.summary,
          severity: g.severity,
          pkg: p,
          ...(g.match.fixedVersion ? { fixedVersion: g.match.fixedVersion } : {}),
          noFix: g.match.noFix,
          rangeText: g.match.rangeText,
          ...(g.published ? { published: g.published } : {}),
          ...(fixAvailableSince ? { fixAvailableSince } : {}),
          helpUri: helpUriFor(g.advisoryId),
          ...(path ? { path } : {}),
          ...(upgrade ? { upgrade } : {}),
        });
      }
    }
  }
  return { locks, skipped, hits, sources };
}

/**
 * The patch-check engine: discovers and parses lockfiles (fail closed), queries the advisory sources,
 * matches ranges with each ecosystem's ordering, applies the policy (deadlines, scopes, exceptions, deny
 * list), checks runtime end of life and, when enabled, outdated direct dependencies. In PR mode only what
 * the pull request introduces or fixes is reported. Throws InputError for unreadable input and
 * ExternalServiceError when an advisory source fails; a registry failure only loses fix dates or outdated
 * data, with a note in the report.
 */
export async function runPatchCheck(options: PatchCheckOptions, ports: PatchCheckPorts): Promise<Report> {
  const now = ports.clock.now();
  const notes: string[] = [];
  const releaseCache = new Map<string, Promise<Release[] | undefined>>();
  const registryFailures = new Set<string>();
  const releasesOf = (eco: Ecosystem, name: string): Promise<Release[] | undefined> => {
    const source = options.registries?.[eco];
    if (!source) return Promise.resolve(undefined);
    const key = `${eco}:${name}`;
    let p = releaseCache.get(key);
    if (!p) {
      p = source.releases(name).catch((err: unknown) => {
        registryFailures.add(`${eco} ${name}: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      });
      releaseCache.set(key, p);
    }
    return p;
  };

  const head = await scan(ports.fs, options, ports, releasesOf, true);
  const findings: Finding[] = [];
  for (const hit of head.hits) findings.push(hitToFinding(hit, evaluateHit(hit, options.policy, now)));
  const allPackages = head.locks.flatMap((l) => l.packages);
  findings.push(...denyFindings(allPackages, options.policy));

  let pullRequest: PatchCheckData["pullRequest"];
  if (options.pullRequest) {
    if (!ports.git) throw new InputError("PR mode needs a git repository", { hint: "run inside a git checkout" });
    await ports.git.revParse(options.pullRequest.base);
    const baseFs = gitRefFileSystem(ports.git, options.pullRequest.base);
    const base = await scan(
      baseFs,
      { ...options, paths: options.paths },
      { ...ports, fs: baseFs },
      releasesOf,
      false,
    ).catch((err: unknown) => {
      if (err instanceof InputError) {
        notes.push(
          `The base (${options.pullRequest!.base}) lockfiles could not be read (${err.message}); every finding counts as introduced.`,
        );
        return undefined;
      }
      throw err;
    });
    const baseKeys = new Set((base?.hits ?? []).map(hitFingerprint));
    const headKeys = new Set(head.hits.map(hitFingerprint));
    const baseDeny = new Set(
      base
        ? denyFindings(
            base.locks.flatMap((l) => l.packages),
            options.policy,
          ).map((f) => f.fingerprint)
        : [],
    );
    const kept = findings.filter((f) => !baseKeys.has(f.fingerprint) && !baseDeny.has(f.fingerprint));
    const unchanged = findings.length - kept.length;
    const fixed = (base?.hits ?? []).filter((h) => !headKeys.has(hitFingerprint(h)));
    findings.length = 0;
    findings.push(...kept);
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
    pullRequest = { base: options.pullRequest.base, introduced: kept.length, fixed: fixed.length, unchanged };
    notes.push(
      `PR mode: compared with ${options.pullRequest.base}: ${kept.length} introduced, ${fixed.length} fixed, ${unchanged} already there (not shown).`,
    );
  }

  if (options.eol?.enabled !== false) {
    const declarations = await detectRuntimes(ports.fs);
    findings.push(...eolFindings(declarations, now, options.eol ?? { failOn: "eol", warnDays: 90 }));
  }

  let outdatedCount = 0;
  if (options.outdated?.enabled) {
    const direct = uniquePackages(allPackages.filter((p) => p.direct)) as ScannedPackage[];
    const results = await Promise.all(direct.map(async (p) => ({ p, rel: await releasesOf(p.ecosystem, p.name) })));
    for (const { p, rel } of results) {
      if (!rel) continue;
      const scheme = schemeForEcosystem(p.ecosystem);
      if (!scheme.isValid(p.version)) continue;
      const info = outdatedInfo(p.version, rel, (a, b) => scheme.compare(a, b), {
        now,
        cooldownDays: options.outdated.cooldownDays,
        isPrerelease: (v) => scheme.isPrerelease(v),
      });
      if (!info.latest) continue;
      outdatedCount++;
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
        message: `${p.name}@${p.version} in ${p.file} has newer releases: ${parts.join(", ")}.${info.cooldownSkipped.length ? ` Not yet old enough (cooldown ${options.outdated.cooldownDays} days): ${info.cooldownSkipped.join(", ")}.` : ""}`,
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
  }

  if (registryFailures.size > 0) {
    notes.push(
      `Registry lookups failed for ${registryFailures.size} package(s); their deadlines use the advisory date and outdated data is missing: ${[...registryFailures].slice(0, 5).join("; ")}${registryFailures.size > 5 ? "; ..." : ""}`,
    );
  }
  const vuln = findings.filter(
    (f) => f.rule === "patch/vulnerability" || f.rule === "patch/overdue" || f.rule === "patch/exception-expired",
  );
  const count = (s: string) => vuln.filter((f) => f.severity === s).length;
  const data: PatchCheckData = {
    lockfiles: head.locks.map((l) => ({
      file: l.file,
      manager: l.manager,
      formatVersion: l.formatVersion ?? null,
      packages: l.packages.length,
    })),
    packages: allPackages.map((p) => ({
      ecosystem: p.ecosystem,
      name: p.name,
      version: p.version,
      group: p.group,
      direct: p.direct,
      file: p.file,
      line: p.line ?? null,
    })),
    skipped: head.skipped,
    sources: head.sources,
    counts: {
      critical: count("critical"),
      high: count("high"),
      medium: count("medium"),
      low: count("low"),
      unknown: count("unknown"),
      overdue: findings.filter((f) => f.rule === "patch/overdue").length,
      vulnerabilities: vuln.length,
      outdated: outdatedCount,
    },
    ...(pullRequest ? { pullRequest } : {}),
  };
  notes.unshift(
    `Scanned ${head.locks.length} lockfile(s), ${allPackages.length} packages (${uniquePackages(allPackages).length} unique) against ${options.sources.map((s) => s.id).join(" + ") || "no advisory source"}; ${head.skipped.length} entries skipped.`,
  );
  return {
    schemaVersion: 1,
    tool: { name: "upkeep", version: UPKEEP_VERSION },
    check: "patch-check",
    generatedAt: now.toISOString(),
    findings,
    rules: PATCH_RULES,
    data: data as unknown as Record<string, unknown>,
    notes,
  };
}
