import { InputError } from "../errors.js";

/** A wall-clock time in some time zone (month 1-12). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

/** How to map a wall time that a DST change skips (gap) or repeats (overlap). */
export type Disambiguation = "compatible" | "earlier" | "later" | "reject";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA zone this runtime knows (`UTC`, `Europe/Berlin`). Never throws. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Throws InputError when the zone is unknown; returns it otherwise. */
export function assertTimeZone(timeZone: string): string {
  if (!isValidTimeZone(timeZone)) {
    throw new InputError(`unknown time zone "${timeZone}"`, {
      hint: "use an IANA time zone name such as UTC, Europe/Berlin or America/New_York",
    });
  }
  return timeZone;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** The wall time (and weekday, 0 = Sunday) of an instant in a zone. Throws RangeError on an unknown zone. */
export function zonedParts(date: Date, timeZone: string): Required<WallTime> & { weekday: number } {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(date)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? "Sun"),
  };
}

/** Milliseconds the zone is ahead of UTC at `date` (e.g. 3,600,000 for CET). */
export function zoneOffsetMs(date: Date, timeZone: string): number {
  const p = zonedParts(date, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

function sameWall(date: Date, wall: WallTime, timeZone: string): boolean {
  const p = zonedParts(date, timeZone);
  return (
    p.year === wall.year &&
    p.month === wall.month &&
    p.day === wall.day &&
    p.hour === wall.hour &&
    p.minute === wall.minute &&
    p.second === (wall.second ?? 0)
  );
}

/**
 * The instant a wall time denotes in a zone. Around DST changes a wall time can be skipped (spring
 * forward) or happen twice (fall back): `compatible` (default, like Temporal) moves a skipped time
 * forward by the gap and takes the earlier of two; `earlier`/`later` pick; `reject` throws InputError
 * naming the time and zone. Throws RangeError on an unknown zone.
 */
export function fromZonedTime(wall: WallTime, timeZone: string, disambiguation: Disambiguation = "compatible"): Date {
  const guess = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0);
  // Offsets a day either side bracket any DST change at this wall time (zones change at most once a day).
  const before = zoneOffsetMs(new Date(guess - 86_400_000), timeZone);
  const after = zoneOffsetMs(new Date(guess + 86_400_000), timeZone);
  const candidates = [...new Set([guess - before, guess - after])]
    .map((t) => new Date(t))
    .filter((d) => sameWall(d, wall, timeZone))
    .sort((a, b) => a.getTime() - b.getTime());
  const label = `${formatWall(wall)} in ${timeZone}`;
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) {
    if (disambiguation === "reject") {
      throw new InputError(`${label} happens twice (the clocks go back)`, {
        hint: "give the time with a UTC offset, e.g. 2026-11-01T01:30-04:00, or in UTC with Z",
      });
    }
    return disambiguation === "later" ? candidates[candidates.length - 1]! : candidates[0]!;
  }
  if (disambiguation === "reject") {
    throw new InputError(`${label} does not exist (the clocks go forward)`, {
      hint: "pick a time outside the skipped hour, or give it with a UTC offset or in UTC with Z",
    });
  }
  // In a gap: `guess - before` applies the pre-change offset, which lands after the gap (like Temporal).
  return disambiguation === "earlier" ? new Date(guess - after) : new Date(guess - before);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** `2026-12-01 02:00` for a wall time. Never throws. */
export function formatWall(wall: WallTime): string {
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)}`;
}

/**
 * An instant as a reader in `timeZone` sees it: `2026-12-01 03:00 (UTC+01:00)`, or `... (UTC)` in UTC.
 * Throws RangeError on an unknown zone.
 */
export function formatInZone(date: Date, timeZone: string): string {
  const wall = formatWall(zonedParts(date, timeZone));
  const offset = zoneOffsetMs(date, timeZone);
  if (offset === 0) return `${wall} (UTC)`;
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset) / 60_000;
  return `${wall} (UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)})`;
}

/** The local calendar date `YYYY-MM-DD` of an instant in a zone. Throws RangeError on an unknown zone. */
export function localDate(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/**
 * The instant `days` calendar days after `date` at the same wall time in `timeZone` (so a day across a
 * DST change lasts 23 or 25 hours). Throws RangeError on an unknown zone.
 */
export function addLocalDays(date: Date, days: number, timeZone: string): Date {
  const p = zonedParts(date, timeZone);
  const shifted = new Date(Date.UTC(p.year, p.month - 1, p.day + days));
  return fromZonedTime(
    {
      year: shifted.getUTCFullYear(),
      month: shifted.getUTCMonth() + 1,
      day: shifted.getUTCDate(),
      hour: p.hour,
      minute: p.minute,
      second: p.second,
    },
    timeZone,
  );
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const OFFSET_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Parses a point in time as users write it in commands and files: ISO 8601 with `Z` or an offset
 * (`2026-12-01T02:00Z`, `2026-12-01T03:00+01:00`), or a local time without one (`2026-12-01 02:00`,
 * `2026-12-01`) read in `timeZone`. A local time that DST skips or repeats throws InputError (ambiguous),
 * as does anything else that is not a valid date.
 */
export function parseDateTime(text: string, timeZone: string): Date {
  const t = text.trim();
  if (OFFSET_RE.test(t)) {
    const normalized = t.replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
    const ms = Date.parse(normalized);
    if (!Number.isNaN(ms) && validCalendarDate(t)) return new Date(ms);
  }
  const m = LOCAL_RE.exec(t);
  if (m && validCalendarDate(t)) {
    const wall: WallTime = {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4] ?? 0),
      minute: Number(m[5] ?? 0),
      second: Number(m[6] ?? 0),
    };
    if (wall.hour < 24 && wall.minute < 60 && (wall.second ?? 0) < 60) {
      return fromZonedTime(wall, assertTimeZone(timeZone), "reject");
    }
  }
  throw new InputError(`"${text}" is not a date and time`, {
    hint: "write it like 2026-12-01T02:00Z (UTC), 2026-12-01T03:00+01:00, or 2026-12-01 02:00 in the configured time zone",
  });
}

function validCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}
