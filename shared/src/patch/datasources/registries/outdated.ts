/** "Outdated": the newest patch, minor and major release above the installed version, after a cooldown. */
import { InputError } from "../../../errors.js";
import type { Release } from "../types.js";

/** What is newer than the installed version. Each field is the newest eligible release of its kind. */
export interface OutdatedInfo {
  current: string;
  /** Same major and minor, higher patch (or higher anything below minor). */
  latestPatch?: Release;
  /** Same major, higher minor. */
  latestMinor?: Release;
  /** Higher major. */
  latestMajor?: Release;
  /** The newest eligible release above `current`, whatever its kind. */
  latest?: Release;
  /** Versions above `current` left out because they are younger than the cooldown, newest first. */
  cooldownSkipped: string[];
}

/** Options of {@link outdatedInfo}. */
export interface OutdatedOptions {
  /** "Now" for the cooldown (inject a clock in tests). */
  now: Date;
  /** Minimum release age in days; younger releases are skipped (listed in `cooldownSkipped`). 0 disables. */
  cooldownDays: number;
  /** Consider pre-releases. Default: only when `current` is itself a pre-release. */
  includePrerelease?: boolean;
  /** The ecosystem's pre-release test (VersionScheme.isPrerelease). Default {@link looksLikePrerelease}. */
  isPrerelease?: (v: string) => boolean;
}

const DAY_MS = 86_400_000;

// Release segments of the usual shapes (1.2.3, v1.2.3, 2!1.2 for PEP 440 epochs, 1.2.3.4 for Ruby).
// Patch/minor/major is a coarse classification, so a shared reading is enough; ordering always comes
// from the ecosystem's own `compare`.
const RELEASE = /^[vV]?(?:\d+!)?(\d+)(?:\.(\d+))?(?:\.(\d+))?/;

function parts(v: string): [number, number] | undefined {
  const m = RELEASE.exec(v.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0)];
}

/**
 * A scheme-neutral pre-release test for when no scheme is given: anything after the numeric release
 * part (build metadata aside) that is not a post-release marker (`.post1`, `-p1`) is a pre-release:
 * `-rc.1`, `b2`, `.beta1`, `-SNAPSHOT`, Go pseudo-versions.
 */
export function looksLikePrerelease(v: string): boolean {
  const rest = (
    v
      .trim()
      .replace(/^[vV]?(?:\d+!)?\d+(?:\.\d+)*/, "")
      .split("+")[0] ?? ""
  ).trim();
  if (rest === "") return false;
  if (/^[._-]?(post|p|patch|pl|rev|r)[._-]?\d*$/i.test(rest)) return false;
  if (/^[._-]?(final|ga|release)$/i.test(rest)) return false;
  return true;
}

/**
 * Classifies the releases above `current` by `compare` (the ecosystem's ordering). Yanked and deprecated
 * releases are skipped; pre-releases too unless `current` is one (or `includePrerelease`); releases younger
 * than `cooldownDays` are skipped and listed. A release without a publish time passes the cooldown (the
 * registry gives nothing to wait for). Releases `compare` cannot read are ignored.
 * Throws InputError when `compare` cannot read `current`.
 */
export function outdatedInfo(
  current: string,
  releases: readonly Release[],
  compare: (a: string, b: string) => number,
  options: OutdatedOptions,
): OutdatedInfo {
  try {
    compare(current, current);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`version ${current} cannot be compared: ${err instanceof Error ? err.message : err}`, {
      cause: err,
    });
  }
  const isPre = options.isPrerelease ?? looksLikePrerelease;
  const safePre = (v: string): boolean => {
    try {
      return isPre(v);
    } catch {
      return true;
    }
  };
  const allowPre = options.includePrerelease ?? safePre(current);
  const cutoff = options.now.getTime() - options.cooldownDays * DAY_MS;

  const above: Release[] = [];
  for (const r of releases) {
    if (r.yanked || r.deprecated) continue;
    let order: number;
    try {
      order = compare(r.version, current);
    } catch {
      continue;
    }
    if (order <= 0) continue;
    if (!allowPre && safePre(r.version)) continue;
    above.push(r);
  }
  above.sort((a, b) => compare(b.version, a.version));

  const info: OutdatedInfo = { current, cooldownSkipped: [] };
  const cur = parts(current);
  for (const r of above) {
    const published = r.publishedAt ? Date.parse(r.publishedAt) : Number.NaN;
    if (options.cooldownDays > 0 && !Number.isNaN(published) && published > cutoff) {
      info.cooldownSkipped.push(r.version);
      continue;
    }
    info.latest ??= r;
    const p = parts(r.version);
    if (!cur || !p) continue;
    if (p[0] > cur[0]) info.latestMajor ??= r;
    else if (p[0] === cur[0] && p[1] > cur[1]) info.latestMinor ??= r;
    else if (p[0] === cur[0] && p[1] === cur[1]) info.latestPatch ??= r;
  }
  return info;
}
