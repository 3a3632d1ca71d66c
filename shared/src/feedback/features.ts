/**
 * Hashed features of an issue (the "hashing trick"): every feature name is hashed into one of 2^bits slots,
 * so the model is a fixed-size weight table and needs no vocabulary. Features come in groups (title words,
 * body words, character n-grams, template structure); each group is L2-normalised and scaled by its weight
 * so a long body cannot drown the title or the template headings.
 */

import { cueNames } from "./lexicon.js";
import {
  errorLines,
  headingSignals,
  normaliseHeading,
  sections,
  splitCode,
  stackFrames,
  stripComments,
  titleTag,
  words,
} from "./text.js";

/** A sparse vector: sorted distinct slot indices and their values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** The feature groups and how much each weighs after normalisation. */
export interface FeatureWeights {
  title: number;
  body: number;
  chars: number;
  structure: number;
  /** Counts of hand-written cue words per kind (lexicon.ts). */
  cues: number;
}

/** How text turns into features; stored in the model so training and prediction always agree. */
export interface FeatureOptions {
  /** log2 of the number of hash slots. Default 18. */
  bits: number;
  /** Character n-gram lengths, inclusive. Default [3, 5]. */
  charGrams: [number, number];
  /** Characters of prose read for character n-grams. Default 3000. */
  charLimit: number;
  /** Words of prose read. Default 1500. */
  wordLimit: number;
  weights: FeatureWeights;
  /**
   * Group weights of the naive-Bayes part's presence vector (`featurizeIssue(...).present`). Default title 4,
   * body 8, structure 1, cues 1 and no character n-grams: the body counts for more there than in the
   * logistic regression. Absent in version 1 models (which have no naive-Bayes part): then `weights`
   * without the character n-grams.
   */
  presenceWeights?: Omit<FeatureWeights, "chars"> & { chars?: number };
  /**
   * Model version 3, trained with other repositories' issues (`also`): every feature of the repository's own
   * issues appears twice, once in the slot all repositories share and once in a second slot only the own
   * issues fill (feature augmentation, Daumé 2007), so the model learns what holds everywhere and what is
   * particular to the repository. Issues classified are the repository's own: they always get the copy.
   */
  ownCopy?: boolean;
}

/** The defaults (chosen by 5-fold cross-validation on training data only; see docs/feedback.md). */
export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  bits: 18,
  charGrams: [3, 5],
  charLimit: 3000,
  wordLimit: 1500,
  weights: { title: 2, body: 0.5, chars: 1, structure: 1, cues: 1 },
  presenceWeights: { title: 4, body: 8, structure: 1, cues: 1 },
};

/** 32-bit FNV-1a of a string (UTF-16 code units); fast and good enough to spread feature names. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The text character n-grams are taken from: title and the first `charLimit` characters of prose, lower case. */
function charText(title: string, prose: string, options: FeatureOptions): string {
  return ` ${title.toLowerCase()} | ${prose.slice(0, options.charLimit).toLowerCase().replace(/\s+/g, " ")} `;
}

/** Calls `each` with every n-gram (n in `[lo, hi]`) of every space-separated token padded as `<token>`. */
function forEachCharGram(text: string, [lo, hi]: [number, number], each: (gram: string) => void): void {
  for (const token of text.split(" ")) {
    if (token.length === 0) continue;
    const padded = `<${token}>`;
    for (let n = lo; n <= hi; n++) {
      for (let i = 0; i + n <= padded.length; i++) each(padded.slice(i, i + n));
    }
  }
}

const CHAR_PREFIX = fnv1a("c:");
const GROUPS = ["title", "body", "chars", "structure", "cues"] as const;

class Group {
  readonly counts = new Map<number, number>();
  constructor(private readonly mask: number) {}
  add(name: string, by = 1): void {
    this.addHash(fnv1a(name), by);
  }
  addHash(hash: number, by = 1): void {
    const slot = hash & this.mask;
    this.counts.set(slot, (this.counts.get(slot) ?? 0) + by);
  }
}

const QUESTION_START =
  /^(how|why|what|which|where|when|is|are|can|could|should|does|do|would|will|any|anyone|help|question)\b/;

/** The readable features of an issue (names, not hashed): what {@link featurize} hashes; used by tests and explain. */
export function featureNames(title: string, body: string, options: FeatureOptions = DEFAULT_FEATURE_OPTIONS) {
  return namesOf(title, body, readBody(body), options);
}

/** The body cut into what the features read: without HTML comments, prose apart from code blocks. */
function readBody(body: string): { cleanBody: string; prose: string; code: string[] } {
  const cleanBody = stripComments(body);
  return { cleanBody, ...splitCode(cleanBody) };
}

function namesOf(title: string, body: string, parts: ReturnType<typeof readBody>, options: FeatureOptions) {
  const out = {
    title: [] as string[],
    body: [] as string[],
    chars: [] as string[],
    structure: [] as string[],
    cues: [] as string[],
  };
  const { cleanBody, prose, code } = parts;
  const tw = words(title);
  for (const w of tw) out.title.push(`t:${w}`);
  for (let i = 1; i < tw.length; i++) out.title.push(`t2:${tw[i - 1]} ${tw[i]}`);
  const tag = titleTag(title);
  if (tag) out.structure.push(`tag:${tag}`);
  const lowerTitle = title.trim().toLowerCase();
  if (lowerTitle.endsWith("?")) out.structure.push("flag:title-question-mark");
  const firstTitleWord = lowerTitle.replace(/^\[[^\]]*\]:?\s*/, "").match(QUESTION_START)?.[1];
  if (firstTitleWord) out.structure.push(`tq:${firstTitleWord}`);

  for (const cue of cueNames(tw)) out.cues.push(`title-${cue}`);
  const bw = words(prose).slice(0, options.wordLimit);
  for (const cue of cueNames(bw)) out.cues.push(cue);
  for (const w of bw) out.body.push(`w:${w}`);
  for (let i = 1; i < bw.length; i++) out.body.push(`w2:${bw[i - 1]} ${bw[i]}`);

  if (options.weights.chars !== 0) {
    forEachCharGram(charText(title, prose, options), options.charGrams, (gram) => out.chars.push(`c:${gram}`));
  }

  for (const s of sections(cleanBody)) {
    out.structure.push(`h:${s.heading}`);
    for (const sig of headingSignals(s.heading)) {
      out.structure.push(`s:${sig}`);
      if (s.text === "" || /^_?no response_?$/i.test(s.text)) out.structure.push(`s-empty:${sig}`);
    }
    const answer = normaliseHeading(s.text);
    if (answer.length > 0 && answer.length <= 40 && answer.split(" ").length <= 5) {
      out.structure.push(`hv:${s.heading}=${answer}`);
    }
  }
  if (code.length > 0) out.structure.push("flag:code");
  const all = `${prose}\n${code.join("\n")}`;
  if (stackFrames(all).length > 0) out.structure.push("flag:stack-trace");
  if (errorLines(all).length > 0) out.structure.push("flag:error-message");
  const questions = (prose.match(/\?(\s|$)/g) ?? []).length;
  if (questions > 0) out.structure.push(`flag:questions-${Math.min(questions, 3)}`);
  const length = bw.length;
  out.structure.push(`len:${length < 30 ? "short" : length < 150 ? "medium" : "long"}`);
  if (body.trim() === "") out.structure.push("flag:empty-body");
  return out;
}

/** The groups merged into one vector: counts through `tf`, each group L2-normalised and scaled by its weight. */
function finish(groups: [Group, number][], tf: (count: number) => number): SparseVector {
  const merged = new Map<number, number>();
  for (const [g, weight] of groups) {
    if (weight === 0 || g.counts.size === 0) continue;
    let norm = 0;
    const logged: [number, number][] = [];
    for (const [slot, c] of g.counts) {
      const v = tf(c);
      logged.push([slot, v]);
      norm += v * v;
    }
    const scale = weight / Math.sqrt(norm);
    for (const [slot, v] of logged) merged.set(slot, (merged.get(slot) ?? 0) + v * scale);
  }
  const slots = [...merged.keys()].sort((a, b) => a - b);
  const indices = new Int32Array(slots.length);
  const values = new Float32Array(slots.length);
  slots.forEach((s, i) => {
    indices[i] = s;
    values[i] = merged.get(s) ?? 0;
  });
  return { indices, values };
}

/** The hashed feature vector of an issue. Never throws; an empty issue gives the structure features only. */
export function featurize(
  title: string,
  body: string,
  options: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
): SparseVector {
  return featurizeIssue(title, body, options).x;
}

/** Both views of an issue the classifier reads (one pass over the text). */
export interface IssueFeatures {
  /** The weighted, normalised vector of the logistic regression. */
  x: SparseVector;
  /**
   * The features present in the issue, presence only (no counts), each group L2-normalised and weighted by
   * `presenceWeights` (by default the word, structure and cue groups): what the naive-Bayes part reads.
   */
  present: SparseVector;
}

/** {@link featurize} and the presence vector of an issue, from one reading of its text. Never throws. */
export function featurizeIssue(
  title: string,
  body: string,
  options: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
): IssueFeatures {
  const mask = (1 << options.bits) - 1;
  // Character n-grams are hashed as they are read (the same hash as `c:<gram>`), without making strings.
  const parts = readBody(body);
  const names = namesOf(title, body, parts, { ...options, weights: { ...options.weights, chars: 0 } });
  const groups: [Group, number][] = [];
  for (const key of GROUPS) {
    const g = new Group(mask);
    if (key === "chars") {
      if (options.weights.chars !== 0) addCharGrams(g, title, parts.prose, options);
    } else {
      for (const n of names[key]) g.add(n);
    }
    groups.push([g, options.weights[key]]);
  }
  const presence: Partial<FeatureWeights> = options.presenceWeights ?? { ...options.weights, chars: 0 };
  const words = GROUPS.map((key, i) => [groups[i]![0], presence[key] ?? 0] as [Group, number]);
  const x = finish(groups, Math.log1p);
  const present = finish(words, () => 1);
  return options.ownCopy ? { x: withOwnCopy(x, mask), present: withOwnCopy(present, mask) } : { x, present };
}

/** The vector followed by a copy of it in other slots (a second hash of each slot): see {@link FeatureOptions.ownCopy}. */
export function withOwnCopy(v: SparseVector, mask: number): SparseVector {
  const n = v.indices.length;
  const indices = new Int32Array(2 * n);
  const values = new Float32Array(2 * n);
  indices.set(v.indices);
  values.set(v.values);
  for (let i = 0; i < n; i++) {
    indices[n + i] = (Math.imul(v.indices[i]! ^ 0x5bd1e995, 0x9e3779b1) >>> 7) & mask;
    values[n + i] = v.values[i]!;
  }
  return { indices, values };
}

function addCharGrams(g: Group, title: string, prose: string, options: FeatureOptions): void {
  const [lo, hi] = options.charGrams;
  for (const token of charText(title, prose, options).split(" ")) {
    if (token.length === 0) continue;
    const padded = `<${token}>`;
    for (let i = 0; i + lo <= padded.length; i++) {
      let h = CHAR_PREFIX;
      for (let m = 0; m < hi && i + m < padded.length; m++) {
        h ^= padded.charCodeAt(i + m);
        h = Math.imul(h, 0x01000193) >>> 0;
        if (m + 1 >= lo) g.addHash(h);
      }
    }
  }
}
