import { InputError } from "../../../errors.js";

/**
 * The directives of a go.mod file that patch-check uses.
 * go.mod has its own syntax (Go's `golang.org/x/mod/modfile`); there is no maintained JavaScript parser
 * of it, so this small one follows modfile's lexical rules: `//` comments, quoted and raw-quoted
 * tokens, `verb ( ... )` blocks, and `// indirect` as the comment that marks an indirect requirement.
 */
export interface GoModFile {
  module: string | undefined;
  go: { version: string; line: number } | undefined;
  requires: GoRequire[];
  replaces: GoReplace[];
  excludes: { path: string; version: string; line: number }[];
}

export interface GoRequire {
  path: string;
  version: string;
  indirect: boolean;
  line: number;
}

export interface GoReplace {
  oldPath: string;
  /** Only this version is replaced; undefined replaces every version. */
  oldVersion: string | undefined;
  newPath: string;
  /** Undefined when the replacement is a local directory. */
  newVersion: string | undefined;
  line: number;
}

const KNOWN = new Set([
  "module",
  "go",
  "toolchain",
  "godebug",
  "require",
  "exclude",
  "replace",
  "retract",
  "tool",
  "ignore",
]);
const BLOCK_VERBS = new Set(["require", "exclude", "replace", "retract", "godebug", "tool", "ignore"]);
const TOKEN = /"(?:[^"\\]|\\.)*"|`[^`]*`|=>|[^\s"`]+/g;
/** A semantic version as Go writes it: v1.2.3, pre-releases, pseudo-versions, `+incompatible`. */
export const GO_VERSION = /^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

function unquote(token: string): string {
  if (token.startsWith("`")) return token.slice(1, -1);
  if (token.startsWith('"')) return JSON.parse(token) as string;
  return token;
}

function splitComment(line: string): { code: string; comment: string | undefined } {
  // `//` cannot occur inside a module path or version, and quoted tokens rarely hold it; modfile's lexer
  // would honour quotes, so scan past them.
  let inQuote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (inQuote) {
      if (c === "\\" && inQuote === '"') i++;
      else if (c === inQuote) inQuote = undefined;
    } else if (c === '"' || c === "`") inQuote = c;
    else if (c === "/" && line[i + 1] === "/") return { code: line.slice(0, i), comment: line.slice(i + 2).trim() };
  }
  return { code: line, comment: undefined };
}

/**
 * Parses go.mod text.
 * @throws InputError at `file:line` for an unknown directive, an unterminated block, or a malformed
 * require/replace/exclude line or version (the go command rejects these too).
 */
export function parseGoMod(file: string, text: string): GoModFile {
  const result: GoModFile = { module: undefined, go: undefined, requires: [], replaces: [], excludes: [] };
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  let block: { verb: string; line: number } | undefined;
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const { code, comment } = splitComment(raw);
    const tokens = (code.match(TOKEN) ?? []).map((t) => (t === "=>" ? t : unquote(t)));
    if (tokens.length === 0) return;
    const indirect = comment !== undefined && (comment === "indirect" || comment.startsWith("indirect;"));
    if (block) {
      if (tokens.length === 1 && tokens[0] === ")") {
        block = undefined;
        return;
      }
      directive(block.verb, tokens, indirect, lineNo);
      return;
    }
    const [verb = "", ...args] = tokens;
    if (!KNOWN.has(verb)) fail(lineNo, `unknown go.mod directive "${verb}"`);
    if (BLOCK_VERBS.has(verb) && args[0] === "(") {
      if (args.length === 2 && args[1] === ")") return; // `require ()`
      if (args.length > 1) fail(lineNo, `unexpected text after "${verb} ("`);
      block = { verb, line: lineNo };
      return;
    }
    directive(verb, args, indirect, lineNo);
  });
  if (block) fail(block.line, `"${block.verb} (" block is never closed with ")": the file may be truncated`);
  return result;

  function fail(line: number, message: string): never {
    throw new InputError(message, {
      location: { file, line },
      hint: "Fix the line (`go mod tidy` reports the same problem) or regenerate go.mod.",
    });
  }

  function directive(verb: string, args: string[], indirect: boolean, line: number): void {
    switch (verb) {
      case "module":
        result.module = args[0];
        return;
      case "go":
        if (args.length !== 1) fail(line, "usage: go 1.21");
        result.go = { version: args[0]!, line };
        return;
      case "require":
      case "exclude": {
        const [path, version] = args;
        if (args.length !== 2 || !path || !version) fail(line, `usage: ${verb} module/path v1.2.3`);
        if (!GO_VERSION.test(version))
          fail(line, `invalid module version "${version}" for ${path}: must look like v1.2.3`);
        if (verb === "require") result.requires.push({ path, version, indirect, line });
        else result.excludes.push({ path, version, line });
        return;
      }
      case "replace": {
        const arrow = args.indexOf("=>");
        const left = args.slice(0, arrow);
        const right = args.slice(arrow + 1);
        if (arrow === -1 || left.length < 1 || left.length > 2 || right.length < 1 || right.length > 2) {
          fail(line, "usage: replace module/path [v1.2.3] => other/path v1.2.4 | ../local/dir");
        }
        const [oldPath, oldVersion] = left as [string, string | undefined];
        const [newPath, newVersion] = right as [string, string | undefined];
        for (const v of [oldVersion, newVersion]) {
          if (v !== undefined && !GO_VERSION.test(v)) fail(line, `invalid module version "${v}" in replace`);
        }
        result.replaces.push({ oldPath, oldVersion, newPath, newVersion, line });
        return;
      }
      default:
        return; // toolchain, godebug, retract, tool, ignore: nothing patch-check needs
    }
  }
}
