import { planAudits } from "@upkeep/shared/audits/planner.js";
import { describeError } from "@upkeep/shared/errors.js";
import type { Feature } from "../../feature.js";
import { latestPatchCheckUrl } from "./config.js";

/**
 * Recurring audits (engine: shared/src/audits): one issue per (repository, audit, period) with the checklist,
 * due date and a link to the latest patch-check results; reminders a week and a day before the due date and
 * when overdue; closed with a note when every box is ticked. Time-driven, so it runs in the sweep (and after
 * an edit of an audit issue, see index.ts).
 */
export const auditsFeature: Feature = {
  id: "audits",
  async sweep(ctx) {
    const audits = ctx.files.config.config.audits;
    if (audits.length === 0) return { steps: [] };
    const options = { repo: ctx.fullName };
    const plan = planAudits(audits, ctx.issues, ctx.now, options);
    if (!ctx.client || !plan.steps.some((s) => s.kind === "create-issue")) return plan;
    // Only a new audit issue shows the link, so it is looked up only then.
    try {
      const url = await latestPatchCheckUrl(ctx.client, ctx.repo, ctx.files.sha);
      return url ? planAudits(audits, ctx.issues, ctx.now, { ...options, patchCheckUrl: url }) : plan;
    } catch (error) {
      ctx.logger.warning(`${ctx.fullName}: patch-check link left out: ${describeError(error)}`);
      return plan;
    }
  },
};
