/**
 * GFS (grandfather-father-son) retention: which periods must hold a backup (each missing one is a
 * gap, named by its date) and which backups no rule keeps (over-retention). Periods are UTC calendar
 * days, ISO weeks (Monday first), months and years, counted back from the newest backup's period and
 * never before the oldest backup's period (a young series has no gaps before it began).
 *
 * Which backup a period keeps follows restic's `forget --keep-*`: the newest one in the period.
 */

import { InputError } from "../errors.js";
import type { RetentionPolicy } from "./types.js";

export type RetentionPeriod = "daily" | "weekly" | "monthly" | "yearly";
export const RETENTION_PERIODS: readonly RetentionPeriod[] = ["daily", "weekly", "monthly", "yearly"];

/** A period that should hold a backup and does not. */
export interface RetentionGap {
  period: RetentionPeriod;
  /** `2026-11-28`, `2026-W47`, `2026-07`, `2025`. */
  label: string;
  /** First day of the period (`YYYY-MM-DD`). */
  start: string;
}

/** The result of {@link checkRetention}, over items with a time. */
export interface RetentionResult<T> {
  gaps: RetentionGap[];
  /** Items kept by no rule of the policy, oldest first. */
  surplus: T[];
  /** Items kept, with the rules that keep each. */
  kept: Map<T, RetentionPeriod[]>;
}

const DAY = 86_400_000;

function dayStart(t: Date): number {
  return Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** ISO week-numbering year and week of a UTC day. */
function isoWeek(ms: number): { year: number; week: number } {
  const d = new Date(ms);
  const dow = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = ms + (3 - dow) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return { year, week };
}

/** Start (UTC midnight) of the period holding `ms`. */
function periodStart(period: RetentionPeriod, ms: number): number {
  const d = new Date(ms);
  switch (period) {
    case "daily":
      return dayStart(d);
    case "weekly":
      return dayStart(d) - ((d.getUTCDay() + 6) % 7) * DAY;
    case "monthly":
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case "yearly":
      return Date.UTC(d.getUTCFullYear(), 0, 1);
  }
}

/** Start of the period before the one starting at `start`. */
function previous(period: RetentionPeriod, start: number): number {
  const d = new Date(start);
  switch (period) {
    case "daily":
      return start - DAY;
    case "weekly":
      return start - 7 * DAY;
    case "monthly":
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1);
    case "yearly":
      return Date.UTC(d.getUTCFullYear() - 1, 0, 1);
  }
}

function label(period: RetentionPeriod, start: number): string {
  switch (period) {
    case "daily":
      return iso(start);
    case "weekly": {
      const w = isoWeek(start);
      return `${w.year}-W${String(w.week).padStart(2, "0")}`;
    }
    case "monthly":
      return iso(start).slice(0, 7);
    case "yearly":
      return iso(start).slice(0, 4);
  }
}

/**
 * Parses `daily=7,weekly=4,monthly=12,yearly=2` (any subset). Throws InputError naming the part that
 * is not `<period>=<count>` with a known period and a whole count.
 */
export function parseRetention(text: string, setting = "--retention"): RetentionPolicy {
  const policy: RetentionPolicy = {};
  for (const part of text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(daily|weekly|monthly|yearly)=(\d+)$/.exec(part);
    if (!m) {
      throw new InputError(`${setting}: "${part}" is not <period>=<count>`, {
        hint: "e.g. daily=7,weekly=4,monthly=12,yearly=2 (periods: daily, weekly, monthly, yearly)",
      });
    }
    policy[m[1] as RetentionPeriod] = Number(m[2]);
  }
  return policy;
}

/**
 * Checks items (each with a time) against a GFS policy. Gaps are periods within the policy's reach
 * (counted back from the newest item's period, not before the oldest item's period) without an item;
 * surplus are items no rule keeps. Items must be sorted oldest first. An empty list has no gaps (a
 * missing backup is reported by freshness).
 */
export function checkRetention<T>(
  items: readonly T[],
  timeOf: (item: T) => Date,
  policy: RetentionPolicy,
): RetentionResult<T> {
  const kept = new Map<T, RetentionPeriod[]>();
  const gaps: RetentionGap[] = [];
  if (items.length === 0) return { gaps, surplus: [], kept };
  const newest = timeOf(items[items.length - 1]!).getTime();
  const oldest = timeOf(items[0]!).getTime();
  for (const period of RETENTION_PERIODS) {
    const count = policy[period] ?? 0;
    if (count <= 0) continue;
    // newest item of each period
    const byPeriod = new Map<number, T>();
    for (const item of items) byPeriod.set(periodStart(period, timeOf(item).getTime()), item);
    let start = periodStart(period, newest);
    const floor = periodStart(period, oldest);
    for (let i = 0; i < count; i++, start = previous(period, start)) {
      const item = byPeriod.get(start);
      if (item !== undefined) {
        const rules = kept.get(item);
        if (rules) rules.push(period);
        else kept.set(item, [period]);
      } else if (start >= floor) {
        gaps.push({ period, label: label(period, start), start: iso(start) });
      }
    }
  }
  const anyPolicy = RETENTION_PERIODS.some((p) => (policy[p] ?? 0) > 0);
  const surplus = anyPolicy ? items.filter((i) => !kept.has(i)) : [];
  return { gaps, surplus, kept };
}
