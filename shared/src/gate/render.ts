import type { GateResult, RuleResult, RuleStatus } from "./types.js";

const ICON: Record<RuleStatus, string> = { pass: "✅", fail: "❌", pending: "⏳", skip: "➖" };

/** GitHub's limit on a deployment protection rule comment. */
export const CALLBACK_COMMENT_LIMIT = 1024;

function headline(result: GateResult): string {
  const dry =
    result.dryRun && result.verdict !== "approve" ? ` (dry run: approved anyway)` : result.dryRun ? " (dry run)" : "";
  return `Staging gate: ${result.verdict}${dry} for ${result.sha.slice(0, 12)} → ${result.environment}`;
}

/** Plain text for a terminal: the verdict, then one line per rule with its evidence indented. Never throws. */
export function renderGateText(result: GateResult): string {
  const lines = [headline(result)];
  for (const r of result.rules) {
    lines.push(`  ${r.status.padEnd(7)} ${r.rule}: ${r.summary}`);
    for (const e of r.evidence) lines.push(`          - ${e.text}${e.url ? ` <${e.url}>` : ""}`);
  }
  lines.push(`  (${result.calls} GitHub requests)`);
  return `${lines.join("\n")}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** A Markdown job summary: the verdict and a table of rules with their evidence (linked). Never throws. */
export function renderGateMarkdown(result: GateResult): string {
  const rows = result.rules.map((r) => {
    const evidence = r.evidence.map((e) => (e.url ? `[${cell(e.text)}](${e.url})` : cell(e.text))).join("<br>");
    return `| ${ICON[r.status]} ${r.status} | \`${r.rule}\` | ${cell(r.summary)} | ${evidence} |`;
  });
  return [
    `### ${headline(result)}`,
    "",
    "| status | rule | summary | evidence |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    `Commit \`${result.sha}\`, evaluated ${result.evaluatedAt} with ${result.calls} GitHub requests.`,
    "",
  ].join("\n");
}

/** The JSON the CLI prints: verdict, decision and one entry per rule. Never throws. */
export function gateJson(result: GateResult): Record<string, unknown> {
  return {
    verdict: result.verdict,
    decision: result.decision,
    dryRun: result.dryRun,
    sha: result.sha,
    environment: result.environment,
    rules: result.rules.map((r) => ({
      rule: r.rule,
      status: r.status,
      summary: r.summary,
      evidence: r.evidence,
      ...(r.retryAfterMs !== undefined ? { retryAfterMs: r.retryAfterMs } : {}),
    })),
    ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}),
    calls: result.calls,
    evaluatedAt: result.evaluatedAt,
  };
}

/** One line per failing or pending rule, for the action's `reasons` output. Never throws. */
export function gateReasons(result: GateResult): string[] {
  return result.rules
    .filter((r) => r.status === "fail" || r.status === "pending")
    .map((r) => `${r.rule}: ${r.summary}`);
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * The comment sent with a protection rule answer: the verdict and one line per rule (every rule, even
 * when space is short: summaries are shortened first, evidence is dropped). At most 1,024 characters,
 * GitHub's limit. `prefix` (e.g. "Still waiting (3/9):") goes first. Never throws.
 */
export function renderCallbackComment(result: GateResult, prefix = ""): string {
  const head = `${prefix ? `${prefix} ` : ""}${headline(result)}`;
  const line = (r: RuleResult, max: number) => `${ICON[r.status]} ${r.rule}: ${shorten(r.summary, max)}`;
  for (const max of [400, 200, 120, 80, 50, 30, 15]) {
    const text = [head, ...result.rules.map((r) => line(r, max))].join("\n");
    if (text.length <= CALLBACK_COMMENT_LIMIT) return text;
  }
  return shorten(
    [head, ...result.rules.map((r) => `${ICON[r.status]} ${r.rule}: ${r.status}`)].join("\n"),
    CALLBACK_COMMENT_LIMIT,
  );
}
