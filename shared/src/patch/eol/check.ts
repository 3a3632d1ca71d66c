import type { Finding } from "../../report/model.js";
import type { Runtime, RuntimeDeclaration } from "./detect.js";
import table from "./release-cycles.json" with { type: "json" };

export interface ReleaseCycle {
  cycle: string;
  /** ISO date of end of life (past or planned); false while supported with no date set; true when past end of life with no date known. */
  eol: string | boolean;
}

export interface ReleaseTable {
  source: string;
  retrieved: string;
  runtimes: Record<Runtime, ReleaseCycle[]>;
}

/** The committed release-cycle table (source and retrieval date inside). */
export const releaseTable: ReleaseTable = table as ReleaseTable;

export interface EolPolicy {
  /** `eol`: a runtime past end of life fails the run; `none`: it only warns. Default `eol`. */
  failOn: "eol" | "none";
  /** Warn this many days before end of life. Default 90. */
  warnDays: number;
}

const RUNTIME_NAMES: Record<Runtime, string> = {
  nodejs: "Node.js",
  python: "Python",
  go: "Go",
  ruby: "Ruby",
  php: "PHP",
};
const DAY = 86_400_000;

function compareCycles(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * End-of-life findings for declared runtimes: past end of life → `patch/runtime-eol` (error, or warning
 * with failOn `none`, for what ships; a note for a supported range or a CI test job); within `warnDays` →
 * warning with the date (a note when it does not ship); a cycle older than the table's oldest →
 * past end of life; a cycle newer than the table knows → a note asking to refresh the table.
 */
export function eolFindings(
  declarations: readonly RuntimeDeclaration[],
  now: Date,
  policy: EolPolicy = { failOn: "eol", warnDays: 90 },
  cycles: ReleaseTable = releaseTable,
): Finding[] {
  const out: Finding[] = [];
  for (const d of declarations) {
    const list = cycles.runtimes[d.runtime];
    const name = `${RUNTIME_NAMES[d.runtime]} ${d.cycle}`;
    const where = `${d.file} (${d.via}: ${d.declared})`;
    const base = {
      file: d.file,
      line: d.line,
      fingerprint: `runtime-eol:${d.runtime}:${d.cycle}:${d.file}:${d.via}`,
      helpUri: `https://endoflife.date/${d.runtime}`,
      properties: { runtime: d.runtime, cycle: d.cycle, declared: d.declared, via: d.via, role: d.role ?? "ships" },
    };
    const known = list.find((c) => c.cycle === d.cycle);
    // Only what ships (is deployed or published on it) can fail: a library's oldest supported version and a
    // CI job that tests on an old version are deliberate, and are notes.
    const ships = (d.role ?? "ships") === "ships";
    const pastLevel = ships ? (policy.failOn === "eol" ? "error" : "warning") : "note";
    const why =
      d.role === "supports"
        ? " It is the oldest version the project says it supports, not the one it ships on, so this is a note; drop it from the range when you stop supporting it."
        : d.role === "tests"
          ? " A CI job tests on it (not one that publishes or deploys), so this is a note."
          : "";
    const supported = list
      .filter((c) => c.eol === false || (typeof c.eol === "string" && new Date(c.eol).getTime() > now.getTime()))
      .map((c) => c.cycle);
    const advice = supported.length
      ? ` Move to a supported release (${supported.sort(compareCycles).join(", ")}).`
      : "";
    if (!known || known.eol === true) {
      const oldest = [...list].sort((a, b) => compareCycles(a.cycle, b.cycle))[0];
      if (!known && (!oldest || compareCycles(d.cycle, oldest.cycle) >= 0)) {
        out.push({
          ...base,
          rule: "patch/runtime-unknown",
          level: "note",
          severity: "info",
          title: `${name} is not in the release table`,
          message: `${where} declares ${name}, which the release table (retrieved ${cycles.retrieved}) does not list. Refresh it with \`node scripts/refresh-eol.mjs\`.`,
        });
        continue;
      }
      // Past end of life without a date: older than every cycle the table lists, or listed with `eol: true`.
      const undated = known
        ? "which gets no security fixes (past its end of life; the release table gives no date)"
        : "older than every supported release";
      out.push({
        ...base,
        rule: "patch/runtime-eol",
        level: pastLevel,
        severity: "high",
        title: `${name} is past its end of life`,
        message: `${where} declares ${name}, ${undated}.${advice}${why}`,
      });
      continue;
    }
    if (known.eol === false) continue;
    const eol = new Date(`${known.eol}T00:00:00Z`);
    const days = Math.ceil((eol.getTime() - now.getTime()) / DAY);
    if (days <= 0) {
      out.push({
        ...base,
        rule: "patch/runtime-eol",
        level: pastLevel,
        severity: "high",
        title: `${name} reached its end of life on ${known.eol}`,
        message: `${where} declares ${name}, which gets no security fixes since ${known.eol}.${advice}${why}`,
        properties: { ...base.properties, eol: known.eol },
      });
    } else if (days <= policy.warnDays) {
      out.push({
        ...base,
        rule: "patch/runtime-eol-soon",
        level: ships ? "warning" : "note",
        severity: "medium",
        title: `${name} reaches its end of life on ${known.eol} (${days} days)`,
        message: `${where} declares ${name}; plan the upgrade before ${known.eol}.${advice}`,
        properties: { ...base.properties, eol: known.eol, daysLeft: days },
      });
    }
  }
  return out;
}
