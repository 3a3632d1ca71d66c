/**
 * Deterministic synthetic histories for the changelog benchmarks and tests: Conventional Commits with
 * scopes, PR numbers, bodies, `Closes #n` footers, breaking changes (`!` and footers), hidden types and
 * non-conventional messages, tagged with versions that follow the bump rules.
 */
import type { FixtureCommit } from "./fast-import.js";

/** Options of {@link generateHistory}. */
export interface HistoryOptions {
  commits: number;
  tags: number;
  /** PRNG seed; default 1. */
  seed?: number;
  /** Tag prefix; default `v`. */
  tagPrefix?: string;
  /** Package folders; when set, each commit touches one of them (or the root). */
  packages?: string[];
  /** First commit time, Unix seconds; default 2015-01-01. */
  start?: number;
}

const TYPES: [string, number][] = [
  ["feat", 30],
  ["fix", 30],
  ["perf", 5],
  ["docs", 8],
  ["chore", 10],
  ["refactor", 6],
  ["test", 4],
  ["build", 2],
  ["ci", 2],
  ["none", 3],
];
const SCOPES = ["api", "cli", "core", "parser", "ui", "deps", "config", "auth", "cache", "docs"];
const WORDS =
  "add support for parsing remote config values when the cache is cold handle empty lists avoid double render retry failed uploads keep order of keys speed up lookup of tags drop unused option allow custom headers report progress every second on large input trim whitespace from names".split(
    " ",
  );

function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function pickWeighted(rand: () => number, table: [string, number][]): string {
  const total = table.reduce((n, [, w]) => n + w, 0);
  let r = rand() * total;
  for (const [v, w] of table) {
    r -= w;
    if (r < 0) return v;
  }
  return table[table.length - 1]?.[0] ?? "";
}

function sentence(rand: () => number, min: number, max: number): string {
  const n = min + Math.floor(rand() * (max - min + 1));
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(rand() * WORDS.length)] ?? "x");
  return words.join(" ");
}

/**
 * Builds `commits` commits with about `tags` release tags spread evenly (the last commit is left
 * untagged with a few unreleased changes). Versions start at 0.1.0 and follow feat/fix/breaking bumps.
 */
export function generateHistory(options: HistoryOptions): FixtureCommit[] {
  const rand = prng(options.seed ?? 1);
  const prefix = options.tagPrefix ?? "v";
  const start = options.start ?? Date.UTC(2015, 0, 1) / 1000;
  const every = options.commits / Math.max(1, options.tags + 0.5);
  let major = 0;
  let minor = 1;
  let patch = 0;
  let bump: "major" | "minor" | "patch" = "patch";
  let nextTagAt = every;
  let pr = 100;
  const out: FixtureCommit[] = [];
  for (let i = 0; i < options.commits; i++) {
    const type = pickWeighted(rand, TYPES);
    const scope = rand() < 0.55 ? SCOPES[Math.floor(rand() * SCOPES.length)] : undefined;
    const bang = (type === "feat" || type === "fix") && rand() < 0.01;
    let subject = sentence(rand, 3, 9);
    if (rand() < 0.3) subject += ` (#${pr++})`;
    let message =
      type === "none"
        ? `${subject.charAt(0).toUpperCase()}${subject.slice(1)}`
        : `${type}${scope ? `(${scope})` : ""}${bang ? "!" : ""}: ${subject}`;
    const paragraphs: string[] = [];
    if (rand() < 0.15) paragraphs.push(sentence(rand, 8, 20));
    const footers: string[] = [];
    const breaking = type !== "none" && rand() < 0.015;
    if (breaking) footers.push(`BREAKING CHANGE: ${sentence(rand, 4, 10)}`);
    if (rand() < 0.06) footers.push(`Closes #${10 + Math.floor(rand() * 900)}`);
    if (footers.length > 0) paragraphs.push(footers.join("\n"));
    if (paragraphs.length > 0) message += `\n\n${paragraphs.join("\n\n")}`;
    message += "\n";
    if (bang || breaking) bump = "major";
    else if (type === "feat" && bump === "patch") bump = "minor";
    const commit: FixtureCommit = { message, at: start + i * 3600 };
    if (options.packages && options.packages.length > 0) {
      const k = Math.floor(rand() * (options.packages.length + 1));
      const dir = options.packages[k];
      commit.files = { [dir ? `${dir}/src/file.txt` : "README.txt"]: `${i}\n` };
    }
    if (i + 1 >= nextTagAt && i < options.commits - 3) {
      if (bump === "major") {
        major++;
        minor = 0;
        patch = 0;
      } else if (bump === "minor") {
        minor++;
        patch = 0;
      } else {
        patch++;
      }
      bump = "patch";
      commit.tags = [`${prefix}${major}.${minor}.${patch}`];
      nextTagAt += every;
    }
    out.push(commit);
  }
  return out;
}
