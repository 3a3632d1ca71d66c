// Reads the workflow commands (`::error file=a.ts,line=3::msg`) an action prints on stdout, the way
// GitHub's runner does (actions/runner ActionCommand.TryParseV2): a line counts when, after leading
// whitespace, it starts with `::<registered command>` and has a second `::`; property names are
// case-insensitive; values are un-escaped in the runner's order. No library parses this format.

/** One annotation or debug line, as the runner would show it. */
export interface Annotation {
  level: "error" | "warning" | "notice" | "debug";
  message: string;
  file?: string;
  line?: number;
  endLine?: number;
  col?: number;
  endColumn?: number;
  title?: string;
}

/** Everything the runner takes from stdout besides plain log text. */
export interface WorkflowCommands {
  annotations: Annotation[];
  /** Values registered with `::add-mask::`, which the runner would replace by `***` in logs. */
  masks: string[];
  /** Outputs set with the deprecated `::set-output name=x::value` command. */
  legacyOutputs: Record<string, string>;
}

const REGISTERED = new Set([
  "error",
  "warning",
  "notice",
  "debug",
  "add-mask",
  "set-output",
  "save-state",
  "group",
  "endgroup",
  "echo",
  "stop-commands",
  "add-matcher",
  "remove-matcher",
]);

const DATA_ESCAPES: Array<[string, string]> = [
  ["%0D", "\r"],
  ["%0A", "\n"],
  ["%25", "%"],
];
const PROPERTY_ESCAPES: Array<[string, string]> = [
  ["%0D", "\r"],
  ["%0A", "\n"],
  ["%3A", ":"],
  ["%2C", ","],
  ["%25", "%"],
];

function unescapeValue(value: string, table: Array<[string, string]>): string {
  let out = value;
  for (const [escaped, raw] of table) out = out.split(escaped).join(raw);
  return out;
}

interface Command {
  name: string;
  properties: Map<string, string>;
  data: string;
}

/** Parses one stdout line as a workflow command; undefined when the runner would treat it as text. */
export function parseCommandLine(line: string): Command | undefined {
  const message = line.trimStart();
  if (!message.startsWith("::")) return undefined;
  const end = message.indexOf("::", 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(" ");
  const name = space < 0 ? info : info.slice(0, space);
  if (!REGISTERED.has(name)) return undefined;
  const properties = new Map<string, string>();
  if (space > 0) {
    for (const pair of info
      .slice(space + 1)
      .trim()
      .split(",")) {
      const eq = pair.indexOf("=");
      if (eq <= 0 || eq === pair.length - 1) continue;
      properties.set(pair.slice(0, eq).toLowerCase(), unescapeValue(pair.slice(eq + 1), PROPERTY_ESCAPES));
    }
  }
  return { name, properties, data: unescapeValue(message.slice(end + 2), DATA_ESCAPES) };
}

function toNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number.parseInt(value, 10);
  return Number.isNaN(n) ? undefined : n;
}

/**
 * Collects annotations, masks and legacy outputs from an action's stdout. Honours `::stop-commands::<token>`
 * (commands are plain text until `::<token>::`).
 */
export function parseWorkflowCommands(stdout: string): WorkflowCommands {
  const result: WorkflowCommands = { annotations: [], masks: [], legacyOutputs: {} };
  let stopToken: string | undefined;
  for (const raw of stdout.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (stopToken !== undefined) {
      if (line.trim() === `::${stopToken}::`) stopToken = undefined;
      continue;
    }
    const command = parseCommandLine(line);
    if (!command) continue;
    switch (command.name) {
      case "error":
      case "warning":
      case "notice":
      case "debug": {
        const p = command.properties;
        const annotation: Annotation = { level: command.name, message: command.data };
        const file = p.get("file");
        if (file !== undefined) annotation.file = file;
        const fields = { line: "line", endLine: "endline", col: "col", endColumn: "endcolumn" } as const;
        for (const [key, prop] of Object.entries(fields) as Array<[keyof typeof fields, string]>) {
          const n = toNumber(p.get(prop));
          if (n !== undefined) annotation[key] = n;
        }
        const title = p.get("title");
        if (title !== undefined) annotation.title = title;
        result.annotations.push(annotation);
        break;
      }
      case "add-mask":
        if (command.data !== "") result.masks.push(command.data);
        break;
      case "set-output": {
        const name = command.properties.get("name");
        if (name) result.legacyOutputs[name] = command.data;
        break;
      }
      case "stop-commands":
        if (command.data !== "") stopToken = command.data;
        break;
      default:
        break;
    }
  }
  return result;
}
