/**
 * Series detection: which stored objects are backups (sidecars and manifests are not), the time of
 * each backup (from a timestamp in its name, else the object's modification time) and which series
 * it belongs to (the name with its timestamp taken out: `app-2026-12-01.tar.gz` → `app-*.tar.gz`).
 */

import { InputError } from "../errors.js";
import type { StoredObject } from "./types.js";

/** Sidecar checksum files: `<backup>.sha256`, `.sha512`, `.md5`, `.sha1`. */
export const SIDECAR_SUFFIXES = [".sha256", ".sha512", ".md5", ".sha1"] as const;

/** Names of checksum manifests (GNU `sha256sum` or BSD `shasum --tag` output). */
const MANIFEST_NAME = /^(?:SHA(?:1|256|512)SUMS|MD5SUMS|CHECKSUMS)(?:\.txt)?$|\.(?:sha256sums|sha512sums|md5sums)$/i;

/** Files that describe backups rather than being one: signatures, state files. */
const NOT_BACKUP = /\.(?:sig|asc|minisig)$|^\.upkeep-backup-state\.json$|^\.DS_Store$/i;

/** One backup of a series. */
export interface Backup {
  object: StoredObject;
  /** When the backup was taken. */
  time: Date;
  /** `name` when the time came from the name, `mtime` when from the object. */
  timeSource: "name" | "mtime";
  /** Series key: the base name with the timestamp replaced by `*`. */
  series: string;
}

/** The result of {@link classifyObjects}. */
export interface Classified {
  backups: Backup[];
  sidecars: StoredObject[];
  manifests: StoredObject[];
}

function baseName(key: string): string {
  const i = key.lastIndexOf("/");
  return i < 0 ? key : key.slice(i + 1);
}

/** Whether a key names a sidecar checksum file. */
export function isSidecar(key: string): boolean {
  const lower = key.toLowerCase();
  return SIDECAR_SUFFIXES.some((s) => lower.endsWith(s));
}

/** Whether a key names a checksum manifest. */
export function isManifest(key: string): boolean {
  return MANIFEST_NAME.test(baseName(key));
}

// Dashed (2026-12-01, 2026-12-01T02:00:00Z, 2026-12-01_0200) and compact (20261201, 20261201T0200Z) forms.
const DASHED =
  /(?<!\d)(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})(?:[T_ .-](?<hour>\d{2})[:.-]?(?<minute>\d{2})(?:[:.-]?(?<second>\d{2}))?(?:\.\d+)?)?(?<zone>Z|[+-]\d{2}:?\d{2})?(?!\d)/;
const COMPACT =
  /(?<!\d)(?<year>\d{4})(?<month>\d{2})(?<day>\d{2})(?:[T_-]?(?<hour>\d{2})(?<minute>\d{2})(?<second>\d{2})?)?(?<zone>Z|[+-]\d{4})?(?!\d)/;

/** A timestamp found in a name: the time and the matched span (to build the series key). */
export interface NameTimestamp {
  time: Date;
  index: number;
  length: number;
}

function fromGroups(g: Record<string, string | undefined>): Date | undefined {
  const num = (s: string | undefined, dflt: number) => (s === undefined ? dflt : Number(s));
  const year = num(g.year, Number.NaN);
  const month = num(g.month, Number.NaN);
  const day = num(g.day, Number.NaN);
  const hour = num(g.hour, 0);
  const minute = num(g.minute, 0);
  const second = num(g.second, 0);
  if (!(year >= 1970 && year < 3000 && month >= 1 && month <= 12 && day >= 1 && day <= 31)) return undefined;
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  let ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  if (d.getUTCDate() !== day) return undefined; // 2026-02-31
  const zone = g.zone;
  if (zone && zone !== "Z") {
    const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (m) ms -= (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
  }
  return new Date(ms);
}

/**
 * Finds the timestamp in a base name. Without `pattern` it recognises ISO dates and timestamps
 * (`2026-12-01`, `2026-12-01T02:00:00Z`, `20261201`, `20261201T0200Z`); names without a zone are UTC.
 * `pattern` is a regular expression with named groups `year`, `month`, `day` (and optional `hour`,
 * `minute`, `second`, `zone`). Returns undefined when the name holds no valid timestamp.
 */
export function timestampFromName(name: string, pattern?: RegExp): NameTimestamp | undefined {
  const regexes = pattern ? [pattern] : [DASHED, COMPACT];
  for (const re of regexes) {
    const m = re.exec(name);
    if (!m?.groups) continue;
    const time = fromGroups(m.groups);
    if (time) return { time, index: m.index, length: m[0].length };
  }
  return undefined;
}

/**
 * Compiles a configured timestamp pattern. Throws InputError naming the setting when it is not a
 * valid regular expression or lacks the `year`, `month` and `day` groups.
 */
export function compileTimestampPattern(source: string, setting = "timestampPattern"): RegExp {
  let re: RegExp;
  try {
    re = new RegExp(source);
  } catch (err) {
    throw new InputError(`${setting}: ${JSON.stringify(source)} is not a regular expression`, {
      hint: "e.g. (?<year>\\d{4})(?<month>\\d{2})(?<day>\\d{2})",
      cause: err,
    });
  }
  for (const g of ["year", "month", "day"]) {
    if (!source.includes(`(?<${g}>`)) {
      throw new InputError(`${setting}: ${JSON.stringify(source)} has no named group "${g}"`, {
        hint: "name the groups year, month, day (and hour, minute, second), e.g. (?<year>\\d{4})-(?<month>\\d{2})-(?<day>\\d{2})",
      });
    }
  }
  return re;
}

/**
 * Splits listed objects into backups, sidecars and manifests, and dates each backup. Objects are
 * grouped into series by their name without the timestamp (and their folder). Sorted by time, oldest
 * first; ties by key.
 */
export function classifyObjects(objects: readonly StoredObject[], pattern?: RegExp): Classified {
  const out: Classified = { backups: [], sidecars: [], manifests: [] };
  for (const object of objects) {
    const base = baseName(object.key);
    if (isSidecar(object.key)) out.sidecars.push(object);
    else if (isManifest(object.key)) out.manifests.push(object);
    else if (NOT_BACKUP.test(base)) continue;
    else {
      const folder = object.key.slice(0, object.key.length - base.length);
      const ts = timestampFromName(base, pattern);
      const series = ts
        ? `${folder}${base.slice(0, ts.index)}*${base.slice(ts.index + ts.length)}`
        : `${folder}${base.replace(/\d+/g, "*")}`;
      out.backups.push({
        object,
        time: ts ? ts.time : object.modified,
        timeSource: ts ? "name" : "mtime",
        series,
      });
    }
  }
  out.backups.sort((a, b) => a.time.getTime() - b.time.getTime() || a.object.key.localeCompare(b.object.key));
  return out;
}

/** Groups backups by series key (insertion order follows the sorted backups). */
export function groupSeries(backups: readonly Backup[]): Map<string, Backup[]> {
  const map = new Map<string, Backup[]>();
  for (const b of backups) {
    const list = map.get(b.series);
    if (list) list.push(b);
    else map.set(b.series, [b]);
  }
  return map;
}
