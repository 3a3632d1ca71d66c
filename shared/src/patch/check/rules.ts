/** The rule catalogue of patch-check: every rule id a finding can carry, with its docs anchor. */
import type { RuleDescriptor } from "../../report/model.js";

export const PATCH_RULES: RuleDescriptor[] = [
  {
    id: "patch/vulnerability",
    name: "Vulnerability",
    shortDescription: "A dependency version is affected by a known vulnerability.",
  },
  {
    id: "patch/overdue",
    name: "PatchOverdue",
    shortDescription: "A vulnerability with a published fix is past its patch deadline.",
  },
  {
    id: "patch/exception-expired",
    name: "ExceptionExpired",
    shortDescription: "A policy exception for a vulnerability has expired.",
  },
  {
    id: "patch/unreadable-lockfile",
    name: "UnreadableLockfile",
    shortDescription: "A lockfile could not be read (corrupt, truncated, or a format version upkeep does not know).",
  },
  { id: "patch/denied-package", name: "DeniedPackage", shortDescription: "A dependency is on the deny list." },
  {
    id: "patch/runtime-eol",
    name: "RuntimeEndOfLife",
    shortDescription: "A declared runtime version is past its end of life.",
  },
  {
    id: "patch/runtime-eol-soon",
    name: "RuntimeEndOfLifeSoon",
    shortDescription: "A declared runtime version reaches its end of life soon.",
  },
  {
    id: "patch/runtime-unknown",
    name: "RuntimeUnknown",
    shortDescription: "A declared runtime version is not in the release table.",
  },
  { id: "patch/outdated", name: "Outdated", shortDescription: "A direct dependency has newer releases." },
  {
    id: "patch/fixed-by-pr",
    name: "FixedByPullRequest",
    shortDescription: "The pull request removes a vulnerable version.",
  },
].map((r) => ({
  ...r,
  helpUri: `https://github.com/upkeep-dev/upkeep/blob/main/docs/patch-check.md#${r.id.replace("/", "")}`,
}));
