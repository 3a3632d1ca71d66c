import { referenceDetector } from "../../reference.js";
import type { DriftDetector } from "../../types.js";

const FLAG = /(?:^|[\s,=[(|])(--?[A-Za-z][\w-]*)/g;

function flagsIn(s: string): string[] {
  return [...s.matchAll(FLAG)].map((m) => m[1] ?? "").filter(Boolean);
}

/**
 * `cli-flags`: command-line flags from `--help` output (`sources: [{ command: "node bin/cli.mjs --help" }]`)
 * or source patterns (`{ files: "src/**", pattern: ... }`; default pattern: a quoted `--flag` literal),
 * against flags in code spans and table cells of the docs. Off unless configured. Options: `sources`,
 * `docs` (globs; default drift.docs), `ignore` (names).
 */
export const cliFlagsDetector: DriftDetector = referenceDetector({
  id: "cli-flags",
  noun: "flag",
  description: "command-line flags (from --help output or source patterns) against the docs, both ways",
  candidates: flagsIn,
  claims: (name) => name.startsWith("--"),
  fromOutput(output) {
    const out: string[] = [];
    for (const line of output.split("\n")) {
      const t = line.trim();
      if (!t.startsWith("-")) continue;
      // Commander, argparse and clap print the flags, then two or more spaces, then the description.
      out.push(...flagsIn(t.split(/\s{2,}/)[0] ?? ""));
    }
    return out;
  },
  defaultPattern: "[\"'`](--[a-z][a-z0-9-]*)",
  example: {
    files: {
      "src/cli.ts": 'program.option("--format <f>").option("--quiet");\n',
      "docs/cli.md":
        "# CLI\n\n| Flag | Meaning |\n| --- | --- |\n| `--format <f>` | output |\n| `--verbose` | gone |\n",
    },
    options: { sources: [{ files: "src/**" }] },
    expectRules: ["drift/cli-flags/undocumented", "drift/cli-flags/documented-but-gone"],
  },
});
