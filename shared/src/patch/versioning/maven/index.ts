import { hasSurroundingSpace, invalidVersion } from "../invalid-version.js";
import type { VersionScheme } from "../types.js";

/*
 * Maven's ordering is org.apache.maven.artifact.versioning.ComparableVersion. The only npm port
 * (`mvncmp`) is a single 1.0.0 release with no track record of upkeep, so the documented algorithm
 * (https://maven.apache.org/pom.html#version-order-specification, with Maven 3.9's rule that a qualifier
 * after `.` counts as after `-`) is written here:
 * - split at `.`, `-` and every digit/letter switch (a switch counts as `-`); an empty token is 0;
 * - trailing "null" tokens (0, "", final, ga, release) are dropped before each `-`, so 2.4 == 2.4.0 == 2.4-ga;
 * - qualifiers order alpha < beta < milestone < rc = cr < snapshot < "" (release) < sp, unknown ones after
 *   sp, alphabetically; a, b, m directly followed by a number mean alpha, beta, milestone;
 * - with different separators: a qualifier < `-number` < `.number`; the shorter version is padded with
 *   null tokens.
 */

interface Token {
  sep: "." | "-";
  num?: bigint;
  q?: string;
  /** Started by a digit/letter switch rather than a written separator. */
  switched: boolean;
}

const QUALIFIERS = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
const ALIASES: Record<string, string> = { ga: "", final: "", release: "", cr: "rc" };
const SHORT: Record<string, string> = { a: "alpha", b: "beta", m: "milestone" };
const PRERELEASE = new Set(["alpha", "beta", "milestone", "rc", "snapshot"]);
const EXPECTED = "a Maven version starting with a digit, e.g. 2.17.1, 2.4, 1.0-rc1, 3.0.0-SNAPSHOT";

const isDigit = (c: string): boolean => c >= "0" && c <= "9";

function tokenize(version: string): Token[] {
  if (hasSurroundingSpace(version) || !/^\d[0-9A-Za-z._+-]*$/.test(version)) {
    throw invalidVersion("maven", version, EXPECTED);
  }
  const text = version.toLowerCase();
  const tokens: Token[] = [];
  let cur = "";
  let sep: Token["sep"] = ".";
  let switched = false;
  const push = (): void => {
    const value = cur === "" ? "0" : cur;
    if (isDigit(value[0]!)) tokens.push({ sep, num: BigInt(value), switched });
    else tokens.push({ sep, q: value, switched });
  };
  for (const c of text) {
    if (c === "." || c === "-") {
      push();
      sep = c;
      cur = "";
      switched = false;
    } else if (cur !== "" && isDigit(c) !== isDigit(cur.at(-1)!)) {
      push();
      sep = "-";
      cur = c;
      switched = true;
    } else {
      cur += c;
    }
  }
  push();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.q === undefined) continue;
    const next = tokens[i + 1];
    const short = next?.num !== undefined && next.switched ? SHORT[t.q] : undefined;
    t.q = short ?? ALIASES[t.q] ?? t.q;
    if (i > 0) t.sep = "-";
  }
  return trim(tokens);
}

function isNullToken(t: Token): boolean {
  return t.num === 0n || t.q === "";
}

/** Drops the null tokens before each `-` and at the end (1.0.0-foo.0 → 1-foo). */
function trim(tokens: Token[]): Token[] {
  const segments: Token[][] = [];
  for (const t of tokens) {
    if (t.sep === "-" || segments.length === 0) segments.push([t]);
    else segments.at(-1)!.push(t);
  }
  const out: Token[][] = [];
  for (const seg of segments) {
    while (seg.length > 0 && isNullToken(seg.at(-1)!)) seg.pop();
    if (seg.length > 0) out.push(seg);
  }
  return out.flat();
}

function qualifierKey(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i >= 0 ? String(i) : `${QUALIFIERS.length}-${q}`;
}

/** a qualifier < `-number` < `.number` */
function kindRank(t: Token): number {
  if (t.q !== undefined) return 0;
  return t.sep === "-" ? 1 : 2;
}

function pad(t: Token): Token {
  return t.num !== undefined ? { sep: t.sep, num: 0n, switched: false } : { sep: t.sep, q: "", switched: false };
}

function compareTokens(a: Token, b: Token): number {
  if (a.num !== undefined && b.num !== undefined && a.sep === b.sep) return a.num < b.num ? -1 : a.num > b.num ? 1 : 0;
  if (a.q !== undefined && b.q !== undefined) {
    const x = qualifierKey(a.q);
    const y = qualifierKey(b.q);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Math.sign(kindRank(a) - kindRank(b));
}

function compareVersions(a: Token[], b: Token[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? pad(b[i]!);
    const y = b[i] ?? pad(a[i]!);
    const r = compareTokens(x, y);
    if (r !== 0) return r;
  }
  return 0;
}

/** Maven ComparableVersion ordering (see the comment above for why it is written here). */
export const mavenScheme: VersionScheme = {
  id: "maven",
  isValid(v) {
    try {
      tokenize(v);
      return true;
    } catch {
      return false;
    }
  },
  compare(a, b) {
    return compareVersions(tokenize(a), tokenize(b));
  },
  isPrerelease(v) {
    return tokenize(v).some((t) => t.q !== undefined && PRERELEASE.has(t.q));
  },
  branch(v) {
    const first = tokenize(v)[0];
    return String(first?.num ?? 0n);
  },
};
