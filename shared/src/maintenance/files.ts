import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from "yaml";
import { parseDuration } from "../calendar/duration.js";
import { cronOccurrences } from "../calendar/periods.js";
import type { CalendarWindow, WindowKind } from "../calendar/window.js";
import { isValidTimeZone, parseDateTime } from "../calendar/zoned-time.js";
import { ConfigError, type ConfigProblem, UpkeepError } from "../errors.js";
import type { FileSystemPort } from "../ports.js";

/** Where maintenance window files live. */
export const MAINTENANCE_DIR = ".github/maintenance";

/** A window read from a file, with where it is written (for messages and the announcement). */
export interface FileWindow extends CalendarWindow {
  file: string;
  line: number;
}

/** Options of {@link parseMaintenanceFile}. */
export interface ParseWindowsOptions {
  /** Zone of times written without an offset, and readers' zone. Default `UTC` (the config's `maintenance.timezone`). */
  timezone?: string;
  /** For `repeat`: occurrences from `now − duration` ... (the caller's clock; engines never read the time). */
  now: Date;
  /** ... up to `now + horizonDays`. Default 90. */
  horizonDays?: number;
}

const KEYS = new Set([
  "id",
  "title",
  "start",
  "end",
  "duration",
  "timezone",
  "impact",
  "description",
  "kind",
  "status",
  "repeat",
  "until",
]);
const ID_RE = /^[a-z0-9][a-z0-9-]*$/;

function stemOf(file: string): string {
  const base = file.split("/").pop() ?? file;
  return base
    .replace(/\.ya?ml$/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

class Reader {
  readonly problems: ConfigProblem[] = [];
  constructor(
    readonly file: string,
    private readonly counter: LineCounter,
  ) {}

  pos(node: Node | null | undefined): { line: number; column: number } {
    const { line, col } = this.counter.linePos(node?.range?.[0] ?? 0);
    return { line, column: col };
  }

  problem(node: Node | null | undefined, key: string, message: string): void {
    this.problems.push({ file: this.file, ...this.pos(node), key, message });
  }
}

function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "string" || typeof v === "number") return String(v);
  return undefined;
}

function readWindow(
  map: YAMLMap,
  r: Reader,
  path: string,
  defaultId: string,
  options: ParseWindowsOptions,
): FileWindow[] {
  const at = (k: string) => `${path}${path ? "." : ""}${k}`;
  const values = new Map<string, { text: string; node: Node }>();
  for (const pair of map.items) {
    const key = scalarText(pair.key);
    if (key === undefined) continue;
    if (!KEYS.has(key)) {
      r.problem(pair.key as Node, at(key), `unknown key "${key}" (expected ${[...KEYS].join(", ")})`);
      continue;
    }
    const text = scalarText(pair.value);
    if (text === undefined || text.trim() === "") {
      r.problem((pair.value ?? pair.key) as Node, at(key), "expected a text value");
      continue;
    }
    values.set(key, { text: text.trim(), node: pair.value as Node });
  }
  const before = r.problems.length;
  const get = (k: string) => values.get(k);
  const id = get("id")?.text ?? defaultId;
  if (!ID_RE.test(id))
    r.problem(get("id")?.node ?? map, at("id"), `"${id}" is not an id: use lowercase letters, digits and dashes`);
  const title = get("title")?.text;
  if (!title) r.problem(map, at("title"), 'missing "title" (what users see, e.g. Database upgrade)');
  const timezone = get("timezone")?.text ?? options.timezone ?? "UTC";
  if (!isValidTimeZone(timezone)) r.problem(get("timezone")?.node, at("timezone"), `unknown time zone "${timezone}"`);
  const kind = (get("kind")?.text ?? "maintenance") as WindowKind;
  if (kind !== "maintenance" && kind !== "freeze") {
    r.problem(get("kind")?.node, at("kind"), `expected maintenance or freeze, got "${kind}"`);
  }
  const status = get("status")?.text ?? "scheduled";
  if (status !== "scheduled" && status !== "cancelled") {
    r.problem(get("status")?.node, at("status"), `expected scheduled or cancelled, got "${status}"`);
  }
  const when = (k: string): Date | undefined => {
    const v = get(k);
    if (!v || !isValidTimeZone(timezone)) return undefined;
    try {
      return parseDateTime(v.text, timezone);
    } catch (err) {
      r.problem(v.node, at(k), err instanceof UpkeepError && err.hint ? `${err.message}; ${err.hint}` : String(err));
      return undefined;
    }
  };
  const start = when("start");
  const end = when("end");
  const until = when("until");
  let durationMs: number | undefined;
  const dur = get("duration");
  if (dur) {
    try {
      durationMs = parseDuration(dur.text);
    } catch (err) {
      r.problem(dur.node, at("duration"), `${(err as Error).message}; write it like 2h, 90m or 1h30m`);
    }
  }
  const repeat = get("repeat");
  if (end && dur) r.problem(dur.node, at("duration"), 'give "end" or "duration", not both');
  if (!repeat && !get("start")) r.problem(map, at("start"), 'missing "start" (e.g. 2026-12-01T02:00Z)');
  if (!get("end") && !dur) r.problem(map, at("end"), 'missing "end" or "duration" (e.g. duration: 2h)');
  if (repeat && get("end")) r.problem(get("end")?.node, at("end"), 'a repeating window takes "duration", not "end"');
  if (start && end && end.getTime() <= start.getTime())
    r.problem(get("end")?.node, at("end"), '"end" is not after "start"');
  if (r.problems.length > before || !title) return [];
  const base = {
    kind,
    title,
    timezone,
    impact: get("impact")?.text ?? "",
    status: status as "scheduled" | "cancelled",
    ...(get("description") ? { description: get("description")!.text } : {}),
    file: r.file,
    line: r.pos(map).line,
  };
  if (!repeat) {
    const s = start!;
    return [{ ...base, id, start: s, end: end ?? new Date(s.getTime() + durationMs!) }];
  }
  const { now } = options;
  const from = new Date(Math.max(now.getTime() - durationMs!, start?.getTime() ?? 0));
  const horizon = new Date(now.getTime() + (options.horizonDays ?? 90) * 86_400_000);
  const to = until && until.getTime() < horizon.getTime() ? until : horizon;
  try {
    return cronOccurrences(repeat.text, from, to, timezone).map((s) => ({
      ...base,
      id: `${id}-${s.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-").toLowerCase()}`,
      start: s,
      end: new Date(s.getTime() + durationMs!),
    }));
  } catch (err) {
    r.problem(repeat.node, at("repeat"), err instanceof UpkeepError ? err.message : String(err));
    return [];
  }
}

/**
 * Reads the windows of one `.github/maintenance/*.yml` file: a single window (a mapping) or several
 * under `windows:`. Keys: `title`, `start`, `end` or `duration`, `timezone`, `impact`, `description`,
 * `kind` (maintenance | freeze), `status` (scheduled | cancelled), `id` (default: the file name, with
 * `-2`, `-3` ... for later list items), and `repeat` (a cron expression in `timezone`, expanded from
 * `now − duration` up to the horizon or `until`). Throws ConfigError listing every problem with file,
 * line and column.
 */
export function parseMaintenanceFile(text: string, file: string, options: ParseWindowsOptions): FileWindow[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const r = new Reader(file, counter);
  for (const err of doc.errors) {
    const pos = err.linePos?.[0];
    r.problems.push({
      file,
      line: pos?.line ?? 1,
      column: pos?.col ?? 1,
      key: "",
      message: err.message.split("\n")[0]!,
    });
  }
  if (r.problems.length > 0) throw new ConfigError(r.problems, { hint: "fix the YAML syntax at the position shown" });
  const root = doc.contents;
  const stem = stemOf(file) || "window";
  const windows: FileWindow[] = [];
  if (isMap(root) && root.has("windows")) {
    const list = root.get("windows", true);
    if (!isSeq(list)) r.problem(list as Node, "windows", "expected a list of windows");
    else {
      list.items.forEach((item, i) => {
        if (!isMap(item)) r.problem(item as Node, `windows[${i}]`, "expected a mapping with title, start and duration");
        else windows.push(...readWindow(item, r, `windows[${i}]`, i === 0 ? stem : `${stem}-${i + 1}`, options));
      });
    }
  } else if (isMap(root)) {
    windows.push(...readWindow(root, r, "", stem, options));
  } else if (root !== null) {
    r.problem(root as Node, "", "expected a mapping (title, start, duration ...) or windows: [...]");
  }
  const seen = new Set<string>();
  for (const w of windows) {
    if (seen.has(w.id))
      r.problems.push({ file, line: w.line, column: 1, key: "id", message: `duplicate window id "${w.id}"` });
    seen.add(w.id);
  }
  if (r.problems.length > 0)
    throw new ConfigError(r.problems, { hint: `see docs/bot.md for the ${MAINTENANCE_DIR} format` });
  return windows;
}

/**
 * Reads every `*.yml`/`*.yaml` file in `dir` (default `.github/maintenance`) through the filesystem
 * port. A bad file does not stop the others: its problems are returned and its windows left out.
 * Window ids must be unique across files (a repeat is a problem of the later file). Never throws for
 * file content; throws InputError only when the port fails to read a listed file.
 */
export async function loadMaintenanceWindows(
  fs: FileSystemPort,
  options: ParseWindowsOptions & { dir?: string },
): Promise<{ windows: FileWindow[]; problems: ConfigProblem[]; files: string[] }> {
  const dir = (options.dir ?? MAINTENANCE_DIR).replace(/\/+$/, "");
  const files = (await fs.walk({ dir })).filter((f) => /\.ya?ml$/i.test(f));
  const windows: FileWindow[] = [];
  const problems: ConfigProblem[] = [];
  const ids = new Map<string, string>();
  for (const file of files) {
    try {
      for (const w of parseMaintenanceFile(await fs.readText(file), file, options)) {
        const other = ids.get(w.id);
        if (other) {
          problems.push({
            file,
            line: w.line,
            column: 1,
            key: "id",
            message: `window id "${w.id}" is also used in ${other}`,
          });
          continue;
        }
        ids.set(w.id, file);
        windows.push(w);
      }
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  return { windows, problems, files };
}
