import { hasSurroundingSpace, invalidVersion } from "../invalid-version.js";
import type { VersionScheme } from "../types.js";

/*
 * Maven's ordering is org.apache.maven.artifact.versioning.ComparableVersion. The only npm port
 * (`mvncmp`) is a single 1.0.0 release with no track record of upkeep, so the algorithm is written here
 * from Maven's documented rules (https://maven.apache.org/pom.html#version-order-specification):
 * - split at `.`, `-` and every digit/letter transition; a `-` (or a letter/digit switch) opens a sub-list;
 * - trailing "null" items (0, "", final, ga, release) are dropped, so 2.4 == 2.4.0 == 2.4-ga;
 * - qualifiers order alpha < beta < milestone < rc = cr < snapshot < "" (release) < sp, unknown ones after
 *   sp, alphabetically; `a1`, `b1`, `m1` (letter directly followed by digits) mean alpha/beta/milestone;
 * - a number sorts after any qualifier, and a sub-list sorts after a qualifier but before a number.
 */

type Item = { kind: "int"; value: bigint } | { kind: "str"; value: string } | { kind: "list"; items: Item[] };

const QUALIFIERS = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
const RELEASE_INDEX = QUALIFIERS.indexOf("");
const ALIASES: Record<string, string> = { ga: "", final: "", release: "", cr: "rc" };
const PRERELEASE = new Set(["alpha", "beta", "milestone", "rc", "snapshot"]);
const EXPECTED = "a Maven version starting with a digit, e.g. 2.17.1, 2.4, 1.0-rc1, 3.0.0-SNAPSHOT";

function stringItem(raw: string, followedByDigit: boolean): Item {
  let value = raw;
  if (followedByDigit && value.length === 1)
    value = value === "a" ? "alpha" : value === "b" ? "beta" : value === "m" ? "milestone" : value;
  return { kind: "str", value: ALIASES[value] ?? value };
}

function parseItem(isDigit: boolean, text: string): Item {
  return isDigit ? { kind: "int", value: BigInt(text) } : stringItem(text, false);
}

function isNullItem(item: Item): boolean {
  if (item.kind === "int") return item.value === 0n;
  if (item.kind === "str") return item.value === "";
  return item.items.length === 0;
}

function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const item = list[i]!;
    if (isNullItem(item)) list.splice(i, 1);
    else if (item.kind !== "list") break;
  }
}

function parse(version: string): Item {
  if (hasSurroundingSpace(version) || !/^\d[0-9A-Za-z._+-]*$/.test(version))
    throw invalidVersion("maven", version, EXPECTED);
  const text = version.toLowerCase();
  const root: Item[] = [];
  const stack: Item[][] = [root];
  let list = root;
  let isDigit = false;
  let start = 0;
  const openSubList = (): void => {
    const sub: Item[] = [];
    list.push({ kind: "list", items: sub });
    stack.push(sub);
    list = sub;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "." || c === "-") {
      list.push(i === start ? { kind: "int", value: 0n } : parseItem(isDigit, text.slice(start, i)));
      start = i + 1;
      if (c === "-") openSubList();
    } else if (c >= "0" && c <= "9") {
      if (!isDigit && i > start) {
        list.push(stringItem(text.slice(start, i), true));
        start = i;
        openSubList();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(parseItem(true, text.slice(start, i)));
        start = i;
        openSubList();
      }
      isDigit = false;
    }
  }
  if (text.length > start) {
    // A trailing qualifier after `.` is treated as after `-`: 1.0.0.RELEASE == 1.0.0, 1.0.0.X1 < 1.0.0-X2.
    if (!isDigit && list.length > 0) openSubList();
    list.push(parseItem(isDigit, text.slice(start)));
  }
  for (let l = stack.pop(); l !== undefined; l = stack.pop()) normalize(l);
  return { kind: "list", items: root };
}

function qualifierKey(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i >= 0 ? String(i) : `${QUALIFIERS.length}-${q}`;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares an item with "nothing" (the shorter side of a list). */
function compareWithNull(item: Item): number {
  if (item.kind === "int") return item.value === 0n ? 0 : 1;
  if (item.kind === "str") return cmpStr(qualifierKey(item.value), String(RELEASE_INDEX));
  for (const child of item.items) {
    const r = compareWithNull(child);
    if (r !== 0) return r;
  }
  return 0;
}

function compareItems(a: Item | undefined, b: Item | undefined): number {
  if (a === undefined) return b === undefined ? 0 : -compareWithNull(b);
  if (b === undefined) return compareWithNull(a);
  if (a.kind === "int") {
    if (b.kind === "int") return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
    return 1;
  }
  if (a.kind === "str") {
    if (b.kind === "str") return cmpStr(qualifierKey(a.value), qualifierKey(b.value));
    return -1;
  }
  if (b.kind === "int") return -1;
  if (b.kind === "str") return 1;
  const n = Math.max(a.items.length, b.items.length);
  for (let i = 0; i < n; i++) {
    const r = compareItems(a.items[i], b.items[i]);
    if (r !== 0) return r;
  }
  return 0;
}

function hasPrereleaseQualifier(item: Item): boolean {
  if (item.kind === "str") return PRERELEASE.has(item.value);
  return item.kind === "list" && item.items.some(hasPrereleaseQualifier);
}

/** Maven ComparableVersion ordering (see the comment above for why it is written here). */
export const mavenScheme: VersionScheme = {
  id: "maven",
  isValid(v) {
    try {
      parse(v);
      return true;
    } catch {
      return false;
    }
  },
  compare(a, b) {
    return compareItems(parse(a), parse(b));
  },
  isPrerelease(v) {
    return hasPrereleaseQualifier(parse(v));
  },
  branch(v) {
    parse(v);
    const major = /^\d+/.exec(v)?.[0] ?? "0";
    return String(BigInt(major));
  },
};
