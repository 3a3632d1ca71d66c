import type { FeedbackKind } from "../config/types.js";
import type { LabelledIssue } from "./train.js";

/** The kinds, in the order models list them. */
export const FEEDBACK_KINDS: readonly FeedbackKind[] = ["bug", "feature", "question", "docs"];

/**
 * Training examples from a repository's issues: each issue carrying exactly one of the mapped labels
 * (compared case-insensitively) becomes an example of that kind; issues with none or several are left
 * out, as the NLBSE data set does. Pull requests should already be filtered out. Never throws.
 */
export function labelledFromIssues(
  issues: readonly { title: string; body: string; labels: readonly string[]; createdAt?: string }[],
  labels: Partial<Record<FeedbackKind, string>>,
  group?: string,
): LabelledIssue[] {
  const byName = new Map<string, FeedbackKind>();
  for (const kind of FEEDBACK_KINDS) {
    const name = labels[kind];
    if (name) byName.set(name.toLowerCase(), kind);
  }
  const out: LabelledIssue[] = [];
  for (const issue of issues) {
    const kinds = new Set(issue.labels.map((l) => byName.get(l.toLowerCase())).filter((k) => k !== undefined));
    if (kinds.size !== 1) continue;
    out.push({
      title: issue.title,
      body: issue.body,
      label: [...kinds][0]!,
      ...(group ? { group } : {}),
      ...(issue.createdAt ? { createdAt: issue.createdAt } : {}),
    });
  }
  return out;
}
