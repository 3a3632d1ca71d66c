import { InputError } from "../../../errors.js";
import { normalizePypiName } from "../../names.js";

/** A PEP 508 distribution name (before normalisation). */
const PEP508_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/**
 * One meaningful statement of a pip requirements file.
 * pip's requirements-file syntax is defined by pip's own implementation (line continuations, options,
 * per-requirement `--hash`, `# via` annotations written by pip-compile/uv); no maintained JavaScript
 * package parses it, so this module does, following pip's `req_file.py` rules.
 */
export type RequirementLine =
  | { kind: "pinned"; line: number; name: string; version: string; via: string[] | undefined }
  | { kind: "include"; line: number; path: string }
  | { kind: "skip"; line: number; name?: string; reason: string };

const NOT_PINNED = "use a lockfile or pin with ==";
/** Per-requirement options pip accepts after the specifier; everything from the first one on is dropped. */
const TRAILING_OPTION = /\s--?(?:hash|config-settings|global-option|install-option)\b.*$/;
const URL_OR_PATH = /^(?:[a-z][a-z0-9+.-]*:\/\/|[a-z]+\+[a-z]+:|\.{1,2}[\\/]|[\\/~]|[A-Za-z]:[\\/])/i;
const ARCHIVE = /\.(?:whl|zip|tar\.gz|tgz|tar\.bz2|tar)$/i;

/** Parses a `# via ...` annotation list (`a, b` or `-r requirements.in`) into names and `-r`/`-c` markers. */
function viaItems(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/**
 * Splits requirements-file text into statements with their 1-based starting lines.
 * @throws InputError at `file:line` for a requirement pip would reject as invalid.
 */
export function parseRequirementLines(file: string, text: string): RequirementLine[] {
  const physical = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const out: RequirementLine[] = [];
  let lastPinned: Extract<RequirementLine, { kind: "pinned" }> | undefined;
  let inViaBlock = false;
  for (let i = 0; i < physical.length; i++) {
    const startLine = i + 1;
    let logical = physical[i]!;
    const trimmed = logical.trim();
    if (trimmed.startsWith("#")) {
      const comment = trimmed.replace(/^#\s?/, "");
      const via = /^\s*via(?:\s+(.*))?$/.exec(comment);
      if (via && lastPinned) {
        lastPinned.via ??= [];
        if (via[1]) lastPinned.via.push(...viaItems(via[1]));
        inViaBlock = via[1] === undefined;
      } else if (inViaBlock && lastPinned && /^\s{2,}\S/.test(comment)) {
        lastPinned.via?.push(...viaItems(comment));
      } else {
        inViaBlock = false;
      }
      continue;
    }
    inViaBlock = false;
    while (logical.endsWith("\\") && i + 1 < physical.length) {
      i++;
      logical = `${logical.slice(0, -1)} ${physical[i]!}`;
    }
    const statement = logical
      .replace(/(^|\s)#.*$/, "")
      .replace(/\\$/, "")
      .trim();
    if (statement === "") continue;
    const parsed = parseStatement(file, statement, startLine);
    if (parsed) {
      out.push(parsed);
      lastPinned = parsed.kind === "pinned" ? parsed : undefined;
    }
  }
  return out;
}

function optionValue(statement: string, short: string, long: string): string | undefined {
  const m = new RegExp(`^(?:${short}\\s*|${long}(?:\\s+|\\s*=\\s*))(\\S.*)$`).exec(statement);
  return m?.[1]?.trim();
}

function parseStatement(file: string, statement: string, line: number): RequirementLine | undefined {
  if (statement.startsWith("-")) {
    const include = optionValue(statement, "-r", "--requirement");
    if (include !== undefined) {
      return /^[a-z]+:\/\//i.test(include)
        ? { kind: "skip", line, reason: `remote requirements file not fetched (${include})` }
        : { kind: "include", line, path: include };
    }
    const constraint = optionValue(statement, "-c", "--constraint");
    if (constraint !== undefined) {
      return { kind: "skip", line, reason: `constraints file not read (${constraint}): constraints install nothing` };
    }
    const editable = optionValue(statement, "-e", "--editable");
    if (editable !== undefined) return { kind: "skip", line, reason: `editable requirement (${editable})` };
    return undefined; // global options: index URLs, --pre, --require-hashes, ...
  }
  const requirement = statement.replace(TRAILING_OPTION, "").trim();
  const spec = splitMarker(requirement);
  const urlForm = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*@\s*(\S.*)$/.exec(spec);
  if (urlForm) {
    return {
      kind: "skip",
      line,
      name: normalizePypiName(urlForm[1]!),
      reason: `direct URL requirement (${urlForm[2]})`,
    };
  }
  if (URL_OR_PATH.test(spec) || ARCHIVE.test(spec)) {
    return { kind: "skip", line, reason: `URL or path requirement (${spec})` };
  }
  const m = /^([^\s[\]();<>=!~@,]+)\s*(\[[^\]]*\])?\s*(.*)$/.exec(spec);
  if (!m || !PEP508_NAME.test(m[1]!)) {
    throw new InputError(`invalid requirement "${statement}"`, {
      location: { file, line },
      hint: "pip would reject this line too; write `name==version` (or fix the typo), or regenerate the file.",
    });
  }
  const name = normalizePypiName(m[1]!);
  let rest = m[3]!.trim();
  if (rest.startsWith("@"))
    return { kind: "skip", line, name, reason: `direct URL requirement (${rest.slice(1).trim()})` };
  if (rest.startsWith("(") && rest.endsWith(")")) rest = rest.slice(1, -1).trim();
  const pin = /^(===?)\s*([^\s,;*]+)$/.exec(rest);
  if (pin) return { kind: "pinned", line, name, version: pin[2]!, via: undefined };
  const what = rest === "" ? "no version" : rest;
  return { kind: "skip", line, name, reason: `not pinned (${what}): ${NOT_PINNED}` };
}

/**
 * The requirement without its environment marker (`spec ; marker`): markers only narrow where a pin is
 * installed, so the pin is still reported. A `;` inside a URL only counts after whitespace (PEP 508).
 */
function splitMarker(requirement: string): string {
  const idx = requirement.includes("://") ? requirement.search(/\s;/) : requirement.indexOf(";");
  return (idx === -1 ? requirement : requirement.slice(0, idx)).trim();
}
