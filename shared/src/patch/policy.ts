import type { PatchException } from "../config/types.js";
import type { Finding, Level, Severity } from "../report/model.js";
import { severityRank } from "../report/model.js";
import { normalizePackageName } from "./match.js";
import type { SeverityInfo } from "./severity.js";
import type { DependencyGroup, Ecosystem, ScannedPackage } from "./types.js";
import type { UpgradeAdvice } from "./upgrade.js";
import { satisfiesRange } from "./version-range.js";
import { schemeForEcosystem } from "./versioning/registry.js";

/** Severities that can carry a patch deadline. */
export type DeadlineSeverity = "critical" | "high" | "medium" | "low" | "unknown";

/** A package that must not be used at all. */
export interface DenyRule {
  package: string;
  ecosystem?: Ecosystem;
  versions?: string;
  reason: string;
}

export interface PatchPolicy {
  /**
   * Severity from which a vulnerability with no deadline configured fails the run (`none`: never).
   * Default `high`. Where a deadline is configured for the severity, the deadline decides instead.
   */
  failOn: "critical" | "high" | "medium" | "low" | "none";
  /** What a vulnerability of unknown severity does when it has no deadline: default `warn`. */
  unknownSeverity: "fail" | "warn" | "ignore";
  /**
   * Days to patch once a fix is available, per severity; `null`/0 turns the deadline off for it.
   * Default: critical 7, high 30, medium 90, low 180, unknown 90.
   */
  deadlines: Record<DeadlineSeverity, number | null>;
  /** Dependency groups whose findings can fail the run; others are capped at warnings. Default prod, unknown. */
  failScopes: DependencyGroup[];
  /** A vulnerability with no fix published: `warn` (default; nothing to upgrade to) or `fail`. */
  noFix: "warn" | "fail";
  exceptions: PatchException[];
  deny: DenyRule[];
}

/** The policy when `.github/upkeep.yml` says nothing. */
export const DEFAULT_POLICY: PatchPolicy = {
  failOn: "high",
  unknownSeverity: "warn",
  deadlines: { critical: 7, high: 30, medium: 90, low: 180, unknown: 90 },
  failScopes: ["prod", "unknown"],
  noFix: "warn",
  exceptions: [],
  deny: [],
};

/** One advisory group found in one package entry of one lockfile. */
export interface VulnerabilityHit {
  /** The group's primary id (GHSA first, then CVE, then others). */
  advisoryId: string;
  /** Every id of the group, primary included. */
  ids: string[];
  summary: string;
  severity: SeverityInfo;
  pkg: ScannedPackage;
  fixedVersion?: string;
  noFix: boolean;
  rangeText: string;
  /** Advisory publish date (ISO), the deadline fallback. */
  published?: string;
  /** When the fix became available, and how that is known. */
  fixAvailableSince?: { date: string; source: "registry" | "advisory" };
  helpUri: string;
  /** Dependency path from a direct dependency down to the package, as `name@version` (direct first). */
  path?: string[];
  /** How to bring in the fixed version through the direct dependency, when known (npm). */
  upgrade?: UpgradeAdvice;
}

export interface DeadlineState {
  days: number;
  due: string;
  daysLeft: number;
  overdue: boolean;
}

export interface Evaluation {
  level: Level;
  rule: "patch/vulnerability" | "patch/overdue" | "patch/exception-expired";
  /** Why the level is what it is, one short sentence each (shown in the message). */
  reasons: string[];
  deadline?: DeadlineState;
  exception?: PatchException & { expired: boolean };
}

const DAY = 86_400_000;

function deadlineSeverity(s: Severity): DeadlineSeverity {
  return s === "info" ? "low" : s;
}

function day(iso: string): number {
  return Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
}

function findException(hit: VulnerabilityHit, policy: PatchPolicy): PatchException | undefined {
  const ids = new Set(hit.ids.map((i) => i.toUpperCase()));
  const scheme = schemeForEcosystem(hit.pkg.ecosystem);
  const name = normalizePackageName(hit.pkg.ecosystem, hit.pkg.name);
  return policy.exceptions.find(
    (e) =>
      ids.has(e.id.toUpperCase()) &&
      normalizePackageName(hit.pkg.ecosystem, e.package) === name &&
      satisfiesRange(hit.pkg.version, e.versions, scheme),
  );
}

function cap(level: Level, max: Level): Level {
  const order: Level[] = ["note", "warning", "error"];
  return order.indexOf(level) > order.indexOf(max) ? max : level;
}

/**
 * Applies the policy to one hit: exceptions first (a live one turns the finding into a note, an expired
 * one fails with its own rule), then the patch deadline where one is configured and a fix exists (past it:
 * `patch/overdue` error; within it: warning with the days left), else `failOn` / `unknownSeverity` /
 * `noFix`; last, dependencies outside `failScopes` are capped at warning. Never throws for valid policy;
 * an unreadable exception range throws InputError.
 */
export function evaluateHit(hit: VulnerabilityHit, policy: PatchPolicy, now: Date): Evaluation {
  const reasons: string[] = [];
  const exception = findException(hit, policy);
  if (exception) {
    const expired = now.getTime() >= day(exception.expires) + DAY;
    if (expired) {
      return {
        level: "error",
        rule: "patch/exception-expired",
        reasons: [
          `The exception for ${exception.id} on ${exception.package} (owner ${exception.owner}: "${exception.reason}") expired on ${exception.expires}.`,
          "Patch the package, or renew the exception with a new expiry date.",
        ],
        exception: { ...exception, expired },
      };
    }
    return {
      level: "note",
      rule: "patch/vulnerability",
      reasons: [`Accepted until ${exception.expires} by ${exception.owner}: ${exception.reason}.`],
      exception: { ...exception, expired },
    };
  }

  const sev = hit.severity.severity;
  const dsev = deadlineSeverity(sev);
  const days = policy.deadlines[dsev];
  let level: Level;
  let rule: Evaluation["rule"] = "patch/vulnerability";
  let deadline: DeadlineState | undefined;
  if (hit.noFix) {
    level = policy.noFix === "fail" ? "error" : "warning";
    reasons.push("No fixed version is published yet; watch the advisory or add an exception.");
  } else if (days && days > 0 && hit.fixAvailableSince) {
    const start = day(hit.fixAvailableSince.date);
    const due = start + days * DAY;
    const daysLeft = Math.ceil((due - now.getTime()) / DAY);
    deadline = { days, due: new Date(due).toISOString().slice(0, 10), daysLeft, overdue: daysLeft <= 0 };
    const since = `fixed since ${hit.fixAvailableSince.date.slice(0, 10)} (${hit.fixAvailableSince.source === "registry" ? "release date of the fix" : "advisory date"})`;
    if (deadline.overdue) {
      level = "error";
      rule = "patch/overdue";
      reasons.push(
        `Overdue by ${-daysLeft} days: ${sev} vulnerabilities must be patched within ${days} days, ${since}.`,
      );
    } else {
      level = "warning";
      reasons.push(`${daysLeft} days left to patch (due ${deadline.due}): ${sev} within ${days} days, ${since}.`);
    }
  } else if (sev === "unknown") {
    level = policy.unknownSeverity === "fail" ? "error" : policy.unknownSeverity === "warn" ? "warning" : "note";
    reasons.push(`The advisory gives no severity; unknown severity is set to ${policy.unknownSeverity}.`);
  } else if (policy.failOn !== "none" && severityRank(sev) >= severityRank(policy.failOn)) {
    level = "error";
    reasons.push(`Severity ${sev} is at or above the fail-on threshold (${policy.failOn}).`);
  } else {
    level = "warning";
    reasons.push(
      policy.failOn === "none"
        ? "Fail-on is none."
        : `Severity ${sev} is below the fail-on threshold (${policy.failOn}).`,
    );
  }

  if (!policy.failScopes.includes(hit.pkg.group) && level === "error") {
    level = cap(level, "warning");
    reasons.push(
      `Only a ${hit.pkg.group} dependency: reported as a warning (fail scopes: ${policy.failScopes.join(", ")}).`,
    );
  }
  return { level, rule, reasons, ...(deadline ? { deadline } : {}) };
}

function location(p: ScannedPackage): string {
  return p.line ? `${p.file}:${p.line}` : p.file;
}

/** A stable identity: advisory group × package × version × file (no line, no date). */
export function hitFingerprint(hit: VulnerabilityHit): string {
  return `vuln:${hit.advisoryId}:${hit.pkg.ecosystem}:${normalizePackageName(hit.pkg.ecosystem, hit.pkg.name)}@${hit.pkg.version}:${hit.pkg.file}`;
}

/** How to get the fix: for Go's standard library (`stdlib`, from the go/toolchain lines) a newer Go, else an upgrade. */
function fixLine(p: ScannedPackage, fixed: string): string {
  if (p.ecosystem === "Go" && p.name === "stdlib") {
    const go = fixed.replace(/^v/, "");
    return `Fix: build with Go ${go} or later (\`toolchain go${go}\` in go.mod, and that Go in CI and images).`;
  }
  return `Fix: upgrade ${p.name} to ${fixed}.`;
}

/** The finding a user sees for one evaluated hit. */
export function hitToFinding(hit: VulnerabilityHit, ev: Evaluation): Finding {
  const p = hit.pkg;
  const others = hit.ids.filter((i) => i !== hit.advisoryId);
  const lines = [
    `${p.name}@${p.version} (${p.group}, ${p.direct ? "direct" : "transitive"}) in ${location(p)} is affected (${hit.rangeText}).`,
    hit.fixedVersion ? fixLine(p, hit.fixedVersion) : "Fix: none published yet.",
  ];
  if (hit.path && hit.path.length > 1) lines.push(`Path: ${hit.path.join(" > ")}.`);
  if (hit.upgrade?.kind === "direct-upgrade") {
    lines.push(
      `Smallest direct upgrade that brings the fix: ${hit.upgrade.name} ${hit.upgrade.from} → ${hit.upgrade.to}.`,
    );
  } else if (hit.upgrade?.kind === "refresh") {
    lines.push(
      `${hit.upgrade.name}@${hit.upgrade.version} already allows the fix: refresh the lockfile (e.g. \`npm update ${p.name}\`).`,
    );
  }
  lines.push(...ev.reasons);
  if (others.length) lines.push(`Also known as ${others.join(", ")}.`);
  const sevText =
    hit.severity.score !== undefined
      ? `${hit.severity.severity} ${hit.severity.score.toFixed(1)}`
      : hit.severity.severity;
  const title =
    ev.rule === "patch/exception-expired"
      ? `Expired exception: ${hit.advisoryId} in ${p.name}@${p.version}`
      : `${hit.advisoryId} (${sevText}) in ${p.name}@${p.version}: ${hit.summary}`;
  return {
    rule: ev.rule,
    level: ev.level,
    severity: hit.severity.severity,
    title,
    message: lines.join("\n"),
    file: p.file,
    ...(p.line ? { line: p.line } : {}),
    helpUri: hit.helpUri,
    fingerprint: hitFingerprint(hit),
    properties: {
      advisory: hit.advisoryId,
      aliases: others,
      ecosystem: p.ecosystem,
      package: p.name,
      version: p.version,
      group: p.group,
      direct: p.direct,
      fixedVersion: hit.fixedVersion ?? null,
      noFix: hit.noFix,
      affected: hit.rangeText,
      score: hit.severity.score ?? null,
      vector: hit.severity.vector ?? null,
      severitySource: hit.severity.source,
      ...(ev.deadline ? { deadline: ev.deadline } : {}),
      ...(hit.fixAvailableSince ? { fixAvailableSince: hit.fixAvailableSince } : {}),
      ...(ev.exception ? { exception: ev.exception } : {}),
      ...(hit.path ? { path: hit.path } : {}),
      ...(hit.upgrade ? { upgrade: hit.upgrade } : {}),
      suppressed: ev.exception !== undefined && !ev.exception.expired,
    },
  };
}

/** Findings for packages on the deny list (always errors: denying is an explicit decision). */
export function denyFindings(packages: readonly ScannedPackage[], policy: PatchPolicy): Finding[] {
  const out: Finding[] = [];
  for (const p of packages) {
    const name = normalizePackageName(p.ecosystem, p.name);
    const rule = policy.deny.find(
      (d) =>
        (!d.ecosystem || d.ecosystem === p.ecosystem) &&
        normalizePackageName(p.ecosystem, d.package) === name &&
        satisfiesRange(p.version, d.versions, schemeForEcosystem(p.ecosystem)),
    );
    if (!rule) continue;
    out.push({
      rule: "patch/denied-package",
      level: "error",
      severity: "high",
      title: `${p.name}@${p.version} is on the deny list`,
      message: `${p.name}@${p.version} (${p.group}) in ${location(p)} is denied${rule.versions ? ` (${rule.versions})` : ""}: ${rule.reason}. Remove it or replace it.`,
      file: p.file,
      ...(p.line ? { line: p.line } : {}),
      fingerprint: `deny:${p.ecosystem}:${name}@${p.version}:${p.file}`,
      properties: { ecosystem: p.ecosystem, package: p.name, version: p.version, reason: rule.reason },
    });
  }
  return out;
}
