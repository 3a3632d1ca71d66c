import { createHash } from "node:crypto";
import type { ConfigProblem } from "../errors.js";
import { readPayload } from "../plan/payload.js";
import type { IssueSnapshot, Plan, PlanStep } from "../plan/types.js";
import { configErrorsTitle, renderConfigErrors, renderConfigFixed } from "./errors-render.js";

/** Marker key of the one configuration-problems issue of a repository. */
export const CONFIG_ERRORS_KEY = "config-errors";
/** Label of that issue (also what the executor lists issues by). */
export const CONFIG_ERRORS_LABEL = "upkeep-config";

/** A short digest of the problems: the issue is edited only when it changes. */
export function problemsDigest(problems: readonly ConfigProblem[]): string {
  const text = problems.map((p) => `${p.file}:${p.line ?? ""}:${p.column ?? ""}:${p.key}:${p.message}`).join("\n");
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/**
 * The plan that keeps one issue in step with the configuration's problems: opened (or reopened) when there
 * are problems, edited in place when they change, closed with a note when they are gone, and nothing at
 * all when it already says the right thing — so a broken config is reported once, not on every sweep.
 * Pure; never throws.
 */
export function planConfigErrors(
  repo: string,
  problems: readonly ConfigProblem[],
  issues: readonly IssueSnapshot[],
): Plan {
  const existing = issues.find((i) => readPayload(i.body, CONFIG_ERRORS_KEY) !== undefined);
  const digest = problemsDigest(problems);
  const steps: PlanStep[] = [];
  if (problems.length === 0) {
    if (existing?.state === "open") {
      steps.push(
        {
          kind: "comment",
          key: `${CONFIG_ERRORS_KEY}/fixed/${readPayload<{ digest?: string }>(existing.body, CONFIG_ERRORS_KEY)?.digest ?? "x"}`,
          repo,
          issue: existing.number,
          body: renderConfigFixed(),
          reason: "configuration fixed",
        },
        {
          kind: "update-issue",
          key: CONFIG_ERRORS_KEY,
          repo,
          issue: existing.number,
          state: "closed",
          stateReason: "completed",
          record: { key: CONFIG_ERRORS_KEY, patch: { digest: "" } },
          reason: "configuration fixed",
        },
      );
    }
    return { steps };
  }
  const title = configErrorsTitle(problems.length);
  const body = renderConfigErrors(problems);
  if (!existing) {
    steps.push({
      kind: "create-issue",
      key: CONFIG_ERRORS_KEY,
      repo,
      title,
      body,
      labels: [CONFIG_ERRORS_LABEL],
      assignees: [],
      payload: { digest },
      reason: "configuration has problems",
    });
    return { steps };
  }
  const recorded = readPayload<{ digest?: string }>(existing.body, CONFIG_ERRORS_KEY)?.digest;
  if (existing.state === "open" && recorded === digest) return { steps };
  steps.push({
    kind: "update-issue",
    key: CONFIG_ERRORS_KEY,
    repo,
    issue: existing.number,
    title,
    body,
    ...(existing.state === "closed" ? { state: "open" as const, stateReason: "reopened" as const } : {}),
    record: { key: CONFIG_ERRORS_KEY, patch: { digest } },
    reason: existing.state === "closed" ? "configuration broke again" : "configuration problems changed",
  });
  return { steps };
}
