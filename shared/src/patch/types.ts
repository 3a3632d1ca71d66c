/**
 * The data patch-check works on: packages read from lockfiles, advisories, findings.
 * Ecosystem names are OSV's (https://ossf.github.io/osv-schema/#affectedpackage-field).
 */

export type Ecosystem = "npm" | "PyPI" | "crates.io" | "Go" | "Packagist" | "RubyGems" | "Maven";

export const ECOSYSTEMS: readonly Ecosystem[] = ["npm", "PyPI", "crates.io", "Go", "Packagist", "RubyGems", "Maven"];

/**
 * How a package is used, as the lockfile says. When a package is reachable both ways, the stronger one
 * wins: prod > optional > peer > bundled > dev. `unknown` when the format does not say.
 */
export type DependencyGroup = "prod" | "dev" | "optional" | "peer" | "bundled" | "unknown";

export interface PackageRef {
  ecosystem: Ecosystem;
  /** The name as the ecosystem spells it (npm scope included, Go module path, Maven `group:artifact`). */
  name: string;
  version: string;
}

/** One resolved package in one lockfile. */
export interface ScannedPackage extends PackageRef {
  /** Unique key of this entry inside its lockfile (e.g. `node_modules/a/node_modules/b`, `name@version`). */
  id: string;
  group: DependencyGroup;
  /** Declared by the project itself (a root manifest dependency), not only pulled in by another package. */
  direct: boolean;
  /** Repository-relative path of the lockfile, with `/`. */
  file: string;
  /** 1-based line where the entry starts, when the format's text allows it. */
  line?: number;
  /** `id`s of the entries this one depends on (resolved), for dependency paths. Empty when unknown. */
  dependencies: string[];
}

/** An entry or file that was not scanned, and why; listed in the report, never silently dropped. */
export interface SkippedEntry {
  file: string;
  line?: number;
  name?: string;
  /** e.g. "local path dependency (file:../lib)", "workspace package", "git dependency". */
  reason: string;
}

/** What a manager makes of one lockfile. */
export interface ParsedLockfile {
  file: string;
  /** Manager id (registry key), e.g. `npm`, `pnpm`. */
  manager: string;
  /** The format version the file declares (lockfileVersion, `__metadata.version`, ...), when it has one. */
  formatVersion?: string;
  packages: ScannedPackage[];
  skipped: SkippedEntry[];
}

/** What a manager may read besides the file itself (go.sum beside go.mod, package.json beside a lockfile). */
export interface ManagerContext {
  /** Reads a file relative to the lockfile's folder; undefined when it does not exist. */
  readSibling(name: string): Promise<string | undefined>;
}

/**
 * A lockfile/manifest parser (design §3). Throws InputError with the file (and line) when the file is
 * corrupt, truncated, or declares a format version the parser does not know (fail closed).
 */
export interface Manager {
  /** Registry key and folder name, e.g. `npm`, `pnpm`, `yarn`, `poetry`. */
  id: string;
  ecosystem: Ecosystem;
  /** Base names of the files it reads, e.g. `["package-lock.json", "npm-shrinkwrap.json"]`. */
  fileNames: readonly string[];
  /** Format versions it understands, for docs and error messages (e.g. `["1", "2", "3"]`). */
  supportedVersions: readonly string[];
  parse(file: string, text: string, context: ManagerContext): Promise<ParsedLockfile>;
}
