/**
 * The feedback digest of one period: counts by kind and label, themes (clusters of similar new issues), time
 * to first response, time to close, the open backlog by age and unanswered questions. The time metrics follow
 * github/issue-metrics: the first response is the first comment by anyone other than the author and not a bot;
 * like issue-metrics, only the first 20 comments are read, and issues without a response (or with a zero one) are
 * left out of the statistics; mean, median and 90th percentile (linear interpolation between closest ranks, as
 * numpy's percentile does) are taken in seconds and rounded half to even, as Python's round does. Pure: the
 * shells list issues and comments.
 */
import type { FeedbackConfig, FeedbackKind } from "../config/types.js";
import { DuplicateIndex, indexIssue } from "./duplicates.js";
import { FEEDBACK_KINDS } from "./history.js";
import { words } from "./text.js";

/** An issue with what the digest reads of its conversation. */
export interface DigestIssue {
  number: number;
  title: string;
  body: string;
  author: string;
  authorIsBot: boolean;
  labels: string[];
  state: "open" | "closed";
  createdAt: string;
  closedAt: string | null;
  /** Comments in order (only author, bot flag and time are read). */
  comments: { author: string; authorIsBot: boolean; createdAt: string }[];
}

/** Mean, median and 90th percentile in milliseconds; null when there is nothing to measure. */
export interface Stats {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
}

/** One digest. Durations are milliseconds. */
export interface Digest {
  since: string;
  until: string;
  opened: number;
  closed: number;
  byKind: Record<string, number>;
  byLabel: Record<string, number>;
  themes: { issues: number[]; words: string[] }[];
  timeToFirstResponse: Stats;
  timeToClose: Stats;
  backlog: { total: number; byAge: Record<string, number> };
  unansweredQuestions: { number: number; title: string; ageDays: number }[];
}

/** numpy-style percentile (linear interpolation), `q` in 0..100. */
export function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = ((sorted.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Python's round(): to the nearest integer, halves to the even one. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Statistics of durations in milliseconds, computed in seconds and rounded like issue-metrics. */
export function stats(valuesMs: readonly number[]): Stats {
  const sorted = valuesMs.map((v) => v / 1000).sort((a, b) => a - b);
  const ms = (x: number | null) => (x === null ? null : roundHalfEven(x) * 1000);
  return {
    count: sorted.length,
    mean: ms(sorted.length === 0 ? null : sorted.reduce((a, b) => a + b, 0) / sorted.length),
    median: ms(percentile(sorted, 50)),
    p90: ms(percentile(sorted, 90)),
  };
}

/** Milliseconds from opening to the first comment by someone other than the author and not a bot, if any. */
export function firstResponse(issue: DigestIssue): number | undefined {
  const first = [...issue.comments]
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
    .slice(0, 20)
    .find((c) => !c.authorIsBot && c.author !== issue.author);
  return first === undefined ? undefined : Date.parse(first.createdAt) - Date.parse(issue.createdAt);
}

const AGES: readonly [string, number][] = [
  ["< 7 days", 7],
  ["7–30 days", 30],
  ["30–90 days", 90],
  ["90–365 days", 365],
  ["> 1 year", Number.POSITIVE_INFINITY],
];

function themes(issues: readonly DigestIssue[], minSimilarity: number): Digest["themes"] {
  const index = new DuplicateIndex();
  for (const i of issues) index.add(indexIssue(i));
  const seen = new Set<number>();
  const out: Digest["themes"] = [];
  for (const i of [...issues].sort((a, b) => a.number - b.number)) {
    if (seen.has(i.number)) continue;
    const near = index
      .query(i, { limit: 20, minSimilarity, exclude: [i.number] })
      .filter((c) => !seen.has(c.number))
      .map((c) => c.number);
    if (near.length === 0) continue;
    const members = [i.number, ...near].sort((a, b) => a - b);
    for (const n of members) seen.add(n);
    const count = new Map<string, number>();
    for (const m of issues.filter((x) => members.includes(x.number))) {
      for (const w of new Set(words(m.title).filter((w) => w.length > 3))) count.set(w, (count.get(w) ?? 0) + 1);
    }
    const top = [...count]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 3)
      .map(([w]) => w);
    out.push({ issues: members, words: top });
  }
  return out.sort((a, b) => b.issues.length - a.issues.length || a.issues[0]! - b.issues[0]!);
}

/**
 * The digest of the period `[since, until)` over `issues` (every issue the shell listed: those opened in the
 * period and every open one, for the backlog). Bots' issues are left out. Never throws.
 */
export function buildDigest(
  issues: readonly DigestIssue[],
  period: { since: Date; until: Date },
  config: Pick<FeedbackConfig, "labels">,
): Digest {
  const s = period.since.getTime();
  const u = period.until.getTime();
  const human = issues.filter((i) => !i.authorIsBot);
  const inPeriod = (t: string | null) => t !== null && Date.parse(t) >= s && Date.parse(t) < u;
  const opened = human.filter((i) => inPeriod(i.createdAt));
  const closed = human.filter((i) => i.state === "closed" && inPeriod(i.closedAt));
  const byKind: Record<string, number> = {};
  const byLabel: Record<string, number> = {};
  for (const i of opened) {
    const lower = i.labels.map((l) => l.toLowerCase());
    const kind = FEEDBACK_KINDS.find((k) => lower.includes(config.labels[k].toLowerCase()));
    byKind[kind ?? "unlabelled"] = (byKind[kind ?? "unlabelled"] ?? 0) + 1;
    for (const l of i.labels) byLabel[l] = (byLabel[l] ?? 0) + 1;
  }
  // issue-metrics drops falsy durations (none, or zero).
  const responses = opened.map(firstResponse).filter((x): x is number => x !== undefined && x !== 0);
  // Like issue-metrics over the query `created:<period>`: the issues opened in the period that are closed now.
  const closeTimes = opened
    .filter((i) => i.state === "closed" && i.closedAt !== null)
    .map((i) => Date.parse(i.closedAt!) - Date.parse(i.createdAt))
    .filter((x) => x !== 0);
  const open = human.filter((i) => i.state === "open" && Date.parse(i.createdAt) < u);
  const byAge: Record<string, number> = Object.fromEntries(AGES.map(([name]) => [name, 0]));
  for (const i of open) {
    const days = (u - Date.parse(i.createdAt)) / 86_400_000;
    const bucket = AGES.find(([, max]) => days < max)!;
    byAge[bucket[0]]! += 1;
  }
  const questionLabel = config.labels.question.toLowerCase();
  const unanswered = open
    .filter((i) => i.labels.some((l) => l.toLowerCase() === questionLabel) && firstResponse(i) === undefined)
    .map((i) => ({ number: i.number, title: i.title, ageDays: Math.floor((u - Date.parse(i.createdAt)) / 86_400_000) }))
    .sort((a, b) => b.ageDays - a.ageDays || a.number - b.number);
  return {
    since: period.since.toISOString(),
    until: period.until.toISOString(),
    opened: opened.length,
    closed: closed.length,
    byKind,
    byLabel,
    themes: themes(opened, 0.35),
    timeToFirstResponse: stats(responses),
    timeToClose: stats(closeTimes),
    backlog: { total: open.length, byAge },
    unansweredQuestions: unanswered,
  };
}

/** A duration for people: `3 d 4 h`, `5 h 12 min`, `40 min`; `–` for null. */
export function humanDuration(ms: number | null): string {
  if (ms === null) return "–";
  const min = Math.round(ms / 60_000);
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return `${m} min`;
}

/** The digest as Markdown (the body of the digest issue, and `--format markdown`). */
export function renderDigestMarkdown(d: Digest, repo?: string): string {
  const day = (iso: string) => iso.slice(0, 10);
  const lines = [
    `## Feedback digest${repo ? ` for ${repo}` : ""}: ${day(d.since)} – ${day(new Date(Date.parse(d.until) - 1).toISOString())}`,
    "",
    `**${d.opened}** issues opened, **${d.closed}** closed; **${d.backlog.total}** open in all.`,
    "",
    "| kind | opened |",
    "| --- | ---: |",
    ...Object.entries(d.byKind)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([k, n]) => `| ${k} | ${n} |`),
    "",
    "| metric | mean | median | 90th percentile | issues |",
    "| --- | ---: | ---: | ---: | ---: |",
    `| time to first response | ${humanDuration(d.timeToFirstResponse.mean)} | ${humanDuration(d.timeToFirstResponse.median)} | ${humanDuration(d.timeToFirstResponse.p90)} | ${d.timeToFirstResponse.count} |`,
    `| time to close | ${humanDuration(d.timeToClose.mean)} | ${humanDuration(d.timeToClose.median)} | ${humanDuration(d.timeToClose.p90)} | ${d.timeToClose.count} |`,
    "",
    "### Open backlog by age",
    "",
    "| age | issues |",
    "| --- | ---: |",
    ...Object.entries(d.backlog.byAge).map(([a, n]) => `| ${a} | ${n} |`),
  ];
  if (d.themes.length > 0) {
    lines.push("", "### Themes", "");
    for (const t of d.themes.slice(0, 10))
      lines.push(`- **${t.words.join(", ") || "similar issues"}**: ${t.issues.map((n) => `#${n}`).join(", ")}`);
  }
  lines.push("", "### Unanswered questions", "");
  if (d.unansweredQuestions.length === 0) lines.push("None. 🎉");
  else for (const q of d.unansweredQuestions) lines.push(`- #${q.number} ${q.title} (${q.ageDays} days)`);
  if (Object.keys(d.byLabel).length > 0) {
    lines.push("", "<details><summary>Opened issues by label</summary>", "", "| label | issues |", "| --- | ---: |");
    for (const [l, n] of Object.entries(d.byLabel).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])))
      lines.push(`| ${l} | ${n} |`);
    lines.push("", "</details>");
  }
  return `${lines.join("\n")}\n`;
}

/** The kinds a digest counts, for callers that want a fixed order. */
export const DIGEST_KINDS: readonly (FeedbackKind | "unlabelled")[] = [...FEEDBACK_KINDS, "unlabelled"];
