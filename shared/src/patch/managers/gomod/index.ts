import semver from "semver";
import { InputError } from "../../../errors.js";
import type { Manager, ManagerContext, ParsedLockfile, ScannedPackage, SkippedEntry } from "../../types.js";
import { assertNotEmpty, siblingPath } from "../common.js";
import { GO_VERSION, type GoReplace, parseGoMod } from "./parse-gomod.js";

/** go.mod lists every module in the build from this `go` version on (module graph pruning). */
const PRUNED_FROM_MINOR = 17;

/** Go's version order for module versions (pseudo-versions are semver pre-releases; `+incompatible` is build metadata). */
export function compareGoVersions(a: string, b: string): number {
  const va = semver.valid(a.replace(/^v/, ""));
  const vb = semver.valid(b.replace(/^v/, ""));
  if (va && vb) return semver.compare(va, vb);
  return a < b ? -1 : a > b ? 1 : 0;
}

function isLocalPath(path: string): boolean {
  return /^(?:\.{1,2}(?:[\\/]|$)|[\\/]|[A-Za-z]:[\\/])/.test(path);
}

/** The replace that applies to `path@version`: a versioned one wins over an unversioned one. */
function findReplace(replaces: readonly GoReplace[], path: string, version: string): GoReplace | undefined {
  let any: GoReplace | undefined;
  for (const r of replaces) {
    if (r.oldPath !== path) continue;
    if (r.oldVersion === version) return r;
    if (r.oldVersion === undefined) any = r;
  }
  return any;
}

/**
 * go.mod (`require` lines and blocks, `// indirect`, `replace`, `exclude`), plus go.sum for modules whose
 * `go` directive is below 1.17 (or absent): there go.mod omits most indirect dependencies, so every module
 * go.sum lists (from its `/go.mod` hash lines) that go.mod does not is added as indirect at the highest
 * version go.sum lists for it — an approximation of minimal version selection, which needs the whole
 * module graph. A replaced module is reported under its replacement's path and version; a replacement
 * by a local directory, and a required version that an `exclude` removes, are skipped. Versions are kept
 * as go.mod writes them (`v1.2.3`, pseudo-versions, `+incompatible`). `formatVersion` is the `go`
 * directive. Groups are `unknown` (go.mod does not separate test-only modules); `dependencies` are empty.
 * The Go standard library is one more package, `stdlib`, at the `toolchain` version (else the `go` one).
 * @throws InputError for an empty file, a syntax error, an invalid version, or a `go` directive that is not Go 1.
 */
export const gomodManager: Manager = {
  id: "gomod",
  ecosystem: "Go",
  fileNames: ["go.mod"],
  supportedVersions: ["go 1.x directive"],
  parse: parseGoModFile,
};

async function parseGoModFile(file: string, text: string, context: ManagerContext): Promise<ParsedLockfile> {
  assertNotEmpty(file, text, "go.mod");
  const mod = parseGoMod(file, text);
  if (mod.module === undefined) {
    throw new InputError("no `module` directive: this is not a go.mod file", {
      location: { file },
      hint: "A go.mod starts with `module example.com/path`; create it with `go mod init`.",
    });
  }
  const goMatch = mod.go ? /^1\.(\d+)(?:\.\d+)?(?:(?:rc|beta)\d+)?$/.exec(mod.go.version) : undefined;
  if (mod.go && !goMatch) {
    throw new InputError(`unsupported go directive "go ${mod.go.version}" (supported: go 1.x)`, {
      location: { file, line: mod.go.line },
      hint: "Upkeep does not guess at module formats it does not know; update Upkeep or fix the go line.",
    });
  }
  const minor = goMatch ? Number(goMatch[1]) : 16; // no go directive: the go command assumes go 1.16

  const packages: ScannedPackage[] = [];
  const skipped: SkippedEntry[] = [];
  const seen = new Set<string>();
  const excluded = new Set(mod.excludes.map((e) => `${e.path}@${e.version}`));
  const add = (path: string, version: string, direct: boolean, where: string, line: number): void => {
    if (excluded.has(`${path}@${version}`)) {
      skipped.push({ file: where, line, name: path, reason: `version ${version} is excluded by an exclude directive` });
      return;
    }
    const replace = findReplace(mod.replaces, path, version);
    let name = path;
    let effective = version;
    if (replace) {
      if (replace.newVersion === undefined || isLocalPath(replace.newPath)) {
        skipped.push({
          file: where,
          line,
          name: path,
          reason: `replaced by local directory ${replace.newPath} (go.mod line ${replace.line})`,
        });
        return;
      }
      name = replace.newPath;
      effective = replace.newVersion;
    }
    const id = `${name}@${effective}`;
    if (seen.has(id)) return;
    seen.add(id);
    packages.push({
      ecosystem: "Go",
      name,
      version: effective,
      id,
      group: "unknown",
      direct,
      file: where,
      line,
      dependencies: [],
    });
  };
  for (const r of mod.requires) add(r.path, r.version, !r.indirect, file, r.line);

  if (minor < PRUNED_FROM_MINOR) {
    const goSumPath = siblingPath(file, "go.sum");
    const goSum = await context.readSibling("go.sum");
    if (goSum === undefined) {
      skipped.push({
        file: goSumPath,
        reason: `go.sum not found: with go ${mod.go?.version ?? "1.16 (no go directive)"} go.mod omits indirect dependencies, which are therefore not scanned`,
      });
    } else {
      const required = new Set(mod.requires.map((r) => r.path));
      required.add(mod.module);
      for (const [path, { version, line }] of highestGoSumVersions(goSumPath, goSum)) {
        if (!required.has(path)) add(path, version, false, goSumPath, line);
      }
    }
  }
  // The standard library is built into every binary at the toolchain's version: OSV lists its advisories
  // under the package `stdlib` of the Go ecosystem, as osv-scanner matches them. The `toolchain` line names
  // the version the module is built with; without it, the `go` line (from Go 1.21 on a full version).
  const toolchain = /^toolchain\s+go(\d+\.\d+(?:\.\d+)?)\s*(?:\/\/.*)?$/m.exec(text);
  const stdlibVersion = toolchain?.[1] ?? mod.go?.version;
  if (stdlibVersion && /^\d+\.\d+(\.\d+)?$/.test(stdlibVersion)) {
    const full = /^\d+\.\d+$/.test(stdlibVersion) ? `${stdlibVersion}.0` : stdlibVersion;
    const line = toolchain ? text.slice(0, toolchain.index).split("\n").length : (mod.go?.line ?? 1);
    add("stdlib", `v${full}`, true, file, line);
  }
  return { file, manager: "gomod", ...(mod.go ? { formatVersion: mod.go.version } : {}), packages, skipped };
}

/**
 * Each module go.sum names in a `/go.mod` hash line, at its highest version, with that line.
 * @throws InputError at `go.sum:line` for a line that is not `module version[/go.mod] hash`.
 */
function highestGoSumVersions(file: string, text: string): Map<string, { version: string; line: number }> {
  const best = new Map<string, { version: string; line: number }>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    const [path, version, hash, extra] = line.split(/\s+/);
    if (!path || !version || !hash || extra !== undefined || !GO_VERSION.test(version.replace(/\/go\.mod$/, ""))) {
      throw new InputError(`malformed go.sum line "${line}"`, {
        location: { file, line: i + 1 },
        hint: "Regenerate go.sum with `go mod tidy`.",
      });
    }
    if (!version.endsWith("/go.mod")) return;
    const v = version.slice(0, -"/go.mod".length);
    const current = best.get(path);
    if (!current || compareGoVersions(v, current.version) > 0) best.set(path, { version: v, line: i + 1 });
  });
  return best;
}
