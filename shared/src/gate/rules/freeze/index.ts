import { activeWindow } from "../../../calendar/window.js";
import { activeFreeze } from "../../freeze-windows.js";
import type { Evidence, GateRule, RuleResult } from "../../types.js";

/**
 * `freeze`: no maintenance or freeze window is in progress (the calendar of `.github/maintenance/*.yml`
 * and announced windows) and no `gate.freeze` entry is active. An override (input, or the override
 * label on the commit's pull request) lets the deployment through and is reported with who used it.
 */
export const freezeRule: GateRule = {
  id: "freeze",
  title: "Freeze and maintenance windows",
  enabled: () => true,
  async evaluate(ctx): Promise<RuleResult> {
    const now = ctx.clock.now();
    const window = activeWindow(ctx.windows, now);
    const freeze = activeFreeze(ctx.settings.freezes, now);
    const evidence: Evidence[] = [];
    if (window) {
      evidence.push({
        text: `${window.kind} window "${window.title}" until ${window.end.toISOString()}`,
        ...(window.url ? { url: window.url } : {}),
      });
    }
    if (freeze)
      evidence.push({ text: `freeze "${freeze.title}" (${freeze.source}) until ${freeze.end.toISOString()}` });
    if (evidence.length === 0) {
      return { rule: this.id, status: "pass", summary: "no freeze or maintenance window in effect", evidence };
    }
    let override = ctx.settings.override;
    if (!override && ctx.settings.overrideLabel && ctx.github.overrideLabel) {
      override = await ctx.github.overrideLabel(ctx.settings.sha, ctx.settings.overrideLabel);
    }
    if (override) {
      evidence.push({
        text: `overridden by @${override.by} (${override.source === "label" ? `label "${ctx.settings.overrideLabel}"` : "input"})${override.reason ? `: ${override.reason}` : ""}`,
        ...(override.url ? { url: override.url } : {}),
      });
      return { rule: this.id, status: "pass", summary: `frozen, overridden by @${override.by}`, evidence };
    }
    const until = Math.max(window?.end.getTime() ?? 0, freeze?.end.getTime() ?? 0);
    return {
      rule: this.id,
      status: "fail",
      summary: `deployments are frozen until ${new Date(until).toISOString()}`,
      evidence,
    };
  },
};
