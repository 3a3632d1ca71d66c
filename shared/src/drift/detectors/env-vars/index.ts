import { referenceDetector } from "../../reference.js";
import type { DriftDetector } from "../../types.js";

const NAME = /^[A-Z_][A-Z0-9_]*$/;
// Only names with an underscore claim to be variables: `README` or `HEAD` in a code span are not.
const CLAIM = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/**
 * `env-vars`: environment variables read by the code (default pattern: `process.env.X`,
 * `process.env["X"]`, `env.X`, `os.environ["X"]`, `os.Getenv("X")`), a `--help` output or a schema,
 * against the docs' code spans and table cells (`$X`, `${X}` and `X=value` count). Off unless
 * configured. Options: `sources`, `docs`, `ignore`.
 */
export const envVarsDetector: DriftDetector = referenceDetector({
  id: "env-vars",
  noun: "environment variable",
  description: "environment variables the code reads against the docs, both ways",
  candidates(mention) {
    let s = mention.trim();
    s = s.replace(/^process\.env\./, "").replace(/^env\./, "");
    s = s.replace(/^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/, "$1");
    s = s.replace(/^([A-Z_][A-Z0-9_]*)=.*$/s, "$1");
    return NAME.test(s) ? [s] : [];
  },
  claims: (name) => CLAIM.test(name),
  fromOutput: (output) => [...output.matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g)].map((m) => m[0]),
  defaultPattern:
    'process\\.env\\.([A-Z_][A-Z0-9_]*)|process\\.env\\[["\'`]([A-Z_][A-Z0-9_]*)["\'`]\\]|\\benv\\.([A-Z_][A-Z0-9_]*)|os\\.environ(?:\\.get\\(|\\[)["\']([A-Z_][A-Z0-9_]*)|os\\.Getenv\\("([A-Z_][A-Z0-9_]*)"\\)',
  example: {
    files: {
      "src/env.ts": "const a = process.env.UPKEEP_TOKEN;\nconst b = process.env.UPKEEP_DEBUG;\n",
      "docs/env.md": "# Environment\n\nSet `UPKEEP_TOKEN=...`. The old `UPKEEP_LEGACY_MODE` is here too.\n",
    },
    options: { sources: [{ files: "src/**" }] },
    expectRules: ["drift/env-vars/undocumented", "drift/env-vars/documented-but-gone"],
  },
});
