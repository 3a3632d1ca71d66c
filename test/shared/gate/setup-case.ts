// Seeds one table case into a stand-in: its own repository with .github/upkeep.yml (and window files), the
// production deployment GitHub Actions creates while the job waits, and the case's own records.
import type { GitHubStandIn } from "../../stand-ins/github/index.js";
import { type GateCase, NOW } from "./cases.js";

export interface SeededCase {
  repo: string;
  sha: string;
  now: string;
  /** Files of the repository (config and window files), for a CLI working tree. */
  files: Record<string, string>;
  production: { id: number; payload: Record<string, unknown> };
}

/** The `.github/upkeep.yml` of a case. */
export function caseConfig(c: GateCase, probeUrl: string): string {
  const gate = (c.gate ?? "").replaceAll("{{probe}}", probeUrl);
  return `gate:\n  environment: production\n  requires: [staging]\n${gate ? `  ${gate}\n` : ""}`;
}

/** Creates `acme/gate-case-<index>` (index unique per stand-in) and seeds case `c` into it. */
export function seedCase(gh: GitHubStandIn, c: GateCase, index: number, probeUrl: string): SeededCase {
  const repo = `acme/gate-case-${index}`;
  const files = { ".github/upkeep.yml": caseConfig(c, probeUrl), ...(c.files ?? {}) };
  gh.state.createRepo({ owner: "acme", name: `gate-case-${index}`, files: { "README.md": "# app\n", ...files } });
  const now = c.now ?? NOW;
  const { sha, payload = {} } = c.seed({ state: gh.state, repo, probe: probeUrl, now: new Date(now) });
  const production = gh.state.addDeployment(repo, { ref: sha, environment: "production", payload });
  return { repo, sha, now, files, production: { id: production.id, payload } };
}
