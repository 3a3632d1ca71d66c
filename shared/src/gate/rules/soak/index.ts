import { describeDuration } from "../../../calendar/duration.js";
import { describeError } from "../../../errors.js";
import { EVIDENCE_PREFIX } from "../../staging.js";
import type { Evidence, GateRule, RuleResult } from "../../types.js";

/**
 * `soak`: at least `soakMs` since the first `success` of the staging deployment (of its current run of
 * successes). On first sight the gate records the start as a deployment status of its own, so the soak
 * survives GitHub dropping old statuses.
 */
export const soakRule: GateRule = {
  id: "soak",
  title: "Soak time in staging",
  enabled: (settings) => settings.soakMs > 0 && settings.requires.length > 0,
  async evaluate(ctx): Promise<RuleResult> {
    const { settings } = ctx;
    const all = await ctx.facts.staging();
    const now = ctx.clock.now().getTime();
    const evidence: Evidence[] = [];
    let worst: RuleResult["status"] = "pass";
    let wait = 0;
    const summaries: string[] = [];
    for (const e of all) {
      if (e.status !== "pass" || !e.firstSuccessAt || !e.deployment) {
        const status = e.status === "pending" ? "pending" : "fail";
        if (status === "fail" || worst === "pass") worst = status;
        summaries.push(`${e.environment}: no successful deployment to soak`);
        continue;
      }
      const start = e.firstSuccessAt;
      const soaked = now - start.getTime();
      const text = `${e.environment}: live since ${start.toISOString()} (${describeDuration(Math.max(0, soaked))} of ${describeDuration(settings.soakMs)})`;
      evidence.push({ text: `${text}${e.recordedAt ? ", start recorded by the gate" : ""}`, url: e.deployment.url });
      summaries.push(text);
      if (soaked < settings.soakMs) {
        if (worst === "pass") worst = "pending";
        wait = Math.max(wait, settings.soakMs - soaked);
      }
      if (!e.recordedAt && settings.recordEvidence) {
        const latest = e.statuses[0];
        try {
          await ctx.github.addDeploymentStatus(e.deployment.id, {
            state: "success",
            description: `${EVIDENCE_PREFIX}${start.toISOString().replace(/\.\d{3}Z$/, "Z")}`,
            ...(latest?.environmentUrl ? { environmentUrl: latest.environmentUrl } : {}),
            ...(latest?.logUrl ? { logUrl: latest.logUrl } : {}),
          });
        } catch (error) {
          ctx.logger.warning(
            `soak: could not record evidence on deployment ${e.deployment.id}: ${describeError(error)}`,
          );
        }
      }
    }
    return {
      rule: this.id,
      status: worst,
      summary: summaries.join("; "),
      evidence,
      ...(worst === "pending" && wait > 0 ? { retryAfterMs: wait } : {}),
    };
  },
};
