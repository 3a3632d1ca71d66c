/** Every registry version source by id (design §3); the contract test walks this map. */
import type { Ecosystem } from "../../types.js";
import type { VersionSource } from "../types.js";
import { cratesVersions } from "./crates.js";
import { goProxyVersions } from "./goproxy.js";
import { npmVersions } from "./npm.js";
import { packagistVersions } from "./packagist.js";
import { pypiVersions } from "./pypi.js";
import type { RegistryOptions } from "./registry-http.js";
import { rubygemsVersions } from "./rubygems.js";

/** Builds a version source from its options. */
export type VersionSourceFactory = (options: RegistryOptions) => VersionSource;

/** Registry id -> factory and the ecosystem it serves. */
export const versionSources: ReadonlyMap<string, { ecosystem: Ecosystem; create: VersionSourceFactory }> = new Map([
  ["npm", { ecosystem: "npm", create: npmVersions }],
  ["pypi", { ecosystem: "PyPI", create: pypiVersions }],
  ["crates", { ecosystem: "crates.io", create: cratesVersions }],
  ["goproxy", { ecosystem: "Go", create: goProxyVersions }],
  ["packagist", { ecosystem: "Packagist", create: packagistVersions }],
  ["rubygems", { ecosystem: "RubyGems", create: rubygemsVersions }],
]);
