import type { Code, Root } from "mdast";
import type { Finding } from "../../../report/model.js";
import { driftFinding, optionError, optionList } from "../../findings.js";
import { type DocTable, markerRegions, mentionsOf, parseMarkdown, tablesOf, walk } from "../../markdown.js";
import { resolveRelative } from "../../paths.js";
import type { DetectorContext, DriftDetector, FileFix } from "../../types.js";
import {
  type ActionInterface,
  type InterfaceItem,
  readInterface,
  renderInputsTable,
  renderOutputsTable,
} from "./interface.js";

const ID = "action-io";

const DEFAULT_SOURCES = [
  "action.yml",
  "action.yaml",
  "**/action.yml",
  "**/action.yaml",
  ".github/workflows/*.{yml,yaml}",
];

type Kind = "inputs" | "outputs";

// A table documents names only if one header cell is exactly a name column; a migration table
// ("Old input | New input") or any other table does not count.
const NAME_HEADER = /^(name|inputs?|outputs?|parameters?|id|key)$/i;
const EMPTY_DEFAULT = new Set(["", "-", "—", "–", "none", "n/a", "(none)", "no default"]);

interface DocumentedItem {
  name: string;
  doc: string;
  line: number;
  column: number;
  default: string | undefined;
  /** Whether the table has a default column at all. */
  hasDefault: boolean;
}

function tableKind(table: DocTable, nameHeader: string): Kind | undefined {
  if (table.region?.kind === "inputs" || table.region?.kind === "outputs") return table.region.kind;
  if (/^outputs?$/i.test(nameHeader)) return "outputs";
  if (/^inputs?$/i.test(nameHeader)) return "inputs";
  const h = table.heading ?? "";
  if (/output/i.test(h)) return "outputs";
  if (/input|parameter/i.test(h)) return "inputs";
  return undefined;
}

function normalizeDefault(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const t = s
    .trim()
    .replace(/^(["'])(.*)\1$/, "$2")
    .trim();
  return EMPTY_DEFAULT.has(t.toLowerCase()) ? undefined : t;
}

function documented(
  doc: string,
  tables: DocTable[],
  source: string,
  sourceDir: string,
): Record<Kind, DocumentedItem[]> {
  const out: Record<Kind, DocumentedItem[]> = { inputs: [], outputs: [] };
  const regionsHere = tables.filter((t) => t.region && refersTo(doc, t.region.source, source, sourceDir));
  const candidates = regionsHere.length > 0 ? regionsHere : tables.filter((t) => !t.region);
  for (const table of candidates) {
    const nameCol = table.header.findIndex((h) => NAME_HEADER.test(h.replace(/[`*_]/g, "").trim()));
    if (nameCol < 0) continue;
    const kind = tableKind(table, table.header[nameCol] ?? "");
    if (!kind) continue;
    const defaultCol = table.header.findIndex((h) => /default/i.test(h));
    for (const row of table.rows) {
      const c = row.cells[nameCol];
      if (!c) continue;
      const name = (c.code ?? c.text.split(/\s+/)[0] ?? "").replace(/\*+$/, "").trim();
      if (!name) continue;
      const d = defaultCol >= 0 ? row.cells[defaultCol] : undefined;
      out[kind].push({
        name,
        doc,
        line: row.line,
        column: 1,
        default: normalizeDefault(d ? (d.code ?? d.text) : undefined),
        hasDefault: defaultCol >= 0,
      });
    }
  }
  return out;
}

/** A `with:` key of a YAML usage example (`- uses: owner/repo@v1` then `with:`), with its place. */
interface WithKey {
  uses: string;
  name: string;
  line: number;
}

/**
 * The `with:` keys of every usage example in a doc's code blocks, the way actions/* document inputs
 * (a key per input, usually under a comment that describes it). Read line by line rather than with
 * the YAML parser because usage examples often hold placeholders (`...`, `${{ }}`) that are not YAML.
 */
function withKeysOf(root: Root): WithKey[] {
  const out: WithKey[] = [];
  walk(root, (node) => {
    if (node.type !== "code") return;
    const code = node as Code;
    if (code.lang && !/^(ya?ml|yaml\b.*)$/i.test(code.lang)) return;
    const first = (code.position?.start.line ?? 1) + 1;
    let uses = "";
    let withIndent = -1;
    let keyIndent = -1;
    code.value.split("\n").forEach((line, i) => {
      if (/^\s*(#.*)?$/.test(line)) return;
      const indent = line.length - line.trimStart().length;
      const u = /^\s*(?:-\s+)?uses:\s*["']?([^"'\s#]+)/.exec(line);
      if (withIndent >= 0 && indent <= withIndent) {
        withIndent = -1;
        keyIndent = -1;
      }
      if (u?.[1]) {
        uses = u[1];
        return;
      }
      if (/^\s*with:\s*$/.test(line) && uses) {
        withIndent = indent;
        return;
      }
      if (withIndent < 0) return;
      if (keyIndent < 0) keyIndent = indent;
      if (indent !== keyIndent) return;
      const k = /^\s*([A-Za-z0-9_.-]+)\s*:/.exec(line);
      if (k?.[1]) out.push({ uses, name: k[1], line: first + i });
    });
  });
  return out;
}

/** Whether a `uses:` value names the action at `source` of `repository` (`owner/name[/dir]@ref`). */
function usesNames(uses: string, source: string, repository: string | undefined): boolean {
  if (!repository) return false;
  const dir = source.includes("/") ? source.slice(0, source.lastIndexOf("/")) : "";
  const want = (dir ? `${repository}/${dir}` : repository).toLowerCase();
  return uses.split("@")[0]?.toLowerCase() === want;
}

/** Outputs an action sets in its code: literal names, and patterns for names built at run time. */
interface CodeOutputs {
  names: Map<string, string>;
  /** Template names (`${path}--release_created`) as patterns, with where they are set. */
  patterns: { re: RegExp; written: string; at: string }[];
  /** Where a name is computed entirely at run time (`core.setOutput(key, value)`). */
  computed: string[];
}

const SET_OUTPUT = /\bsetOutput\(\s*(?:(["'])([^"'`]+)\1|`([^`]+)`|([A-Za-z_$][\w$.]*))/g;
const GITHUB_OUTPUT = /\becho\s+["']?([A-Za-z_][\w-]*)=[^\n]*>>\s*["']?\$\{?GITHUB_OUTPUT/g;

async function outputsSetInCode(ctx: DetectorContext, source: string, yamlText: string): Promise<CodeOutputs> {
  const dir = source.includes("/") ? source.slice(0, source.lastIndexOf("/")) : "";
  const prefix = dir ? `${dir}/` : "";
  const files = ctx.workspace.files.filter(
    (f) =>
      f.startsWith(prefix) &&
      /\.(ts|js|mjs|cjs|mts|sh)$/.test(f) &&
      !/(^|\/)(dist|lib|node_modules|__tests__|tests?|build)\//.test(f.slice(prefix.length)) &&
      !/\.(test|spec|d)\.[cm]?[jt]s$/.test(f),
  );
  const found: CodeOutputs = { names: new Map(), patterns: [], computed: [] };
  const scan = (file: string, text: string) => {
    for (const m of text.matchAll(SET_OUTPUT)) {
      const at = `${file}:${text.slice(0, m.index ?? 0).split("\n").length}`;
      if (m[2]) found.names.set(m[2], at);
      else if (m[3] && !m[3].includes("${")) found.names.set(m[3], at);
      else if (m[3]) {
        const parts = m[3].split(/\$\{[^}]*\}/).map((p) => p.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&"));
        found.patterns.push({ re: new RegExp(`^${parts.join(".+")}$`), written: m[3], at });
      } else if (m[4]) found.computed.push(at);
    }
    for (const m of text.matchAll(GITHUB_OUTPUT)) {
      if (m[1]) found.names.set(m[1], `${file}:${text.slice(0, m.index ?? 0).split("\n").length}`);
    }
  };
  scan(source, yamlText);
  for (const f of files.slice(0, 500)) scan(f, await ctx.workspace.read(f));
  return found;
}

/** A documented output name with placeholders (`<path>--tag_name`) in a form the code patterns match. */
function placeholderFree(name: string): string {
  return name.replace(/<[^>]+>|\{[^}]+\}|\$\{[^}]+\}/g, "x");
}

function refersTo(doc: string, written: string, source: string, sourceDir: string): boolean {
  if (written === source) return true;
  const rel = resolveRelative(doc, written);
  if (rel === source) return true;
  // `<!-- upkeep:inputs action.yml -->` in the action's own README.
  return sourceDir !== "" && doc.startsWith(`${sourceDir}/`) && `${sourceDir}/${written}` === source;
}

function docsFor(
  ctx: DetectorContext,
  source: string,
  mapping: Record<string, string[]>,
  markerDocs: Map<string, string[]>,
): string[] {
  const dir = source.includes("/") ? source.slice(0, source.lastIndexOf("/")) : "";
  const set = new Set<string>(mapping[source] ?? []);
  const readme = dir ? `${dir}/README.md` : "README.md";
  if (!mapping[source] && ctx.workspace.fileSet.has(readme) && !source.startsWith(".github/workflows/"))
    set.add(readme);
  for (const d of markerDocs.get(source) ?? []) set.add(d);
  return [...set].filter((d) => ctx.workspace.fileSet.has(d)).sort();
}

function readMapping(ctx: DetectorContext): Record<string, string[]> {
  const raw = ctx.options.docs;
  if (raw === undefined) return {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw optionError(ID, "docs", "a mapping from action.yml/workflow path to a doc path (or a list of them)");
  }
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === "string") out[k] = [v];
    else if (Array.isArray(v) && v.every((x) => typeof x === "string")) out[k] = v as string[];
    else throw optionError(ID, `docs.${k}`, "a doc path or a list of them");
  }
  return out;
}

function compare(
  source: string,
  iface: ActionInterface,
  kind: Kind,
  docs: string[],
  items: DocumentedItem[],
  prose: Map<string, string>,
  code?: CodeOutputs,
): Finding[] {
  const findings: Finding[] = [];
  const what = kind === "inputs" ? "input" : "output";
  const actual: InterfaceItem[] = iface[kind];
  const byName = new Map(items.map((i) => [i.name, i]));
  const names = new Set(actual.map((a) => a.name));
  for (const a of actual) {
    const d = byName.get(a.name);
    if (!d) {
      const mention = prose.get(a.name);
      findings.push(
        driftFinding({
          rule: "drift/action-io/undocumented",
          level: "error",
          title: `Undocumented ${what}: ${a.name}`,
          message: `${source}:${a.line} declares the ${what} \`${a.name}\`, but no ${kind} table in ${docs.join(", ")} lists it.${mention ? ` It is mentioned at ${mention}, which does not count: only a row in a table with a name column does.` : ""} Add a row (or run upkeep drift-check --fix with <!-- upkeep:${kind} ${source} --> markers).`,
          file: source,
          line: a.line,
          key: `${kind}:${a.name}`,
          properties: { name: a.name, kind: what, docs },
        }),
      );
      continue;
    }
    if (kind === "inputs" && d.hasDefault && normalizeDefault(a.default) !== d.default) {
      findings.push(
        driftFinding({
          rule: "drift/action-io/default-differs",
          level: "error",
          title: `Default of ${a.name} differs`,
          message: `${d.doc}:${d.line} documents the default of \`${a.name}\` as ${d.default === undefined ? "none" : `\`${d.default}\``}, but ${source}:${a.line} has ${a.default === undefined ? "none" : `\`${a.default}\``}. Update the table.`,
          file: d.doc,
          line: d.line,
          key: `default:${a.name}`,
          properties: { name: a.name, documented: d.default ?? null, actual: a.default ?? null, source },
        }),
      );
    }
  }
  const undeclared: { name: string; doc?: string; line?: number; at: string }[] = [];
  for (const d of items) {
    if (names.has(d.name)) continue;
    if (kind === "outputs" && code) {
      const literal = code.names.get(d.name);
      const pattern = code.patterns.find((p) => p.re.test(placeholderFree(d.name)));
      const at = literal ?? pattern?.at ?? code.computed[0];
      if (at !== undefined) {
        undeclared.push({ name: d.name, doc: d.doc, line: d.line, at });
        continue;
      }
    }
    findings.push(
      driftFinding({
        rule: "drift/action-io/documented-but-gone",
        level: "error",
        title: `Documented ${what} ${d.name} does not exist`,
        message: `${d.doc}:${d.line} documents the ${what} \`${d.name}\`, which ${source} does not declare (removed or renamed?). Remove the row or restore the ${what}.`,
        file: d.doc,
        line: d.line,
        key: `${kind}:${d.name}`,
        properties: { name: d.name, kind: what, source },
      }),
    );
  }
  if (kind === "outputs" && code) {
    // Outputs the code sets under a literal name that neither action.yml nor the docs mention.
    for (const [name, at] of code.names) {
      if (!names.has(name) && !undeclared.some((u) => u.name === name)) undeclared.push({ name, at });
    }
  }
  if (undeclared.length > 0) {
    const listed = undeclared.map((u) =>
      u.doc ? `\`${u.name}\` (${u.doc}:${u.line}, set at ${u.at})` : `\`${u.name}\` (set at ${u.at}, not in the docs)`,
    );
    findings.push(
      driftFinding({
        rule: "drift/action-io/undeclared-output",
        level: "warning",
        title: `Declare ${undeclared.length} output(s) in ${source}`,
        message: `${source} does not declare outputs that its code sets: ${listed.join(", ")}. Declare these outputs under \`outputs:\` in ${source} so the runner, editors and readers know them.`,
        file: source,
        line: 1,
        key: "undeclared-outputs",
        properties: { names: undeclared.map((u) => u.name), source },
      }),
    );
  }
  return findings;
}

/**
 * `action-io`: the inputs and outputs of every `action.yml` and reusable workflow against the
 * inputs/outputs tables of its docs (its folder's README.md, docs named in `docs`, and any doc with
 * `<!-- upkeep:inputs <path> -->` markers). Only a table with a name column counts. `--fix`
 * regenerates tables between markers. Options: `sources` (globs), `docs` (source → doc paths).
 */
export const actionIoDetector: DriftDetector = {
  id: ID,
  description: "action.yml and reusable workflow inputs/outputs against the docs tables",
  defaultEnabled: true,
  rules: [
    {
      id: "drift/action-io/undocumented",
      name: "UndocumentedActionIo",
      shortDescription: "An input or output is declared but not in the docs' inputs/outputs table.",
      defaultLevel: "error",
    },
    {
      id: "drift/action-io/documented-but-gone",
      name: "DocumentedActionIoGone",
      shortDescription: "The docs list an input or output that is no longer declared.",
      defaultLevel: "error",
    },
    {
      id: "drift/action-io/default-differs",
      name: "ActionInputDefaultDiffers",
      shortDescription: "The documented default of an input differs from the declared one.",
      defaultLevel: "error",
    },
    {
      id: "drift/action-io/undeclared-output",
      name: "UndeclaredActionOutput",
      shortDescription: "Outputs the docs list and the code sets are not declared in action.yml.",
      defaultLevel: "warning",
    },
    {
      id: "drift/action-io/no-docs",
      name: "ActionWithoutDocs",
      shortDescription: "An action or reusable workflow with inputs or outputs has no documentation page.",
      defaultLevel: "note",
    },
  ],
  example: {
    files: {
      "action.yml":
        "name: x\ninputs:\n  token:\n    description: t\n    default: abc\n  mode:\n    description: m\noutputs:\n  result:\n    description: r\n",
      "README.md":
        "# X\n\nSet `mode` as you like.\n\n## Inputs\n\n| Name | Default |\n| --- | --- |\n| `token` | `xyz` |\n| `old` | — |\n\n## Outputs\n\n| Output | Description |\n| --- | --- |\n| `result` | r |\n",
    },
    expectRules: [
      "drift/action-io/undocumented",
      "drift/action-io/documented-but-gone",
      "drift/action-io/default-differs",
    ],
  },
  async run(ctx) {
    const ws = ctx.workspace;
    const sources = ws.match(optionList(ctx.options, ID, "sources", DEFAULT_SOURCES));
    const mapping = readMapping(ctx);
    const findings: Finding[] = [];
    const fixes: FileFix[] = [];
    const interfaces = new Map<string, ActionInterface>();
    for (const s of sources) {
      const iface = readInterface(s, await ws.read(s));
      if (iface) interfaces.set(s, iface);
    }
    if (interfaces.size === 0) return { findings, fixes };
    // Docs that carry markers name their source themselves.
    const markerDocs = new Map<string, string[]>();
    // Read in parallel; only docs that mention a marker at all are parsed here.
    const texts = await Promise.all(ws.docs.map(async (d) => [d, await ws.read(d)] as const));
    for (const [d, text] of texts) {
      if (!text.includes("upkeep:")) continue;
      for (const r of markerRegions((await ws.doc(d)).root)) {
        if (r.kind !== "inputs" && r.kind !== "outputs") continue;
        const source = [...interfaces.keys()].find((s) =>
          refersTo(d, r.source, s, s.includes("/") ? s.slice(0, s.lastIndexOf("/")) : ""),
        );
        if (!source) continue;
        markerDocs.set(source, [...new Set([...(markerDocs.get(source) ?? []), d])]);
      }
    }
    const repository = ctx.repository;
    const withKeys = new Map<string, WithKey[]>();
    for (const [d, text] of texts) {
      if (!/\bwith:/.test(text)) continue;
      const keys = withKeysOf((await ws.doc(d)).root);
      if (keys.length > 0) withKeys.set(d, keys);
    }
    for (const [source, iface] of interfaces) {
      if (iface.inputs.length === 0 && iface.outputs.length === 0) continue;
      const docs = docsFor(ctx, source, mapping, markerDocs);
      if (docs.length === 0) {
        findings.push(
          driftFinding({
            rule: "drift/action-io/no-docs",
            level: "note",
            title: `No docs for ${source}`,
            message: `${source} has ${iface.inputs.length} input(s) and ${iface.outputs.length} output(s) but no README.md beside it and no doc mapped to it (drift.detectors.action-io.docs) or marked with <!-- upkeep:inputs ${source} -->.`,
            file: source,
            line: 1,
            key: "no-docs",
          }),
        );
        continue;
      }
      const dir = source.includes("/") ? source.slice(0, source.lastIndexOf("/")) : "";
      const all: Record<Kind, DocumentedItem[]> = { inputs: [], outputs: [] };
      const prose = new Map<string, string>();
      // `with:` keys of usage examples document inputs: in the action's own docs any example counts;
      // elsewhere one that names this action, or (repository unknown) whose keys are mostly its inputs.
      const inputNames = new Set(iface.inputs.map((i) => i.name));
      const withDocs = new Set<string>();
      for (const [d, keys] of withKeys) {
        const own = docs.includes(d);
        const byUses = new Map<string, WithKey[]>();
        for (const k of keys) byUses.set(k.uses, [...(byUses.get(k.uses) ?? []), k]);
        for (const [uses, list] of byUses) {
          const mostly = list.filter((k) => inputNames.has(k.name)).length * 2 >= list.length;
          if (!usesNames(uses, source, repository) && !((own || !repository) && mostly)) continue;
          withDocs.add(d);
          for (const k of list) {
            if (!inputNames.has(k.name)) continue;
            all.inputs.push({ name: k.name, doc: d, line: k.line, column: 1, default: undefined, hasDefault: false });
          }
        }
      }
      for (const d of docs) {
        const doc = await ws.doc(d);
        const found = documented(d, tablesOf(doc.root), source, dir);
        all.inputs.push(...found.inputs);
        all.outputs.push(...found.outputs);
        for (const m of mentionsOf(doc.root)) if (!prose.has(m.value)) prose.set(m.value, `${d}:${m.line}`);
        for (const r of markerRegions(doc.root)) {
          if ((r.kind !== "inputs" && r.kind !== "outputs") || !refersTo(d, r.source, source, dir)) continue;
          const kind = r.kind;
          const table = kind === "inputs" ? renderInputsTable(iface.inputs) : renderOutputsTable(iface.outputs);
          fixes.push(regionFix(d, kind, r.source, table));
        }
      }
      const shown = [...new Set([...docs, ...withDocs])];
      findings.push(...compare(source, iface, "inputs", shown, all.inputs, prose));
      const code = iface.kind === "action" ? await outputsSetInCode(ctx, source, await ws.read(source)) : undefined;
      findings.push(...compare(source, iface, "outputs", shown, all.outputs, prose, code));
    }
    return { findings, fixes };
  },
};

/**
 * A fix that puts `table` between `<!-- upkeep:<kind> <source> -->` and `<!-- /upkeep:<kind> -->`,
 * found again (by parsing) in the text it is given, since earlier fixes may have moved it; everything
 * outside the markers stays as it is.
 */
function regionFix(doc: string, kind: Kind, source: string, table: string): FileFix {
  return {
    file: doc,
    description: `regenerate the ${kind} table of ${source}`,
    apply(text) {
      const r = markerRegions(parseMarkdown(text)).find((m) => m.kind === kind && m.source === source);
      if (!r) return text;
      return `${text.slice(0, r.start)}\n\n${table}\n\n${text.slice(r.end)}`;
    },
  };
}
