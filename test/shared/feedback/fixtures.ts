// Small labelled issues written for the tests: three kinds in the styles real trackers see (template
// headings, stack traces, plain questions). Generated from phrase lists with a seeded choice, so every run
// sees the same issues.
import type { LabelledIssue } from "@upkeep/shared/feedback/train.js";

const COMPONENTS = ["parser", "renderer", "cache", "CLI", "config loader", "scheduler", "uploader", "login page"];

const BUG_TITLES = [
  "{c} crashes when the input is empty",
  "TypeError in {c} after upgrading to 2.3",
  "{c} hangs forever on large files",
  "Regression: {c} returns wrong results",
  "[Bug] {c} fails with ENOENT on Windows",
  "{c} throws an exception on startup",
];
const FEATURE_TITLES = [
  "Add an option to disable the {c}",
  "Feature request: support YAML in the {c}",
  "Allow configuring the {c} timeout",
  "Proposal: expose the {c} as a public API",
  "It would be nice if the {c} could run in parallel",
  "[Feature] Dark mode for the {c}",
];
const QUESTION_TITLES = [
  "How do I configure the {c}?",
  "Is it possible to use the {c} with Docker?",
  "What is the difference between the {c} and the old one?",
  "Question about the {c} settings",
  "Why does the {c} need network access?",
  "Can I run the {c} without root?",
];

const BUG_BODY = `### Describe the bug

The {c} stops working after the upgrade.

### Steps to reproduce

1. Install version 2.3.0
2. Run the {c} with an empty file

### Expected behavior

It should finish without an error.

### Actual behavior

\`\`\`
TypeError: Cannot read properties of undefined (reading 'length')
    at run ({c}.js:41:12)
    at main (index.js:9:3)
\`\`\`

### Version

2.3.0`;

const FEATURE_BODY = `### Is your feature request related to a problem?

Working with the {c} is slow for big teams.

### Describe the solution you'd like

A setting for the {c} that lets us choose the behaviour.

### Alternatives considered

Patching it by hand, which we would rather not do.`;

const QUESTION_BODY = `I read the documentation but I am not sure how the {c} is meant to be used.
Is there an example somewhere? Any help is appreciated, thanks!`;

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

/** `perKind` issues of each kind, in a fixed order; `plain` drops the template bodies for half of them. */
export function writtenIssues(perKind: number, seed = 1, group = "acme/app"): LabelledIssue[] {
  const random = seeded(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const out: LabelledIssue[] = [];
  const kinds: [string, readonly string[], string][] = [
    ["bug", BUG_TITLES, BUG_BODY],
    ["feature", FEATURE_TITLES, FEATURE_BODY],
    ["question", QUESTION_TITLES, QUESTION_BODY],
  ];
  for (let i = 0; i < perKind; i++) {
    for (const [label, titles, body] of kinds) {
      const c = pick(COMPONENTS);
      const fill = (s: string) => s.replaceAll("{c}", c);
      // Half of them without the template: the words must carry the label then.
      const text =
        random() < 0.5
          ? fill(body)
          : fill(body)
              .split("\n")
              .filter((l) => !l.startsWith("#"))
              .slice(0, 3)
              .join("\n");
      out.push({ title: fill(pick(titles)), body: text, label, group });
    }
  }
  return out;
}

/** The NLBSE'24 training split beside the repository, when it is there (evaluation data, never copied in). */
export const NLBSE_TRAIN = new URL("../../../../shared/data/nlbse24/issues_train.csv", import.meta.url);
