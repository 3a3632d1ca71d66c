import type { IssueRef, Plan, PlanStep, StepResult } from "./types.js";

function ref(issue: IssueRef): string {
  return typeof issue === "number" ? `#${issue}` : `the issue "${issue.key}"`;
}

function quote(text: string): string {
  return JSON.stringify(text);
}

function describeStep(step: PlanStep): string {
  switch (step.kind) {
    case "create-issue": {
      const extras = [
        step.labels.length ? `labels ${step.labels.join(", ")}` : "",
        step.assignees.length ? `assignees ${step.assignees.map((a) => `@${a}`).join(", ")}` : "",
      ].filter(Boolean);
      return `open issue ${quote(step.title)}${extras.length ? ` (${extras.join("; ")})` : ""}`;
    }
    case "update-issue": {
      const what = [
        step.title !== undefined ? `title → ${quote(step.title)}` : "",
        step.body !== undefined ? "body" : "",
        step.state !== undefined ? `state → ${step.state}${step.stateReason ? ` (${step.stateReason})` : ""}` : "",
        step.record ? `state record (${Object.keys(step.record.patch).join(", ")})` : "",
      ].filter(Boolean);
      return `edit ${ref(step.issue)}: ${what.join(", ") || "nothing"}`;
    }
    case "comment":
      return `comment on ${ref(step.issue)}`;
    case "add-labels":
      return `label ${ref(step.issue)} ${step.labels.join(", ")}`;
    case "remove-label":
      return `remove label ${step.label} from ${ref(step.issue)}`;
    case "pin-issue":
      return `pin ${ref(step.issue)} (when fewer than 3 are pinned)`;
    case "unpin-issue":
      return `unpin ${ref(step.issue)} (only if Upkeep pinned it)`;
    case "close-duplicate":
      return `close #${step.number} as a duplicate of #${step.original}`;
  }
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => (l ? `     | ${l}` : "     |"))
    .join("\n");
}

/**
 * The plan as text for dry-run output: one numbered line per step with the repository, what it does,
 * its key and reason; with `bodies` (default true) the text of new issues and comments, indented.
 * An empty plan prints `Nothing to do.`. Never throws.
 */
export function renderPlan(plan: Plan, options: { bodies?: boolean } = {}): string {
  if (plan.steps.length === 0) return "Nothing to do.\n";
  const bodies = options.bodies ?? true;
  const lines = [`Plan: ${plan.steps.length} step${plan.steps.length === 1 ? "" : "s"}`];
  plan.steps.forEach((step, i) => {
    const reason = step.reason ? ` — ${step.reason}` : "";
    lines.push(`${String(i + 1).padStart(3)}. ${step.repo}: ${describeStep(step)} [${step.key}]${reason}`);
    if (bodies && (step.kind === "create-issue" || step.kind === "comment")) lines.push(indent(step.body.trimEnd()));
  });
  return `${lines.join("\n")}\n`;
}

/** Results as text: one line per step with its outcome (and error message when it failed). Never throws. */
export function renderResults(results: readonly StepResult[]): string {
  if (results.length === 0) return "Nothing to do.\n";
  const lines = results.map((r) => {
    const where = r.issueNumber !== undefined ? ` #${r.issueNumber}` : "";
    const detail = r.detail ? ` (${r.detail})` : "";
    const error = r.outcome === "failed" ? `: ${r.error instanceof Error ? r.error.message : String(r.error)}` : "";
    return `${r.outcome.padEnd(14)} ${r.kind} ${r.key}${where}${detail}${error}`;
  });
  return `${lines.join("\n")}\n`;
}
