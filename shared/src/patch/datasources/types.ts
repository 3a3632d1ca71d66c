/**
 * The datasource contracts of patch-check (design §3): where advisories come from (`VulnerabilitySource`)
 * and where released versions come from (`VersionSource`, for "outdated").
 */
import { InputError } from "../../errors.js";
import { normalizePackageName } from "../names.js";
import type { OsvRecord } from "../osv-schema.js";
import type { Ecosystem, PackageRef } from "../types.js";

/** What a vulnerability source found for a list of packages, plus counters for logs and benchmarks. */
export interface VulnerabilityQueryResult {
  /**
   * Keyed by {@link packageKey}. Every package that was asked about has an entry (an empty array when
   * nothing affects it), so a missing key means the package was not part of the query.
   */
  byPackage: Map<string, OsvRecord[]>;
  stats: {
    /** HTTP requests made (querybatch calls, advisory fetches, GitHub pages), retries included. */
    requests: number;
    /** Batch calls (OSV querybatch, GitHub `/advisories` pages). */
    batches: number;
    /** Advisories downloaded in full (not served from a cache). */
    advisoriesFetched: number;
    /** Advisories served from the in-memory or on-disk cache. */
    cacheHits: number;
  };
}

/** An advisory database. Sources are combinable: the caller merges `byPackage` maps and groups aliases. */
export interface VulnerabilitySource {
  id: "osv" | "osv-offline" | "github";
  /**
   * The advisories that affect each package. Duplicates in `packages` are queried once.
   * Throws ExternalServiceError when the service fails after retries, InputError for unusable local data.
   */
  query(packages: readonly PackageRef[]): Promise<VulnerabilityQueryResult>;
}

/** One published version of a package, as its registry reports it. */
export interface Release {
  version: string;
  /** ISO 8601 publish time, when the registry says. */
  publishedAt?: string;
  /** Withdrawn by its publisher (PyPI yanked, crates.io yanked). */
  yanked?: boolean;
  /** Marked as not to be used (npm `deprecated`, Packagist `abandoned`). */
  deprecated?: boolean;
  /**
   * Runtime dependency ranges this release declares, by name, where the registry lists them (npm:
   * `dependencies` + `optionalDependencies`). Used to find the smallest direct upgrade that brings a fix.
   */
  dependencies?: Record<string, string>;
}

/** A package registry that lists the releases of a package (npm, PyPI, crates.io, Go proxy, Packagist, RubyGems). */
export interface VersionSource {
  /** Registry key, e.g. `npm`, `pypi`, `crates`, `goproxy`, `packagist`, `rubygems`. */
  id: string;
  ecosystem: Ecosystem;
  /**
   * Every release of `name`, in the registry's order (callers sort with the ecosystem's scheme).
   * Throws {@link UnknownPackageError} when the registry does not know the package (so callers can list
   * it as skipped instead of mistaking it for "no releases"), ExternalServiceError when the registry
   * fails, refuses the credentials (401/403), or answers something that is not its documented format.
   */
  releases(name: string): Promise<Release[]>;
}

/** The registry answered 404 for a package: private, misspelt, or removed. */
export class UnknownPackageError extends InputError {
  readonly ecosystem: Ecosystem;
  readonly packageName: string;
  readonly registry: string;
  constructor(ecosystem: Ecosystem, packageName: string, registry: string) {
    super(`${ecosystem} package ${packageName} is not on ${registry}`, {
      hint: "if it is a private package, configure the registry URL (and a token) where it is published",
    });
    this.ecosystem = ecosystem;
    this.packageName = packageName;
    this.registry = registry;
  }
}

/**
 * The identity of a package version across sources: ecosystem, normalised name and version
 * (`PyPI:jinja2@3.1.2` for `Jinja2 3.1.2`). Two refs with the same key are the same package version.
 */
export function packageKey(p: PackageRef): string {
  return `${p.ecosystem}:${normalizePackageName(p.ecosystem, p.name)}@${p.version.trim()}`;
}

/** Packages with duplicates (by {@link packageKey}) removed, first occurrence kept, order preserved. */
export function uniquePackages(packages: readonly PackageRef[]): PackageRef[] {
  const seen = new Map<string, PackageRef>();
  for (const p of packages) {
    const key = packageKey(p);
    if (!seen.has(key)) seen.set(key, p);
  }
  return [...seen.values()];
}

export { normalizePackageName, normalizePypiName } from "../names.js";
