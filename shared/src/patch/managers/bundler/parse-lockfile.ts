import { InputError } from "../../../errors.js";

/**
 * The parts of a Gemfile.lock that patch-check uses.
 * Gemfile.lock is written by Bundler's Ruby `LockfileGenerator` and has no maintained JavaScript parser,
 * so this follows Bundler's `LockfileParser`: sections start at column 0, source options are indented two
 * spaces, specs four (`name (version[-platform])`), and a spec's dependencies six.
 */
export interface GemSpec {
  name: string;
  version: string;
  platform: string | undefined;
  line: number;
  source: { type: "GEM" | "GIT" | "PATH" | "PLUGIN SOURCE"; remote: string | undefined; revision: string | undefined };
  dependencies: string[];
}

export interface GemLockfile {
  specs: GemSpec[];
  /** DEPENDENCIES entries: the Gemfile's own gems (`!` marks a git/path source). */
  dependencies: { name: string; line: number }[];
  bundledWith: string | undefined;
  /** Sections Upkeep does not read, with their line (listed as skipped, never silently ignored). */
  unknownSections: { name: string; line: number }[];
}

const SOURCE_SECTIONS = new Set(["GEM", "GIT", "PATH", "PLUGIN SOURCE"]);
const KNOWN_OTHER = new Set(["PLATFORMS", "DEPENDENCIES", "RUBY VERSION", "BUNDLED WITH", "CHECKSUMS"]);
const SPEC = /^ {4}([^ (]+)(?: \(([^-)]*)(?:-([^)]*))?\))?$/;
const SPEC_DEPENDENCY = /^ {6}([^ (!]+)/;
const DEPENDENCY = /^ {2}([^ (!]+)/;

/**
 * Parses Gemfile.lock text.
 * @throws InputError at `file:line` for a spec line Bundler would not read, or a file with no sections.
 */
export function parseGemfileLock(file: string, text: string): GemLockfile {
  const result: GemLockfile = { specs: [], dependencies: [], bundledWith: undefined, unknownSections: [] };
  let section: string | undefined;
  let source: GemSpec["source"] | undefined;
  let current: GemSpec | undefined;
  let sawDependencies = false;
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw.trim() === "") return;
    if (!raw.startsWith(" ")) {
      section = raw.trim();
      current = undefined;
      source = undefined;
      if (SOURCE_SECTIONS.has(section)) {
        source = { type: section as GemSpec["source"]["type"], remote: undefined, revision: undefined };
      } else if (section === "DEPENDENCIES") {
        sawDependencies = true;
      } else if (!KNOWN_OTHER.has(section)) {
        result.unknownSections.push({ name: section, line: lineNo });
      }
      return;
    }
    if (source) {
      const option = /^ {2}([a-z_]+):\s*(.*)$/.exec(raw);
      if (option) {
        if (option[1] === "remote") source.remote = option[2];
        if (option[1] === "revision") source.revision = option[2];
        return;
      }
      const spec = SPEC.exec(raw);
      if (spec) {
        if (spec[2] === undefined) fail(lineNo, `spec "${raw.trim()}" has no version`);
        current = {
          name: spec[1]!,
          version: spec[2],
          platform: spec[3],
          line: lineNo,
          source,
          dependencies: [],
        };
        result.specs.push(current);
        return;
      }
      const dep = SPEC_DEPENDENCY.exec(raw);
      if (dep && current) {
        current.dependencies.push(dep[1]!);
        return;
      }
      fail(lineNo, `unexpected line in the ${section} section: "${raw.trim()}"`);
    }
    if (section === "DEPENDENCIES") {
      const dep = DEPENDENCY.exec(raw);
      if (!dep) fail(lineNo, `unexpected line in DEPENDENCIES: "${raw.trim()}"`);
      result.dependencies.push({ name: dep[1]!, line: lineNo });
      return;
    }
    if (section === "BUNDLED WITH") result.bundledWith = raw.trim();
  });
  if (!sawDependencies) {
    fail(
      undefined,
      result.specs.length === 0
        ? "no GEM, GIT, PATH or DEPENDENCIES section: this is not a Gemfile.lock"
        : "no DEPENDENCIES section: the file looks truncated",
    );
  }
  return result;

  function fail(line: number | undefined, message: string): never {
    throw new InputError(message, {
      location: line === undefined ? { file } : { file, line },
      hint: "Regenerate it with `bundle lock`.",
    });
  }
}
