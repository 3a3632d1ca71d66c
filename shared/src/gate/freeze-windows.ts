import * as rruleModule from "rrule";
import { cronOccurrences } from "../calendar/periods.js";
import { fromZonedTime, parseDateTime } from "../calendar/zoned-time.js";
import { InputError } from "../errors.js";
import type { FreezeSettings } from "./types.js";

// rrule ships CommonJS for Node (`main`, whose exports Node puts under `default`) and ESM for bundlers
// (`module`, named exports, what esbuild picks): take RRule from wherever this runtime put it.
const { RRule } = "RRule" in rruleModule ? rruleModule : (Reflect.get(rruleModule, "default") as typeof rruleModule);

/** A freeze in effect: where it comes from, and when it ends. */
export interface ActiveFreeze {
  title: string;
  start: Date;
  end: Date;
  source: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function wallOf(text: string, what: string) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(text.trim());
  if (!m) {
    throw new InputError(`${what}: "${text}" is not a local date and time`, {
      hint: "write it like 2026-01-02T18:00 (read in the freeze's timezone)",
    });
  }
  return { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +(m[4] ?? 0), minute: +(m[5] ?? 0) };
}

/**
 * Parses an RRULE (`FREQ=WEEKLY;BYDAY=FR`, with or without the `RRULE:` prefix). The rule is expanded in
 * wall-clock time and each occurrence converted in `timezone`, so `18:00 Europe/Berlin` stays 18:00 on
 * both sides of a DST change. Throws InputError naming the rule when rrule cannot read it.
 */
export function parseRrule(rule: string, start: string): InstanceType<typeof RRule> {
  const text = rule.trim().replace(/^RRULE:/i, "");
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(text);
  } catch (error) {
    throw new InputError(`freeze rrule "${rule}" cannot be read: ${(error as Error).message}`, {
      hint: 'write an RFC 5545 rule like "FREQ=WEEKLY;BYDAY=FR" (with start: the first occurrence, local time)',
    });
  }
  if (options.freq === undefined) {
    throw new InputError(`freeze rrule "${rule}" has no FREQ`, { hint: "add FREQ=DAILY, WEEKLY, MONTHLY or YEARLY" });
  }
  const w = wallOf(start, `freeze rrule "${rule}" start`);
  // Floating time: UTC fields stand for wall-clock fields in the freeze's zone.
  return new RRule({ ...options, dtstart: new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute)) });
}

/**
 * The configured freeze in effect at `at`, if any (the one ending last when several overlap). Cron and
 * RRULE freezes start at each occurrence (local time in `timezone`) and last `durationMs` real time;
 * ranges run from `from` to `to` (a date without a time ends at the end of that day). Throws InputError
 * for an unreadable rule, date or zone.
 */
export function activeFreeze(freezes: readonly FreezeSettings[], at: Date): ActiveFreeze | undefined {
  let best: ActiveFreeze | undefined;
  const t = at.getTime();
  const consider = (f: ActiveFreeze) => {
    if (f.start.getTime() <= t && t < f.end.getTime() && (!best || f.end > best.end)) best = f;
  };
  for (const f of freezes) {
    if (f.kind === "cron") {
      for (const start of cronOccurrences(f.cron, new Date(t - f.durationMs + 1), new Date(t + 1), f.timezone)) {
        consider({
          title: f.title,
          start,
          end: new Date(start.getTime() + f.durationMs),
          source: `cron "${f.cron}" ${f.timezone}`,
        });
      }
    } else if (f.kind === "rrule") {
      const rule = parseRrule(f.rrule, f.start);
      // Search a floating span wide enough for any zone offset (±14 h) around [at − duration, at].
      const span = 15 * 3_600_000;
      for (const floating of rule.between(new Date(t - f.durationMs - span), new Date(t + span), true)) {
        const start = fromZonedTime(
          {
            year: floating.getUTCFullYear(),
            month: floating.getUTCMonth() + 1,
            day: floating.getUTCDate(),
            hour: floating.getUTCHours(),
            minute: floating.getUTCMinutes(),
          },
          f.timezone,
        );
        consider({
          title: f.title,
          start,
          end: new Date(start.getTime() + f.durationMs),
          source: `rrule "${f.rrule}" ${f.timezone}`,
        });
      }
    } else {
      const start = parseDateTime(f.from, f.timezone);
      let end = parseDateTime(f.to, f.timezone);
      if (DATE_ONLY.test(f.to.trim())) {
        const w = wallOf(f.to, "freeze to");
        const next = new Date(Date.UTC(w.year, w.month - 1, w.day + 1));
        end = fromZonedTime(
          { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0, minute: 0 },
          f.timezone,
        );
      }
      consider({ title: f.title, start, end, source: `${f.from} – ${f.to} ${f.timezone}` });
    }
  }
  return best;
}
