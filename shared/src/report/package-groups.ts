/**
 * Groups the findings that are about one advisory in one package version (their properties name
 * `advisory`, `package`, `version` and `fixedVersion`, as patch-check's vulnerability findings do) into one row per
 * package@version, so a maintainer sees each package once with its advisories, paths and fix.
 */
import type { Finding } from "./model.js";

/** One package version with every advisory finding about it, most important first. */
export interface PackageGroup {
  /** `ecosystem:name@version`. */
  key: string;
  ecosystem: string;
  name: string;
  version: string;
  /** The findings (one per advisory and lockfile), in the order they were given. */
  findings: Finding[];
  /** Distinct dependency paths (`a > b > c`), shortest first. */
  paths: string[];
  /** Distinct `file:line` places the package version is locked. */
  locations: Array<{ file: string; line?: number }>;
  /**
   * The smallest version that fixes every advisory (`properties.packageFix`), or the first
   * `fixedVersion` seen when the engine did not compute one; undefined when none is published.
   */
  fix?: string;
  /** Advisory ids with no fix published. */
  unfixed: string[];
}

/** The package identity of a finding, when it is an advisory finding about a package version. */
export function packageOf(f: Finding): { ecosystem: string; name: string; version: string } | undefined {
  const p = f.properties;
  if (!p || typeof p.advisory !== "string") return undefined;
  if (typeof p.package !== "string" || typeof p.version !== "string") return undefined;
  // An advisory finding says which version fixes it (null when none does); a "fixed by this PR" note
  // names the advisory too but is no open vulnerability, so it stays a row of its own.
  if (!("fixedVersion" in p)) return undefined;
  return { ecosystem: typeof p.ecosystem === "string" ? p.ecosystem : "", name: p.package, version: p.version };
}

/**
 * Splits ordered findings into package groups (in the order of each group's first finding) and the
 * findings that are not about an advisory in a package. Never throws.
 */
export function groupByPackage(findings: readonly Finding[]): { groups: PackageGroup[]; others: Finding[] } {
  const groups = new Map<string, PackageGroup>();
  const others: Finding[] = [];
  for (const f of findings) {
    const pkg = packageOf(f);
    if (!pkg) {
      others.push(f);
      continue;
    }
    const key = `${pkg.ecosystem}:${pkg.name}@${pkg.version}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, ...pkg, findings: [], paths: [], locations: [], unfixed: [] };
      groups.set(key, g);
    }
    g.findings.push(f);
    const props = f.properties ?? {};
    const path = props.path;
    if (Array.isArray(path) && path.length > 1) {
      const text = path.map(String).join(" > ");
      if (!g.paths.includes(text)) g.paths.push(text);
    }
    if (f.file !== undefined && !g.locations.some((l) => l.file === f.file && l.line === f.line)) {
      g.locations.push({ file: f.file, ...(f.line !== undefined ? { line: f.line } : {}) });
    }
    if (typeof props.packageFix === "string") g.fix = props.packageFix;
    else if (g.fix === undefined && typeof props.fixedVersion === "string") g.fix = props.fixedVersion;
    if (typeof props.fixedVersion !== "string" && !g.unfixed.includes(props.advisory as string)) {
      g.unfixed.push(props.advisory as string);
    }
  }
  for (const g of groups.values()) g.paths.sort((a, b) => a.split(" > ").length - b.split(" > ").length);
  return { groups: [...groups.values()], others };
}
