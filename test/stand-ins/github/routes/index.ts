// Every route the stand-in serves, keyed like the OpenAPI extract (`METHOD /template`).
import type { Handler } from "../context.js";
import { advisoryRoutes } from "./advisories.js";
import { appRoutes } from "./apps.js";
import { checkRoutes } from "./checks.js";
import { deploymentRoutes } from "./deployments.js";
import { gateRoutes } from "./gate.js";
import { issueRoutes } from "./issues.js";
import { releaseRoutes } from "./releases.js";
import { repoRoutes } from "./repos.js";
import { searchRoutes } from "./search.js";

/** Handlers by `METHOD /template`; an operation of the extract without one answers 404 and is a violation. */
export const routes: Record<string, Handler> = {
  ...repoRoutes,
  ...issueRoutes,
  ...searchRoutes,
  ...checkRoutes,
  ...deploymentRoutes,
  ...releaseRoutes,
  ...appRoutes,
  ...advisoryRoutes,
  ...gateRoutes,
};
