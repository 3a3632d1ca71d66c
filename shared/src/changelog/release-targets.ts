/**
 * What is released, as `upkeep changelog` and the drift-check action resolve it: the repository, or the
 * packages of `changelog.packages` (each with its tag scheme and changelog file), and the link base read
 * from the `origin` remote.
 */
import type { ChangelogConfig } from "../config/types.js";
import type { FileSystemPort, GitPort } from "../ports.js";
import { parseRepoUrl } from "./repo-url.js";
import type { ChangelogTarget } from "./repository.js";
import type { RepoLinks } from "./types.js";

/** One thing that is released: the repository, or one package of `changelog.packages`. */
export interface ReleaseTarget {
  /** Package name; undefined for the repository. */
  name: string | undefined;
  target: ChangelogTarget;
  /** Its changelog file, relative to the repository root. */
  file: string;
}

/** How {@link releaseTargets} picks and names the targets. */
export interface ReleaseTargetOptions {
  /** Tag prefix; default `changelog.tagPrefix`. */
  tagPrefix?: string;
  /** Only this package (its name or path); default every package. */
  package?: string;
  /** The repository's changelog file when there are no packages; default `CHANGELOG.md`. */
  file?: string;
  /** The error to throw when `package` names no configured package (`known`: the package names). */
  unknownPackage: (wanted: string, known: string[]) => Error;
}

async function manifestName(fs: FileSystemPort, path: string): Promise<string | undefined> {
  const file = `${path}/package.json`;
  if (!(await fs.exists(file))) return undefined;
  try {
    const name = (JSON.parse(await fs.readText(file)) as { name?: unknown }).name;
    return typeof name === "string" ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The release targets: the package named by `options.package` (name or path), else every
 * `changelog.packages` entry, else the repository. A package is named by `name`, else its package.json's
 * name, else its folder's name. `fs` is rooted at the repository root (package paths are relative to it).
 * Throws `options.unknownPackage(...)` for a package that is not configured.
 */
export async function releaseTargets(
  config: ChangelogConfig,
  fs: FileSystemPort,
  options: ReleaseTargetOptions,
): Promise<ReleaseTarget[]> {
  const prefix = options.tagPrefix ?? config.tagPrefix;
  const packages: ReleaseTarget[] = [];
  for (const p of config.packages) {
    const path = p.path.replace(/\/+$/, "");
    const name = p.name ?? (await manifestName(fs, path)) ?? path.split("/").pop() ?? path;
    packages.push({
      name,
      target: { scheme: { prefix, format: p.tagFormat, packageName: name }, path },
      file: p.changelog ?? `${path}/CHANGELOG.md`,
    });
  }
  const wanted = options.package;
  if (wanted !== undefined) {
    const hit = packages.filter((p) => p.name === wanted || p.target.path === wanted.replace(/\/+$/, ""));
    if (hit.length === 0) {
      throw options.unknownPackage(
        wanted,
        packages.map((p) => p.name ?? ""),
      );
    }
    return hit;
  }
  if (packages.length > 0) return packages;
  return [{ name: undefined, target: { scheme: { prefix } }, file: options.file ?? "CHANGELOG.md" }];
}

/** Link base from the `origin` remote; undefined without `git`, without that remote, or for a local path. Never throws. */
export async function originLinks(git: GitPort | undefined): Promise<RepoLinks | undefined> {
  if (!git) return undefined;
  try {
    return parseRepoUrl(await git.run(["remote", "get-url", "origin"]));
  } catch {
    return undefined;
  }
}

/**
 * Link base for commit, PR and compare links in a workflow run: the run's repository on its server
 * (`GITHUB_SERVER_URL`/`GITHUB_REPOSITORY`, what the runner sets), else the `origin` remote, else none.
 * Never throws.
 */
export async function repositoryLinks(
  env: Readonly<Record<string, string | undefined>>,
  git: GitPort,
): Promise<RepoLinks | undefined> {
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY) {
    const links = parseRepoUrl(`${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`);
    if (links) return links;
  }
  return originLinks(git);
}
