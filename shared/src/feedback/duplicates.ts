/**
 * Duplicate candidates among every earlier issue of a repository: an incremental BM25 index over three
 * fields — title, prose, and the error signature (error lines and stack-frame names, which identify a
 * crash better than any wording). A query's score against a document is divided by the query's score
 * against itself, so the similarity is 0..1 and one threshold means the same for short and long issues.
 * The index is plain data (serialisable to JSON), so the bot keeps it in its cache and adds only issues
 * created or edited since the last update.
 *
 * Similar is not the same: each of the best candidates also gets pair features (title, body and error
 * similarity apart, shared rare terms, its lead over the next candidate, the time between the reports) and
 * a pair model's probability that it is a duplicate (duplicate-model.ts); the bot comments on that.
 */

import { type DuplicateModel, duplicateProbability, PAIR_FEATURES } from "./duplicate-model.js";
import { DEFAULT_DUPLICATE_MODEL } from "./duplicate-model-default.js";
import { errorLines, splitCode, stackFrames, stripComments, words } from "./text.js";

/** The fields, each with its BM25 weight. */
const FIELDS = { title: 3, body: 1, error: 2 } as const;
type Field = keyof typeof FIELDS;

const STOP = new Set(
  `a an the and or but if of to in on at by for with from as is are was were be been being it its this that these
  those i we you he she they me my our your their not no do does did have has had can could should would will
  when what which who how why where there here than then so just also very into out up down about over under
  again more most some any all each other such only own same too s t don doesn isn wasn aren`.split(/\s+/),
);

/** An issue as the index stores it: term frequencies per field. */
export interface IndexedIssue {
  number: number;
  title: string;
  state: "open" | "closed";
  /** When the issue was opened (ISO 8601), if known: the time between two reports is a pair feature. */
  createdAt?: string;
  /** term → count, per field. */
  terms: Record<Field, Record<string, number>>;
  /** Field lengths (terms). */
  lengths: Record<Field, number>;
}

/** The serialisable index. `updatedAt` is the newest `updated_at` seen (for incremental updates). */
export interface DuplicateIndexData {
  version: 1;
  updatedAt: string | null;
  issues: IndexedIssue[];
}

/** A candidate duplicate. */
export interface DuplicateCandidate {
  number: number;
  title: string;
  state: "open" | "closed";
  /** 0..1: the candidate's BM25 score over the geometric mean of both issues' scores against themselves. */
  similarity: number;
  /** 0..1: the pair model's probability that the candidate is the same issue (what the bot comments on). */
  probability: number;
  /** The pair features behind `probability`, in PAIR_FEATURES order. */
  features: number[];
}

function termsOf(list: readonly string[]): { tf: Record<string, number>; length: number } {
  const tf: Record<string, number> = {};
  let length = 0;
  for (const w of list) {
    if (STOP.has(w) || w.length < 2) continue;
    tf[w] = (tf[w] ?? 0) + 1;
    length++;
  }
  return { tf, length };
}

/** The index entry of an issue (pure). */
export function indexIssue(issue: {
  number: number;
  title: string;
  body: string;
  state?: "open" | "closed";
  createdAt?: string;
}): IndexedIssue {
  const body = stripComments(issue.body ?? "");
  const { prose, code } = splitCode(body);
  const all = `${prose}\n${code.join("\n")}`;
  const signature = [...errorLines(all), ...stackFrames(all)].join("\n");
  // The error field keeps exception names and frames as whole tokens and as their parts.
  const t = termsOf(words(issue.title));
  const b = termsOf(words(prose).slice(0, 2000));
  const e = termsOf(words(signature).slice(0, 1000));
  return {
    number: issue.number,
    title: issue.title,
    state: issue.state ?? "open",
    ...(issue.createdAt ? { createdAt: issue.createdAt } : {}),
    terms: { title: t.tf, body: b.tf, error: e.tf },
    lengths: { title: t.length, body: b.length, error: e.length },
  };
}

/** The incremental index (see the module comment). */
export class DuplicateIndex {
  private readonly docs = new Map<number, IndexedIssue>();
  private readonly df: Record<Field, Map<string, number>> = { title: new Map(), body: new Map(), error: new Map() };
  private readonly totalLength: Record<Field, number> = { title: 0, body: 0, error: 0 };
  updatedAt: string | null = null;

  /** BM25 parameters. */
  constructor(
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {}

  get size(): number {
    return this.docs.size;
  }

  has(number: number): boolean {
    return this.docs.has(number);
  }

  /** Adds an issue, replacing an earlier version of it (an edited issue). */
  add(issue: IndexedIssue): void {
    this.remove(issue.number);
    this.docs.set(issue.number, issue);
    for (const f of Object.keys(FIELDS) as Field[]) {
      for (const term of Object.keys(issue.terms[f])) this.df[f].set(term, (this.df[f].get(term) ?? 0) + 1);
      this.totalLength[f] += issue.lengths[f];
    }
  }

  /** Removes an issue (deleted, or transferred away); unknown numbers are ignored. */
  remove(number: number): void {
    const old = this.docs.get(number);
    if (!old) return;
    this.docs.delete(number);
    for (const f of Object.keys(FIELDS) as Field[]) {
      for (const term of Object.keys(old.terms[f])) {
        const n = (this.df[f].get(term) ?? 1) - 1;
        if (n <= 0) this.df[f].delete(term);
        else this.df[f].set(term, n);
      }
      this.totalLength[f] -= old.lengths[f];
    }
  }

  /** Marks an issue open or closed without re-indexing its text. */
  setState(number: number, state: "open" | "closed"): void {
    const d = this.docs.get(number);
    if (d) d.state = state;
  }

  private idf(f: Field, term: string): number {
    const n = this.docs.size;
    const df = this.df[f].get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private fieldScore(f: Field, query: IndexedIssue, doc: IndexedIssue): number {
    const avg = this.docs.size === 0 ? 1 : Math.max(1, this.totalLength[f] / this.docs.size);
    const norm = this.k1 * (1 - this.b + (this.b * doc.lengths[f]) / avg);
    const dt = doc.terms[f];
    let fs = 0;
    for (const [term, qtf] of Object.entries(query.terms[f])) {
      const tf = dt[term];
      if (!tf) continue;
      // Query terms count once per occurrence, saturating like document terms.
      const q = (qtf * (this.k1 + 1)) / (qtf + this.k1);
      fs += q * this.idf(f, term) * ((tf * (this.k1 + 1)) / (tf + norm));
    }
    return fs;
  }

  private score(query: IndexedIssue, doc: IndexedIssue): number {
    let s = 0;
    for (const f of Object.keys(FIELDS) as Field[]) s += FIELDS[f] * this.fieldScore(f, query, doc);
    return s;
  }

  /** One field's similarity, normalised like the overall one; 0 when either issue has nothing in the field. */
  private fieldSimilarity(f: Field, query: IndexedIssue, doc: IndexedIssue): number {
    const qq = this.fieldScore(f, query, query);
    const dd = this.fieldScore(f, doc, doc);
    if (qq <= 0 || dd <= 0) return 0;
    return Math.min(1, this.fieldScore(f, query, doc) / Math.sqrt(qq * dd));
  }

  /** The terms of both issues found in at most 10 indexed issues (identifiers, error codes, rare words). */
  private sharedRare(query: IndexedIssue, doc: IndexedIssue): number {
    let n = 0;
    const seen = new Set<string>();
    for (const f of Object.keys(FIELDS) as Field[]) {
      for (const term of Object.keys(query.terms[f])) {
        if (seen.has(term)) continue;
        seen.add(term);
        const inDoc = doc.terms.title[term] || doc.terms.body[term] || doc.terms.error[term];
        if (!inDoc) continue;
        const df = Math.max(this.df.title.get(term) ?? 0, this.df.body.get(term) ?? 0, this.df.error.get(term) ?? 0);
        if (df <= 10) n++;
      }
    }
    return n;
  }

  /** The pair features of a candidate (PAIR_FEATURES order), given its similarity and the best other one's. */
  private pairFeatures(q: IndexedIssue, doc: IndexedIssue, similarity: number, bestOther: number, top: boolean) {
    const qt = new Set(Object.keys(q.terms.title));
    const dt = Object.keys(doc.terms.title);
    const inter = dt.filter((t) => qt.has(t)).length;
    const union = qt.size + dt.length - inter;
    const days =
      q.createdAt && doc.createdAt
        ? Math.abs(Date.parse(q.createdAt) - Date.parse(doc.createdAt)) / 86_400_000
        : Number.NaN;
    const values: Record<(typeof PAIR_FEATURES)[number], number> = {
      similarity,
      title: this.fieldSimilarity("title", q, doc),
      body: this.fieldSimilarity("body", q, doc),
      error: this.fieldSimilarity("error", q, doc),
      bothErrors: q.lengths.error > 0 && doc.lengths.error > 0 ? 1 : 0,
      rare: Math.min(1, this.sharedRare(q, doc) / 5),
      titleOverlap: union > 0 ? inter / union : 0,
      margin: similarity - bestOther,
      top: top ? 1 : 0,
      gap: Number.isFinite(days) ? Math.min(1, Math.log1p(days) / Math.log1p(1000)) : 0.5,
    };
    return PAIR_FEATURES.map((f) => values[f]);
  }

  /**
   * The `limit` most similar indexed issues to `issue` (default 5), best first, leaving out `exclude`
   * (the issue itself), any with similarity below `minSimilarity` (default 0) and any the pair model (`model`,
   * default the built-in one) gives a probability below `minProbability` (default 0). Never throws.
   */
  query(
    issue: { number?: number; title: string; body: string; createdAt?: string },
    options: {
      limit?: number;
      minSimilarity?: number;
      minProbability?: number;
      exclude?: readonly number[];
      model?: DuplicateModel;
    } = {},
  ): DuplicateCandidate[] {
    const q = indexIssue({
      number: issue.number ?? -1,
      title: issue.title,
      body: issue.body,
      ...(issue.createdAt ? { createdAt: issue.createdAt } : {}),
    });
    // The query against itself, with the index's statistics: the most any document could score.
    const self = this.score(q, q);
    if (self <= 0) return [];
    const exclude = new Set([...(options.exclude ?? []), ...(issue.number !== undefined ? [issue.number] : [])]);
    // Rank by the raw score, then normalise the best few symmetrically (by the query's and the candidate's own
    // scores): a long issue that happens to contain many of the query's words is not "the same" issue.
    const ranked: { doc: IndexedIssue; raw: number }[] = [];
    for (const doc of this.docs.values()) {
      if (exclude.has(doc.number)) continue;
      const raw = this.score(q, doc);
      if (raw > 0) ranked.push({ doc, raw });
    }
    ranked.sort((a, b) => b.raw - a.raw || a.doc.number - b.doc.number);
    const best = ranked.slice(0, Math.max(20, options.limit ?? 5)).map(({ doc, raw }) => {
      const own = this.score(doc, doc);
      return { doc, similarity: own > 0 ? Math.min(1, raw / Math.sqrt(self * own)) : 0 };
    });
    best.sort((a, b) => b.similarity - a.similarity || a.doc.number - b.doc.number);
    const model = options.model ?? DEFAULT_DUPLICATE_MODEL;
    const out: DuplicateCandidate[] = [];
    for (const [i, { doc, similarity }] of best.entries()) {
      if (out.length >= (options.limit ?? 5)) break;
      if (similarity <= (options.minSimilarity ?? 0)) continue;
      const bestOther = i === 0 ? (best[1]?.similarity ?? 0) : best[0]!.similarity;
      const features = this.pairFeatures(q, doc, similarity, bestOther, i === 0);
      const probability = duplicateProbability(model, features);
      if (probability < (options.minProbability ?? 0)) continue;
      out.push({ number: doc.number, title: doc.title, state: doc.state, similarity, probability, features });
    }
    return out;
  }

  /** The index as plain data (for a JSON cache file). */
  toJSON(): DuplicateIndexData {
    return { version: 1, updatedAt: this.updatedAt, issues: [...this.docs.values()] };
  }

  /** Rebuilds an index from {@link toJSON} output; anything else gives an empty index (a cache is optional). */
  static fromJSON(data: unknown): DuplicateIndex {
    const index = new DuplicateIndex();
    const d = data as Partial<DuplicateIndexData> | undefined;
    if (d?.version !== 1 || !Array.isArray(d.issues)) return index;
    for (const issue of d.issues) {
      if (issue && typeof issue.number === "number" && issue.terms && issue.lengths) index.add(issue);
    }
    index.updatedAt = typeof d.updatedAt === "string" ? d.updatedAt : null;
    return index;
  }
}
