import { actionIoDetector } from "./detectors/action-io/index.js";
import { cliFlagsDetector } from "./detectors/cli-flags/index.js";
import { configKeysDetector } from "./detectors/config-keys/index.js";
import { envVarsDetector } from "./detectors/env-vars/index.js";
import { linksDetector } from "./detectors/links/index.js";
import { staleVersionsDetector } from "./detectors/stale-versions/index.js";
import { stalenessDetector } from "./detectors/staleness/index.js";
import type { DriftDetector } from "./types.js";

/**
 * Every docs drift detector by id. To add one: make `detectors/<id>/index.ts` exporting a
 * {@link DriftDetector}, add it here; the contract test (test/shared/drift/registry.test.ts) says
 * what is missing.
 */
export const DETECTORS: ReadonlyMap<string, DriftDetector> = new Map(
  [
    actionIoDetector,
    cliFlagsDetector,
    envVarsDetector,
    configKeysDetector,
    linksDetector,
    staleVersionsDetector,
    stalenessDetector,
  ].map((d) => [d.id, d]),
);
