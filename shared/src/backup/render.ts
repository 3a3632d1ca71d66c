import { formatDuration } from "../calendar/duration.js";
import { escapeMarkdown } from "../report/markdown-escape.js";
import { formatBytes } from "../text/bytes.js";
import type { SetSummary } from "./engine.js";

function age(ms: number): string {
  return ms < 60_000 ? `${Math.max(0, Math.round(ms / 1000))}s` : formatDuration(ms);
}

const STATUS: Record<SetSummary["status"], string> = {
  pass: "✅ pass",
  warning: "⚠️ warning",
  error: "❌ fail",
  note: "✅ pass",
};

/**
 * The summary table per set (job summary, bot evidence): status, newest backup, its age, size against
 * the median, bytes verified, drill time. Markdown, deterministic.
 */
export function renderBackupSummaryTable(sets: readonly SetSummary[]): string {
  const lines = [
    "| set | status | newest | age | size (median) | verified | drill |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const s of sets) {
    const newest = s.newest ? escapeMarkdown(s.newest.name) : "—";
    const ageCell = s.newest ? age(s.newest.ageMs) : "—";
    const size = s.newest
      ? `${formatBytes(s.newest.size)}${s.medianSize !== undefined ? ` (${formatBytes(s.medianSize)})` : ""}`
      : "—";
    const verified = s.repositoryCheck
      ? `${s.repositoryCheck.ok ? "check ok" : "check failed"} (${s.repositoryCheck.subset})`
      : `${s.verifiedObjects} / ${s.backups} (${formatBytes(s.verifiedBytes)})`;
    const drill = s.drill
      ? `${s.drill.type} ${s.drill.ok ? "ok" : "failed"} in ${(s.drill.durationMs / 1000).toFixed(1)}s`
      : "—";
    lines.push(
      `| ${escapeMarkdown(s.name)} | ${STATUS[s.status]} | ${newest} | ${ageCell} | ${size} | ${verified} | ${escapeMarkdown(drill)} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The drills as evidence lines (weekly bot comment, job summary). */
export function renderDrillEvidence(sets: readonly SetSummary[]): string {
  const drills = sets.filter((s) => s.drill);
  if (drills.length === 0) return "No restore drill ran.\n";
  const lines = [
    "| set | drill | backup | verdict | recovery time | rto | at |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const s of drills) {
    const d = s.drill!;
    lines.push(
      `| ${escapeMarkdown(s.name)} | ${d.type} | ${escapeMarkdown(d.backup)} | ${d.ok ? "passed" : `failed: ${escapeMarkdown(d.message)}`} | ${(d.durationMs / 1000).toFixed(1)}s | ${d.rtoMs !== undefined ? age(d.rtoMs) : "—"} | ${d.at} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}
