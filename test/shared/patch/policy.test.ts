import {
  DEFAULT_POLICY,
  denyFindings,
  evaluateHit,
  hitToFinding,
  type PatchPolicy,
  type VulnerabilityHit,
} from "@upkeep/shared/patch/policy.js";
import type { ScannedPackage } from "@upkeep/shared/patch/types.js";
import type { Severity } from "@upkeep/shared/report/model.js";
import { describe, expect, it } from "vitest";

const NOW = new Date("2026-11-26T12:00:00Z");

function pkg(over: Partial<ScannedPackage> = {}): ScannedPackage {
  return {
    ecosystem: "npm",
    name: "lodash",
    version: "4.17.20",
    id: "node_modules/lodash",
    group: "prod",
    direct: true,
    file: "package-lock.json",
    line: 12,
    dependencies: [],
    ...over,
  };
}

function hit(severity: Severity, over: Partial<VulnerabilityHit> = {}): VulnerabilityHit {
  return {
    advisoryId: "GHSA-35jh-r3h4-6jhm",
    ids: ["GHSA-35jh-r3h4-6jhm", "CVE-2021-23337"],
    summary: "Command Injection in lodash",
    severity: { severity, source: "CVSS_V3", score: 7.2 },
    pkg: pkg(),
    fixedVersion: "4.17.21",
    noFix: false,
    rangeText: ">=0 <4.17.21",
    helpUri: "https://github.com/advisories/GHSA-35jh-r3h4-6jhm",
    ...over,
  };
}

const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();
const noDeadlines: PatchPolicy = {
  ...DEFAULT_POLICY,
  deadlines: { critical: null, high: null, medium: null, low: null, unknown: null },
};

describe("patch deadlines", () => {
  it.each([
    // severity, fix published N days ago, expected level, rule, days left
    ["critical", 3, "warning", "patch/vulnerability", 4],
    ["critical", 8, "error", "patch/overdue", -1],
    ["high", 29, "warning", "patch/vulnerability", 1],
    ["high", 31, "error", "patch/overdue", -1],
    ["medium", 100, "error", "patch/overdue", -10],
    ["low", 10, "warning", "patch/vulnerability", 170],
  ] as const)("%s fixed %i days ago -> %s (%s)", (severity, ago, level, rule, left) => {
    const ev = evaluateHit(
      hit(severity, { fixAvailableSince: { date: daysAgo(ago), source: "registry" } }),
      DEFAULT_POLICY,
      NOW,
    );
    expect(ev.level).toBe(level);
    expect(ev.rule).toBe(rule);
    expect(ev.deadline?.daysLeft).toBe(left);
  });

  it("says when the fix became available and how that is known", () => {
    const h = hit("high", { fixAvailableSince: { date: "2026-10-01T00:00:00Z", source: "advisory" } });
    const f = hitToFinding(h, evaluateHit(h, DEFAULT_POLICY, NOW));
    expect(f.message).toContain("Overdue by 26 days");
    expect(f.message).toContain("fixed since 2026-10-01 (advisory date)");
    expect(f.level).toBe("error");
  });

  it("never fires a deadline when no fix exists (only last_affected)", () => {
    const ev = evaluateHit(
      hit("critical", { noFix: true, fixedVersion: undefined, fixAvailableSince: undefined }),
      DEFAULT_POLICY,
      NOW,
    );
    expect(ev.rule).toBe("patch/vulnerability");
    expect(ev.deadline).toBeUndefined();
    expect(ev.level).toBe("warning");
    expect(evaluateHit(hit("critical", { noFix: true }), { ...DEFAULT_POLICY, noFix: "fail" }, NOW).level).toBe(
      "error",
    );
  });
});

describe("fail-on threshold (no deadline configured)", () => {
  it.each([
    ["critical", "high", "error"],
    ["high", "high", "error"],
    ["medium", "high", "warning"],
    ["low", "low", "error"],
    ["critical", "none", "warning"],
  ] as const)("%s with failOn %s -> %s", (severity, failOn, level) => {
    expect(evaluateHit(hit(severity), { ...noDeadlines, failOn }, NOW).level).toBe(level);
  });

  it.each([
    ["fail", "error"],
    ["warn", "warning"],
    ["ignore", "note"],
  ] as const)("unknown severity is its own bucket: %s -> %s", (unknownSeverity, level) => {
    expect(evaluateHit(hit("unknown"), { ...noDeadlines, unknownSeverity, failOn: "low" }, NOW).level).toBe(level);
  });
});

describe("scopes", () => {
  it.each([
    ["prod", "error"],
    ["unknown", "error"],
    ["dev", "warning"],
    ["optional", "warning"],
  ] as const)("a critical finding in a %s dependency -> %s", (group, level) => {
    const ev = evaluateHit(hit("critical", { pkg: pkg({ group }) }), noDeadlines, NOW);
    expect(ev.level).toBe(level);
  });

  it("lets a configured scope fail", () => {
    expect(
      evaluateHit(hit("critical", { pkg: pkg({ group: "dev" }) }), { ...noDeadlines, failScopes: ["prod", "dev"] }, NOW)
        .level,
    ).toBe("error");
  });
});

describe("exceptions", () => {
  const exception = {
    id: "CVE-2021-23337",
    package: "lodash",
    owner: "@sec-team",
    reason: "not reachable",
    expires: "2026-12-31",
  };

  it("turns a matching finding into a note that names owner and expiry", () => {
    const h = hit("critical");
    const ev = evaluateHit(h, { ...noDeadlines, exceptions: [exception] }, NOW);
    expect(ev.level).toBe("note");
    const f = hitToFinding(h, ev);
    expect(f.message).toContain("Accepted until 2026-12-31 by @sec-team");
    expect(f.properties?.suppressed).toBe(true);
  });

  it("fails once the exception has expired, and says so", () => {
    const ev = evaluateHit(hit("low"), { ...noDeadlines, exceptions: [{ ...exception, expires: "2026-11-25" }] }, NOW);
    expect(ev.rule).toBe("patch/exception-expired");
    expect(ev.level).toBe("error");
    expect(ev.reasons.join(" ")).toContain("expired on 2026-11-25");
  });

  it("still applies on its last day", () => {
    expect(
      evaluateHit(hit("critical"), { ...noDeadlines, exceptions: [{ ...exception, expires: "2026-11-26" }] }, NOW)
        .level,
    ).toBe("note");
  });

  it.each([
    ["another package", { package: "lodash-es" }],
    ["another advisory", { id: "GHSA-p6mc-m468-83gw" }],
    ["versions that do not include the installed one", { versions: ">=4.17.21" }],
  ])("does not apply to %s", (_what, over) => {
    expect(evaluateHit(hit("critical"), { ...noDeadlines, exceptions: [{ ...exception, ...over }] }, NOW).level).toBe(
      "error",
    );
  });

  it("applies when its version range covers the installed version", () => {
    expect(
      evaluateHit(
        hit("critical"),
        { ...noDeadlines, exceptions: [{ ...exception, versions: ">=4.0.0 <4.17.21" }] },
        NOW,
      ).level,
    ).toBe("note");
  });
});

describe("deny list", () => {
  it("fails on a denied package and version range, in any scope", () => {
    const packages = [
      pkg({ name: "event-stream", version: "3.3.6", group: "dev" }),
      pkg({ name: "event-stream", version: "4.0.1" }),
    ];
    const found = denyFindings(packages, {
      ...DEFAULT_POLICY,
      deny: [{ package: "event-stream", versions: "=3.3.6", reason: "compromised release" }],
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      rule: "patch/denied-package",
      level: "error",
      file: "package-lock.json",
      line: 12,
    });
    expect(found[0]?.message).toContain("compromised release");
  });

  it("matches PyPI names after PEP 503 normalisation", () => {
    const found = denyFindings([pkg({ ecosystem: "PyPI", name: "PyYAML", version: "5.3" })], {
      ...DEFAULT_POLICY,
      deny: [{ package: "pyyaml", ecosystem: "PyPI", reason: "use ruamel" }],
    });
    expect(found).toHaveLength(1);
  });
});

describe("findings", () => {
  it("carry a fingerprint without line numbers, so moving an entry keeps the same alert", () => {
    const a = hitToFinding(hit("high"), evaluateHit(hit("high"), noDeadlines, NOW));
    const moved = hit("high", { pkg: pkg({ line: 999 }) });
    const b = hitToFinding(moved, evaluateHit(moved, noDeadlines, NOW));
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.line).not.toBe(b.line);
  });

  it("show the dependency path and the fix", () => {
    const h = hit("high", {
      pkg: pkg({ direct: false }),
      path: ["express@4.17.1", "body-parser@1.19.0", "lodash@4.17.20"],
    });
    const f = hitToFinding(h, evaluateHit(h, noDeadlines, NOW));
    expect(f.message).toContain("Path: express@4.17.1 > body-parser@1.19.0 > lodash@4.17.20.");
    expect(f.message).toContain("Fix: upgrade lodash to 4.17.21.");
    expect(f.message).toContain("Also known as CVE-2021-23337.");
  });
});
