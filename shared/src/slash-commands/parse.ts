import { isDuration, parseDuration } from "../calendar/duration.js";
import { parseDateTime } from "../calendar/zoned-time.js";
import { UpkeepError } from "../errors.js";
import type { CommandActor, ParseResult, Permission, SlashCommand } from "./types.js";

/** Permissions that may run maintenance and incident commands (design: write and above). */
export const ALLOWED_PERMISSIONS: readonly Permission[] = ["write", "maintain", "admin"];

const FAMILIES = ["maintenance", "incident"] as const;
type Family = (typeof FAMILIES)[number];

/** The usage line of each command, shown with an `invalid` result. */
export const USAGE: Record<Family, string> = {
  maintenance: [
    "/maintenance schedule <start> <duration> <title>   e.g. /maintenance schedule 2026-12-01T02:00Z 2h Database upgrade",
    "/maintenance cancel [id] [reason]",
    "/maintenance reschedule [id] <start> [duration]",
  ].join("\n"),
  incident: ["/incident open <title>", "/incident update <text>", "/incident resolve [note]"].join("\n"),
};

const ACTIONS: Record<Family, readonly string[]> = {
  maintenance: ["schedule", "cancel", "reschedule"],
  incident: ["open", "update", "resolve"],
};

/** Longest window a command may schedule; anything longer is almost certainly a typo (`72d` for `72h`). */
const MAX_WINDOW_MS = 31 * 86_400_000;
const ID_RE = /^[a-z0-9][a-z0-9-]*$/;

interface CommandLine {
  family: Family;
  rest: string;
  following: string[];
}

/** Command lines outside code blocks and quotes (a quoted reply must not run the command again). */
function commandLines(text: string): CommandLine[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const out: CommandLine[] = [];
  let fence: string | undefined;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const fenceMatch = /^(```+|~~~+)/.exec(line);
    if (fenceMatch) {
      if (!fence) fence = fenceMatch[1]!.slice(0, 3);
      else if (line.startsWith(fence)) fence = undefined;
      return;
    }
    if (fence || line.startsWith(">")) return;
    const m = /^\/(maintenance|incident)(?:\s+(.*))?$/i.exec(line);
    if (!m) return;
    out.push({ family: m[1]!.toLowerCase() as Family, rest: (m[2] ?? "").trim(), following: lines.slice(i + 1) });
  });
  return out;
}

/** Whether `text` holds a `/maintenance` or `/incident` line outside code blocks and quotes. Never throws. */
export function hasSlashCommand(text: string): boolean {
  return commandLines(text).length > 0;
}

function invalid(family: Family, reason: string): ParseResult {
  return { kind: "invalid", family, reason, usage: USAGE[family] };
}

/** Reads a date-time from the front of `tokens` (a local `2026-12-01 02:00` spans two). */
function takeDateTime(tokens: string[], timeZone: string): { date: Date; used: number } | undefined {
  const first = tokens[0];
  if (!first || !/^\d{4}-\d{2}-\d{2}/.test(first)) return undefined;
  const second = tokens[1];
  if (/^\d{4}-\d{2}-\d{2}$/.test(first) && second && /^\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?$/i.test(second)) {
    return { date: parseDateTime(`${first}T${second}`, timeZone), used: 2 };
  }
  return { date: parseDateTime(first, timeZone), used: 1 };
}

function reasonOf(err: unknown): string {
  if (err instanceof UpkeepError) return err.hint ? `${err.message}: ${err.hint}` : err.message;
  return String(err);
}

/** A window's duration in ms, or why `text` is not one. */
function windowDuration(text: string): number | string {
  if (!isDuration(text)) return `"${text}" is not a duration (e.g. 2h, 90m, 1h30m)`;
  const ms = parseDuration(text);
  return ms > MAX_WINDOW_MS ? `${text} is longer than 31 days; did you mean hours?` : ms;
}

function parseMaintenance(action: string, tokens: string[], timeZone: string): SlashCommand | string {
  if (action === "schedule") {
    const when = takeDateTime(tokens, timeZone);
    if (!when) return tokens[0] ? `"${tokens[0]}" is not a start time` : "the start time is missing";
    const durationText = tokens[when.used];
    if (!durationText) return "the duration is missing (e.g. 2h)";
    const durationMs = windowDuration(durationText);
    if (typeof durationMs === "string") return durationMs;
    const title = tokens.slice(when.used + 1).join(" ");
    if (!title) return "the title is missing (e.g. Database upgrade)";
    return { family: "maintenance", action, start: when.date, durationMs, title };
  }
  if (action === "cancel") {
    const [first, ...more] = tokens;
    if (first && !ID_RE.test(first)) return `"${first}" is not a window id (lowercase letters, digits and dashes)`;
    return {
      family: "maintenance",
      action,
      ...(first ? { id: first } : {}),
      ...(more.length ? { reason: more.join(" ") } : {}),
    };
  }
  // reschedule [id] <start> [duration]
  let rest = tokens;
  let id: string | undefined;
  if (rest[0] && !/^\d{4}-\d{2}-\d{2}/.test(rest[0])) {
    if (!ID_RE.test(rest[0])) return `"${rest[0]}" is neither a window id nor a start time`;
    id = rest[0];
    rest = rest.slice(1);
  }
  const when = takeDateTime(rest, timeZone);
  if (!when) return "the new start time is missing";
  const extra = rest.slice(when.used);
  if (extra.length > 1) return `unexpected text after the duration: "${extra.slice(1).join(" ")}"`;
  const durationMs = extra[0] === undefined ? undefined : windowDuration(extra[0]);
  if (typeof durationMs === "string") return durationMs;
  return {
    family: "maintenance",
    action: "reschedule",
    ...(id ? { id } : {}),
    start: when.date,
    ...(durationMs !== undefined ? { durationMs } : {}),
  };
}

function parseIncident(action: string, rest: string, following: string[]): SlashCommand | string {
  if (action === "open") {
    if (!rest) return "the title is missing (e.g. /incident open API returns 502)";
    return { family: "incident", action, title: rest };
  }
  if (action === "update") {
    // An update may go on over several lines; they are part of the timeline entry.
    const text = [rest, ...following].join("\n").trim();
    if (!text) return "the update text is missing (e.g. /incident update Restored from last night's backup)";
    return { family: "incident", action, text };
  }
  return { family: "incident", action: "resolve", ...(rest ? { note: rest } : {}) };
}

/**
 * Finds and parses the slash command in a comment. Lines in code blocks and quotes are ignored; one
 * command per comment. Permission comes first: bots are always rejected (silently), and only users with
 * write, maintain or admin permission may run commands. Times without an offset are read in `timeZone`
 * (default UTC); one that a DST change skips or repeats is `invalid` as ambiguous. Never throws.
 */
export function parseSlashCommand(text: string, actor: CommandActor, options: { timeZone?: string } = {}): ParseResult {
  const found = commandLines(text);
  const line = found[0];
  if (!line) return { kind: "none" };
  const family = line.family;
  if (actor.isBot || /\[bot\]$/i.test(actor.login)) {
    return { kind: "rejected", family, reason: `/${family} commands from bots are ignored`, silent: true };
  }
  if (!ALLOWED_PERMISSIONS.includes(actor.permission)) {
    return {
      kind: "rejected",
      family,
      reason: `@${actor.login} has ${actor.permission} permission; /${family} needs write, maintain or admin`,
      silent: false,
    };
  }
  if (found.length > 1) return invalid(family, "one command per comment, please");
  const [actionWord = "", ...tokens] = line.rest.split(/\s+/).filter(Boolean);
  const action = actionWord.toLowerCase();
  if (!ACTIONS[family].includes(action)) {
    const known = ACTIONS[family].join(", ");
    return invalid(family, action ? `unknown subcommand "${actionWord}" (expected ${known})` : `expected ${known}`);
  }
  const restText = line.rest.slice(line.rest.toLowerCase().indexOf(action) + action.length).trim();
  try {
    const parsed =
      family === "maintenance"
        ? parseMaintenance(action, tokens, options.timeZone ?? "UTC")
        : parseIncident(action, restText, line.following);
    return typeof parsed === "string" ? invalid(family, parsed) : { kind: "command", command: parsed };
  } catch (err) {
    return invalid(family, reasonOf(err));
  }
}
