import { planConfigErrors } from "@upkeep/shared/config/errors-planner.js";
import type { Feature } from "../../feature.js";
import { fileWindows } from "../../windows.js";

/**
 * Reports problems of `.github/upkeep.yml` (and what it extends) and of `.github/maintenance/*.yml` in one
 * issue per repository, listing each with file:line:col; updated in place, closed when fixed. Runs on every
 * sweep and after a push to the default branch; the other features meanwhile use the valid parts.
 */
export const configErrorsFeature: Feature = {
  id: "config-errors",
  async sweep(ctx) {
    const { problems: windowProblems } = await fileWindows(ctx.fullName, ctx.files, ctx.now);
    return planConfigErrors(ctx.fullName, [...ctx.files.config.problems, ...windowProblems], ctx.issues);
  },
};
