import { hasSurroundingSpace, invalidVersion } from "../invalid-version.js";
import type { VersionScheme } from "../types.js";

/*
 * Composer (Packagist) normalises a version to four numbers plus a stability (composer/semver's
 * VersionParser::normalize) and orders the result with PHP's version_compare. No maintained npm package
 * implements either (Renovate keeps its own, inside Renovate), so the two steps are written here:
 * `v1.2` → 1.2.0.0; stabilities order dev < alpha (a) < beta (b) < RC < stable < patch (pl, p), each
 * with an optional number; a trailing `-dev` sorts before the same version without it. Branch names
 * (`dev-main`, `1.x-dev`) are not versions and are rejected.
 */

interface ComposerVersion {
  numbers: number[];
  stability: number;
  stabilityNumbers: number[];
  dev: boolean;
}

const VERSION =
  /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:[._-]?(stable|beta|b|rc|alpha|a|patch|pl|p)((?:[.-]?\d+)*))?([.-]?dev)?(?:\+[0-9a-z.-]+)?$/i;
const STABILITY: Record<string, number> = { alpha: 1, a: 1, beta: 2, b: 2, rc: 3, stable: 4, patch: 5, pl: 5, p: 5 };
const EXPECTED = "a Composer version, e.g. 5.4.3, v2.0.0-RC1, 1.0.0-beta2";

function parse(v: string): ComposerVersion {
  const m = hasSurroundingSpace(v) ? null : VERSION.exec(v);
  if (!m) throw invalidVersion("composer", v, EXPECTED);
  const numbers = [m[1], m[2], m[3], m[4]].map((n) => Number(n ?? "0"));
  const modifier = m[5]?.toLowerCase();
  const stabilityNumbers = (m[6] ?? "")
    .split(/[.-]/)
    .filter((s) => s !== "")
    .map(Number);
  const dev = m[7] !== undefined;
  // A bare `-dev` is the lowest stability of that version; after a modifier it only lowers that modifier.
  const stability = modifier ? STABILITY[modifier]! : dev ? 0 : 4;
  return { numbers, stability, stabilityNumbers, dev };
}

function compareLists(a: number[], b: number[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** Composer/Packagist ordering (see the comment above for why it is written here). */
export const composerScheme: VersionScheme = {
  id: "composer",
  isValid(v) {
    return !hasSurroundingSpace(v) && VERSION.test(v);
  },
  compare(a, b) {
    const x = parse(a);
    const y = parse(b);
    return (
      compareLists(x.numbers, y.numbers) ||
      Math.sign(x.stability - y.stability) ||
      compareLists(x.stabilityNumbers, y.stabilityNumbers) ||
      Number(y.dev) - Number(x.dev)
    );
  },
  isPrerelease(v) {
    const p = parse(v);
    return p.dev || p.stability < 4;
  },
  branch(v) {
    const [major = 0, minor = 0] = parse(v).numbers;
    return major === 0 ? `0.${minor}` : String(major);
  },
};
