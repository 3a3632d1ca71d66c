/**
 * Hand-written cue words of each kind of issue: what maintainers read first when they triage. They are
 * features (counted per kind), not rules: the model learns per repository how much each kind of cue is
 * worth, and because every issue shares the same few cue features, they carry over with little training
 * data. Written from experience with issue trackers, not derived from any data set.
 */

const BUG = new Set(
  `crash crashes crashed crashing error errors exception exceptions fail fails failed failing failure broken bug bugs
  regression segfault segmentation incorrect wrong unexpected unexpectedly hang hangs hanging freeze freezes frozen
  leak leaks panic abort aborted traceback throws thrown nan undefined null invalid corrupt corrupted stuck
  glitch flicker flickering mismatch reproduce reproducible repro workaround fix fixed`.split(/\s+/),
);
const FEATURE = new Set(
  `feature features request requests add adding allow allowing option options ability enable proposal propose proposed
  suggest suggestion enhancement improve improvement implement implementing provide expose configurable customize
  customizable support supporting would nice wish introduce extend extension new api consider ideally instead
  could`.split(/\s+/),
);
const QUESTION = new Set(
  `how why what which question questions help possible anyone understand understanding confused confusing clarify
  explain advice wondering guidance example examples meaning mean learn know recommended recommend best way
  difference correct right`.split(/\s+/),
);
const DOCS = new Set(
  `documentation docs doc readme typo typos guide tutorial wiki changelog docstring jsdoc outdated misleading
  documented undocumented`.split(/\s+/),
);
const PHRASES: readonly [string, RegExp][] = [
  ["bug", /^(does ?n[o']?t|not) (work|working|run|load|start|open|compile|build)$/],
  ["feature", /^(would|it) (be|would) (nice|great|useful|helpful)$/],
  ["question", /^(is there|is it|can i|could i|how do|how can|should i|do i)$/],
];

/** The cue names (`cue:bug`, `cue:feature`, `cue:question`, `cue:docs`, one per hit) of a list of lower-case words. */
export function cueNames(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (BUG.has(w)) out.push("cue:bug");
    if (FEATURE.has(w)) out.push("cue:feature");
    if (QUESTION.has(w)) out.push("cue:question");
    if (DOCS.has(w)) out.push("cue:docs");
    if (i > 0) {
      const two = `${words[i - 1]} ${w}`;
      const three = i > 1 ? `${words[i - 2]} ${two}` : "";
      for (const [kind, re] of PHRASES) if (re.test(two) || re.test(three)) out.push(`cue:${kind}-phrase`);
    }
  }
  return out;
}
