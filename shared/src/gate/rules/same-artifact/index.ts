import type { Evidence, GateRule, RuleResult } from "../../types.js";

/**
 * `same-artifact`: the exact commit (and, with `digestKey`, the same artifact digest) succeeded in every
 * required staging environment and nothing revoked it since. See staging.ts for what counts.
 */
export const sameArtifactRule: GateRule = {
  id: "same-artifact",
  title: "Same artifact in staging",
  enabled: (settings) => settings.requires.length > 0,
  async evaluate(ctx): Promise<RuleResult> {
    const all = await ctx.facts.staging();
    const evidence: Evidence[] = all.map((e) => ({
      text: `${e.environment}: ${e.reason}`,
      ...(e.deployment ? { url: e.deployment.url } : {}),
    }));
    const failed = all.filter((e) => e.status === "fail");
    const pending = all.filter((e) => e.status === "pending");
    if (failed.length > 0) {
      return {
        rule: this.id,
        status: "fail",
        summary: failed.map((e) => `${e.environment}: ${e.reason}`).join("; "),
        evidence,
      };
    }
    if (pending.length > 0) {
      return {
        rule: this.id,
        status: "pending",
        summary: pending.map((e) => `${e.environment}: ${e.reason}`).join("; "),
        evidence,
        retryAfterMs: 30_000,
      };
    }
    return {
      rule: this.id,
      status: "pass",
      summary: all.map((e) => `${e.environment}: ${e.reason}`).join("; "),
      evidence,
    };
  },
};
