import { type Node as JsonNode, parseTree } from "jsonc-parser";
import { InputError } from "../errors.js";
import type { Finding } from "../report/model.js";
import { lineIndex } from "../text/line-index.js";
import { driftFinding, optionError, optionList, optionObjects } from "./findings.js";
import { mentionsOf } from "./markdown.js";
import type { DetectorContext, DetectorExample, DetectorResult, DriftDetector } from "./types.js";

/** A name the code (or schema, or `--help`) defines, with where. */
export interface DefinedName {
  name: string;
  file: string;
  line: number;
}

/** What varies between the cli-flags, env-vars and config-keys detectors. */
export interface ReferenceKind {
  id: string;
  /** Singular noun for messages (`flag`, `environment variable`, `config key`). */
  noun: string;
  description: string;
  /** Names a doc mention stands for (`--format <f>` → `--format`); what counts as documented. */
  candidates(mention: string): string[];
  /** Whether a documented name claims to be one of these (for "documented but gone"). */
  claims(name: string, defined: ReadonlySet<string>): boolean;
  /** Names in `--help` output (or any command output). */
  fromOutput(output: string): string[];
  /** Default extraction pattern for `files` sources (group 1, or the first group that matched). */
  defaultPattern?: string;
  example: DetectorExample;
}

function prop(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== "object") return undefined;
  for (const p of node.children ?? []) {
    if (p.children?.[0]?.value === key) return p.children[1];
  }
  return undefined;
}

/**
 * Every key path of a JSON Schema, as docs/config.md writes them: `a.b`, `a[].b` for array items,
 * `a.<id>.b` for `additionalProperties` objects; each with the line of its key in the schema file.
 * Throws InputError when the file is not JSON.
 */
export function schemaKeyPaths(file: string, text: string): DefinedName[] {
  const root = parseTree(text);
  if (!root) throw new InputError("not a JSON Schema (cannot parse JSON)", { location: { file } });
  const lines = lineIndex(text);
  const out: DefinedName[] = [];
  function visit(schema: JsonNode | undefined, prefix: string, depth: number): void {
    if (!schema || depth > 32) return;
    const props = prop(schema, "properties");
    for (const p of props?.children ?? []) {
      const keyNode = p.children?.[0];
      const key = String(keyNode?.value ?? "");
      const path = prefix ? `${prefix}.${key}` : key;
      out.push({ name: path, file, line: lines.line(keyNode?.offset ?? 0) });
      const sub = p.children?.[1];
      visit(sub, path, depth + 1);
      const items = prop(sub, "items");
      if (prop(items, "properties")) visit(items, `${path}[]`, depth + 1);
      const extra = prop(sub, "additionalProperties");
      if (extra?.type === "object") visit(extra, `${path}.<id>`, depth + 1);
    }
  }
  visit(root, "", 0);
  return out;
}

function splitCommand(v: unknown, kind: string): string[] {
  if (typeof v === "string") return v.split(/\s+/).filter(Boolean);
  if (Array.isArray(v) && v.every((x) => typeof x === "string") && v.length > 0) return v as string[];
  throw optionError(kind, "sources[].command", "a command line or a list of arguments");
}

async function definedNames(ctx: DetectorContext, kind: ReferenceKind): Promise<DefinedName[]> {
  const sources = optionObjects(ctx.options, kind.id, "sources");
  const out: DefinedName[] = [];
  for (const src of sources) {
    if (typeof src.schema === "string") {
      out.push(...schemaKeyPaths(src.schema, await ctx.workspace.read(src.schema)));
    } else if (src.command !== undefined) {
      const command = splitCommand(src.command, kind.id);
      if (!ctx.runner) throw new InputError(`${kind.id}: a command source needs a command runner`);
      const r = await ctx.runner.run(command, { timeoutMs: 30_000 });
      if (r.code !== 0) {
        throw new InputError(
          `\`${command.join(" ")}\` exited with ${r.code}: ${r.stderr.trim().split("\n")[0] ?? ""}`,
          {
            hint: `fix drift.detectors.${kind.id}.sources[].command so that it prints the help text`,
          },
        );
      }
      // The help text has no file in the repository; findings point at the config entry instead.
      const file = typeof src.file === "string" ? src.file : ".github/upkeep.yml";
      for (const name of kind.fromOutput(r.stdout)) out.push({ name, file, line: 1 });
    } else if (src.files !== undefined) {
      const globs =
        typeof src.files === "string" ? [src.files] : Array.isArray(src.files) ? (src.files as string[]) : [];
      const pattern = typeof src.pattern === "string" ? src.pattern : kind.defaultPattern;
      if (!pattern) throw optionError(kind.id, "sources[].pattern", "a regular expression with a capture group");
      let re: RegExp;
      try {
        re = new RegExp(pattern, "g");
      } catch {
        throw optionError(kind.id, "sources[].pattern", "a valid regular expression");
      }
      for (const file of ctx.workspace.match(globs)) {
        const text = await ctx.workspace.read(file);
        const lines = lineIndex(text);
        for (const m of text.matchAll(re)) {
          const name = m.slice(1).find((g) => g !== undefined) ?? m[0];
          out.push({ name, file, line: lines.line(m.index ?? 0) });
        }
      }
    } else {
      throw optionError(kind.id, "sources[]", "a mapping with `schema`, `command` or `files` (+ `pattern`)");
    }
  }
  return out;
}

/**
 * Runs a reference detector: names defined by the configured sources against names documented in
 * the configured docs (code spans and table cells), both ways. Throws ConfigError on bad options and
 * InputError when a source cannot be read or its command fails.
 */
async function runReference(ctx: DetectorContext, kind: ReferenceKind): Promise<DetectorResult> {
  const defined = await definedNames(ctx, kind);
  const ignore = new Set(optionList(ctx.options, kind.id, "ignore", []));
  const docsGlobs = optionList(ctx.options, kind.id, "docs", []);
  const docs = docsGlobs.length ? ctx.workspace.match(docsGlobs) : ctx.workspace.docs;
  const documented = new Map<string, { doc: string; line: number; column: number }>();
  for (const d of docs) {
    const doc = await ctx.workspace.doc(d);
    for (const m of mentionsOf(doc.root)) {
      for (const c of kind.candidates(m.value)) {
        if (!documented.has(c)) documented.set(c, { doc: d, line: m.line, column: m.column });
      }
    }
  }
  const findings: Finding[] = [];
  const definedSet = new Set(defined.map((d) => d.name));
  const seen = new Set<string>();
  for (const d of defined) {
    if (seen.has(d.name) || ignore.has(d.name) || documented.has(d.name)) continue;
    seen.add(d.name);
    findings.push(
      driftFinding({
        rule: `drift/${kind.id}/undocumented`,
        level: "error",
        title: `Undocumented ${kind.noun}: ${d.name}`,
        message: `${d.file}:${d.line} defines the ${kind.noun} ${d.name}, which no doc (${docsGlobs.join(", ") || "drift.docs"}) mentions as code or in a table. Document it, or list it in drift.detectors.${kind.id}.ignore.`,
        file: d.file,
        line: d.line,
        key: d.name,
        properties: { name: d.name },
      }),
    );
  }
  for (const [name, where] of documented) {
    if (definedSet.has(name) || ignore.has(name) || !kind.claims(name, definedSet)) continue;
    findings.push(
      driftFinding({
        rule: `drift/${kind.id}/documented-but-gone`,
        level: "error",
        title: `Documented ${kind.noun} ${name} does not exist`,
        message: `${where.doc}:${where.line} documents the ${kind.noun} ${name}, which the configured sources no longer define (removed or renamed?). Update the doc, or list it in drift.detectors.${kind.id}.ignore.`,
        file: where.doc,
        line: where.line,
        column: where.column,
        key: name,
        properties: { name },
      }),
    );
  }
  return { findings, fixes: [] };
}

/** Builds a reference detector (off unless configured: it needs `sources`). */
export function referenceDetector(kind: ReferenceKind): DriftDetector {
  return {
    id: kind.id,
    description: kind.description,
    defaultEnabled: false,
    rules: [
      {
        id: `drift/${kind.id}/undocumented`,
        name: `Undocumented${kind.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}`,
        shortDescription: `A ${kind.noun} exists but no doc mentions it.`,
        defaultLevel: "error",
      },
      {
        id: `drift/${kind.id}/documented-but-gone`,
        name: `Documented${kind.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}Gone`,
        shortDescription: `A doc mentions a ${kind.noun} that no longer exists.`,
        defaultLevel: "error",
      },
    ],
    example: kind.example,
    run: (ctx) => runReference(ctx, kind),
  };
}
