import { InputError } from "../errors.js";

const UNIT_MS = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000 } as const;
// The same grammar as the config schema's reminder pattern: units in descending order, each at most once.
const DURATION_RE = /^(?=\d)(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/;

/**
 * Parses a duration like `2h`, `90m`, `1h30m`, `72h`, `1d12h` or `1w` into milliseconds.
 * Units (w, d, h, m) appear in that order, each at most once. A day is 24 hours: wall-clock
 * shifts across DST changes are not applied (a `72h` reminder is 72 real hours before the start).
 * Throws InputError naming the text when it is not a duration or is zero.
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  const m = DURATION_RE.exec(trimmed);
  if (!m) {
    throw new InputError(`"${text}" is not a duration`, {
      hint: "write it like 2h, 90m, 1h30m, 1d12h or 1w (units w, d, h, m, largest first)",
    });
  }
  const [, w, d, h, min] = m;
  const ms =
    Number(w ?? 0) * UNIT_MS.w + Number(d ?? 0) * UNIT_MS.d + Number(h ?? 0) * UNIT_MS.h + Number(min ?? 0) * UNIT_MS.m;
  if (ms === 0) throw new InputError(`"${text}" is a zero duration`, { hint: "give a duration above zero, e.g. 1h" });
  return ms;
}

/** Whether `text` parses as a duration (see {@link parseDuration}); never throws. */
export function isDuration(text: string): boolean {
  const m = DURATION_RE.exec(text.trim());
  return m !== null && /[1-9]/.test(text);
}

/**
 * Formats milliseconds as the shortest duration of days, hours and minutes (`1d12h`, `1h30m`, `90m` is
 * written `1h30m`); seconds are dropped. Zero and negatives give `0m`. Never throws.
 */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return "0m";
  let rest = Math.floor(ms / 60_000);
  const days = Math.floor(rest / 1440);
  rest -= days * 1440;
  const hours = Math.floor(rest / 60);
  const minutes = rest - hours * 60;
  return `${days ? `${days}d` : ""}${hours ? `${hours}h` : ""}${minutes ? `${minutes}m` : ""}`;
}

/** A human phrase for a duration: `3 days`, `1 day 2 hours`, `45 minutes`. Never throws. */
export function describeDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutes = total % 60;
  const part = (n: number, unit: string) => (n === 0 ? "" : `${n} ${unit}${n === 1 ? "" : "s"}`);
  const text = [part(days, "day"), part(hours, "hour"), part(minutes, "minute")].filter(Boolean).join(" ");
  return text || "0 minutes";
}
