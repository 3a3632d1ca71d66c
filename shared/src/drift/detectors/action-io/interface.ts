import { isMap, isScalar, LineCounter, parseDocument, type YAMLMap } from "yaml";
import { InputError } from "../../../errors.js";

/** One input or output of an action or reusable workflow, with the line of its key. */
export interface InterfaceItem {
  name: string;
  line: number;
  description: string;
  /** The default as a string; undefined when there is none (or it is the empty string). */
  default: string | undefined;
  required: boolean;
}

/** The public interface of an `action.yml` or a reusable workflow (`on.workflow_call`). */
export interface ActionInterface {
  kind: "action" | "workflow";
  inputs: InterfaceItem[];
  outputs: InterfaceItem[];
}

function scalarString(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = typeof v === "string" ? v : String(v);
  return s === "" ? undefined : s;
}

function itemsOf(map: unknown, lc: LineCounter): InterfaceItem[] {
  if (!isMap(map)) return [];
  const out: InterfaceItem[] = [];
  for (const pair of (map as YAMLMap).items) {
    if (!isScalar(pair.key)) continue;
    const name = String(pair.key.value);
    const offset = pair.key.range?.[0] ?? 0;
    const body = isMap(pair.value) ? (pair.value as YAMLMap) : undefined;
    const get = (k: string): unknown => {
      const node = body?.get(k, true);
      return isScalar(node) ? node.value : undefined;
    };
    out.push({
      name,
      line: lc.linePos(offset).line,
      description: scalarString(get("description")) ?? "",
      default: scalarString(get("default")),
      required: get("required") === true,
    });
  }
  return out;
}

/**
 * Reads the inputs and outputs of an `action.yml` (top-level `inputs`/`outputs`) or of a workflow
 * (`on.workflow_call.inputs`/`outputs`), with the line of each key (yaml's LineCounter). Returns
 * undefined for a workflow that is not reusable. Throws InputError naming the file and line on
 * invalid YAML.
 */
export function readInterface(path: string, text: string): ActionInterface | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const err = doc.errors[0];
  if (err) {
    const pos = lc.linePos(err.pos[0]);
    throw new InputError(`invalid YAML: ${err.message.split("\n")[0]}`, {
      location: { file: path, line: pos.line, column: pos.col },
      hint: "fix the YAML syntax (or exclude the file with drift.detectors.action-io.sources)",
    });
  }
  const isWorkflow = /(^|\/)\.github\/workflows\//.test(path);
  if (!isWorkflow) {
    return {
      kind: "action",
      inputs: itemsOf(doc.get("inputs", true), lc),
      outputs: itemsOf(doc.get("outputs", true), lc),
    };
  }
  const on = doc.get("on", true);
  if (!isMap(on)) return undefined;
  const call = (on as YAMLMap).get("workflow_call", true);
  if (call === undefined && !(on as YAMLMap).has("workflow_call")) return undefined;
  return {
    kind: "workflow",
    inputs: itemsOf(isMap(call) ? (call as YAMLMap).get("inputs", true) : undefined, lc),
    outputs: itemsOf(isMap(call) ? (call as YAMLMap).get("outputs", true) : undefined, lc),
  };
}

function cell(s: string): string {
  return s.replace(/\s+/g, " ").trim().replace(/\|/g, "\\|");
}

function codeSpan(s: string): string {
  // A span that holds backticks needs a longer fence (CommonMark), padded when it starts or ends with one.
  const runs = s.match(/`+/g) ?? [];
  const fence = "`".repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = s.startsWith("`") || s.endsWith("`") ? " " : "";
  return `${fence}${pad}${cell(s)}${pad}${fence}`;
}

/** The inputs table `--fix` writes: Input, Description, Required, Default. */
export function renderInputsTable(items: readonly InterfaceItem[]): string {
  const rows = items.map(
    (i) =>
      `| ${codeSpan(i.name)} | ${cell(i.description)} | ${i.required ? "yes" : "no"} | ${i.default === undefined ? "—" : codeSpan(i.default)} |`,
  );
  return ["| Input | Description | Required | Default |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

/** The outputs table `--fix` writes: Output, Description. */
export function renderOutputsTable(items: readonly InterfaceItem[]): string {
  const rows = items.map((i) => `| ${codeSpan(i.name)} | ${cell(i.description)} |`);
  return ["| Output | Description |", "| --- | --- |", ...rows].join("\n");
}
