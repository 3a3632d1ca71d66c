import type { Ecosystem } from "../types.js";
import { composerScheme } from "./composer/index.js";
import { goScheme } from "./go/index.js";
import { mavenScheme } from "./maven/index.js";
import { pep440Scheme } from "./pep440/index.js";
import { rubygemsScheme } from "./rubygems/index.js";
import { semverScheme } from "./semver/index.js";
import type { VersionScheme } from "./types.js";

/**
 * Every version scheme, by id. Adding one: create `versioning/<id>/index.ts` exporting a VersionScheme,
 * register it here; test/shared/patch/versioning/contract.test.ts tells you what is missing.
 */
export const versionSchemes: ReadonlyMap<string, VersionScheme> = new Map<string, VersionScheme>(
  [semverScheme, pep440Scheme, goScheme, rubygemsScheme, composerScheme, mavenScheme].map((s) => [s.id, s]),
);

/** The scheme id of each OSV ecosystem (crates.io versions are SemVer, as Cargo requires). */
export const ECOSYSTEM_SCHEMES: Readonly<Record<Ecosystem, string>> = {
  npm: "semver",
  "crates.io": "semver",
  PyPI: "pep440",
  Go: "go",
  RubyGems: "rubygems",
  Packagist: "composer",
  Maven: "maven",
};

/** The version scheme of an ecosystem. Never throws for an `Ecosystem`; every one has a scheme. */
export function schemeForEcosystem(ecosystem: Ecosystem): VersionScheme {
  return versionSchemes.get(ECOSYSTEM_SCHEMES[ecosystem])!;
}
