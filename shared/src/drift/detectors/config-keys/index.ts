import { referenceDetector } from "../../reference.js";
import type { DriftDetector } from "../../types.js";

const KEY = /^[A-Za-z_$][\w$-]*(?:\[\])?(?:\.(?:<id>|[A-Za-z_$][\w$-]*)(?:\[\])?)*$/;

/**
 * `config-keys`: every key path of a JSON Schema (`sources: [{ schema: "upkeep.schema.json" }]`, paths
 * as `a.b`, `a[].b`, `a.<id>.b`), or names from patterns or a command, against the docs' code spans
 * and table cells. A documented dotted path whose first segment is a known top-level key claims to be
 * a key (so `package.json` in prose is not one). Off unless configured. Options: `sources`, `docs`, `ignore`.
 */
export const configKeysDetector: DriftDetector = referenceDetector({
  id: "config-keys",
  noun: "config key",
  description: "configuration keys (from a JSON Schema, patterns or a command) against the docs, both ways",
  candidates(mention) {
    const s = mention
      .trim()
      .replace(/:\s.*$/s, "")
      .replace(/:$/, "");
    return KEY.test(s) ? [s] : [];
  },
  claims(name, defined) {
    if (!name.includes(".")) return false;
    const top = name.split(/[.[]/)[0] ?? "";
    for (const d of defined) if (d === top) return true;
    return false;
  },
  fromOutput: (output) => [...output.matchAll(/\b[a-z][\w]*(?:\.[A-Za-z][\w]*)+\b/g)].map((m) => m[0]),
  example: {
    files: {
      "schema.json": JSON.stringify(
        { type: "object", properties: { drift: { type: "object", properties: { docs: {}, fix: {} } } } },
        null,
        2,
      ),
      "docs/config.md":
        "# Config\n\n| Key | Meaning |\n| --- | --- |\n| `drift` | section |\n| `drift.docs` | docs |\n| `drift.gone` | removed |\n",
    },
    options: { sources: [{ schema: "schema.json" }] },
    expectRules: ["drift/config-keys/undocumented", "drift/config-keys/documented-but-gone"],
  },
});
