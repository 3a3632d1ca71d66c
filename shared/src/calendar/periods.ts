import { CronExpressionParser } from "cron-parser";
import { InputError } from "../errors.js";
import { assertTimeZone, fromZonedTime, localDate, zonedParts } from "./zoned-time.js";

/** A recurring schedule: a named period or a five-field cron expression, read in a time zone. */
export type PeriodName = "monthly" | "quarterly" | "yearly";

/** One occurrence of a schedule: `[start, end)` with a stable id. */
export interface Period {
  /** `2026-11` (monthly), `2026-Q4` (quarterly), `2026` (yearly), `2026-11-02` (cron: local date of the start). */
  id: string;
  /** A readable name: `November 2026`, `Q4 2026`, `2026`, `2026-11-02`. */
  label: string;
  start: Date;
  /** Start of the next period. */
  end: Date;
}

const NAMED = new Set(["monthly", "quarterly", "yearly"]);
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function cronOf(schedule: string, timeZone: string, currentDate: Date) {
  try {
    return CronExpressionParser.parse(schedule, { tz: timeZone, currentDate, strict: false });
  } catch (err) {
    throw new InputError(`schedule "${schedule}" is not a valid cron expression: ${(err as Error).message}`, {
      hint: 'use five fields (minute hour day-of-month month day-of-week), e.g. "0 9 1 */3 *", or monthly, quarterly, yearly',
      cause: err,
    });
  }
}

/**
 * Checks a schedule: `monthly`, `quarterly`, `yearly` or a five-field cron expression (seconds are not
 * allowed: periods are at least minutes apart). Throws InputError saying what is wrong.
 */
export function assertSchedule(schedule: string, timeZone = "UTC"): void {
  assertTimeZone(timeZone);
  if (NAMED.has(schedule)) return;
  if (schedule.trim().split(/\s+/).length !== 5) {
    throw new InputError(`schedule "${schedule}" needs five cron fields or monthly, quarterly, yearly`, {
      hint: 'e.g. "0 9 1 * *" (09:00 on the first of each month)',
    });
  }
  cronOf(schedule, timeZone, new Date(0));
}

function namedStart(name: PeriodName, year: number, month: number, timeZone: string): Date {
  const m = name === "yearly" ? 1 : name === "quarterly" ? month - ((month - 1) % 3) : month;
  return fromZonedTime({ year, month: m, day: 1, hour: 0, minute: 0 }, timeZone);
}

function namedPeriod(name: PeriodName, at: Date, timeZone: string): Period {
  const p = zonedParts(at, timeZone);
  const start = namedStart(name, p.year, p.month, timeZone);
  const step = name === "yearly" ? 12 : name === "quarterly" ? 3 : 1;
  const sm = zonedParts(start, timeZone).month;
  const nextMonthIndex = sm - 1 + step;
  const end = fromZonedTime(
    { year: p.year + Math.floor(nextMonthIndex / 12), month: (nextMonthIndex % 12) + 1, day: 1, hour: 0, minute: 0 },
    timeZone,
  );
  if (name === "yearly") return { id: String(p.year), label: String(p.year), start, end };
  if (name === "quarterly") {
    const q = Math.floor((p.month - 1) / 3) + 1;
    return { id: `${p.year}-Q${q}`, label: `Q${q} ${p.year}`, start, end };
  }
  return {
    id: `${p.year}-${String(p.month).padStart(2, "0")}`,
    label: `${MONTHS[p.month - 1]} ${p.year}`,
    start,
    end,
  };
}

/**
 * The period of `schedule` (in `timeZone`, default UTC) that contains `at`: for `monthly`/`quarterly`/
 * `yearly` the calendar month/quarter/year starting at local midnight; for a cron expression the span from
 * the latest occurrence at or before `at` to the next one (id: the local date of its start, which is why a
 * cron schedule should fire at most once a day). Throws InputError on a bad schedule or zone.
 */
export function periodAt(schedule: string, at: Date, timeZone = "UTC"): Period {
  assertTimeZone(timeZone);
  if (NAMED.has(schedule)) return namedPeriod(schedule as PeriodName, at, timeZone);
  assertSchedule(schedule, timeZone);
  // cron-parser's prev() is strictly before currentDate; nudge by a second so an occurrence at `at` counts.
  const probe = new Date(at.getTime() + 1000);
  const start = cronOf(schedule, timeZone, probe).prev().toDate();
  const end = cronOf(schedule, timeZone, start).next().toDate();
  const id = localDate(start, timeZone);
  return { id, label: id, start, end };
}

/**
 * Every occurrence start of a cron expression in `[from, to)`, at most `limit` (default 1000).
 * Throws InputError on a bad expression or zone.
 */
export function cronOccurrences(schedule: string, from: Date, to: Date, timeZone = "UTC", limit = 1000): Date[] {
  assertSchedule(schedule, timeZone);
  const expr = cronOf(schedule, timeZone, new Date(from.getTime() - 1000));
  const out: Date[] = [];
  while (out.length < limit) {
    const next = expr.next().toDate();
    if (next.getTime() >= to.getTime()) break;
    if (next.getTime() >= from.getTime()) out.push(next);
  }
  return out;
}
