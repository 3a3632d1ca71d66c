import { localDate } from "../calendar/zoned-time.js";
import type { IssueSnapshot } from "../plan/types.js";
import { auditIssues } from "./planner.js";

/** One audit period as auditors read it. */
export interface AuditHistoryRow {
  audit: string;
  period: string;
  issue: number;
  title: string;
  url?: string;
  /** ISO times. */
  opened: string;
  due: string;
  closed: string | null;
  closedBy: string | null;
  /** `on time` / `late`: closed by or after the due date; `open` / `overdue`: not closed yet. */
  result: "on time" | "late" | "open" | "overdue";
}

/**
 * The audit history of a repository from its issues (any state): one row per audit issue, oldest period
 * first within each audit. A period counts as done when its issue is closed; it is on time when it was
 * closed (or its checklist completed) by the due date. `now` (the caller's clock) decides `overdue` for
 * open ones. Never throws.
 */
export function auditHistory(issues: readonly IssueSnapshot[], now: Date): AuditHistoryRow[] {
  return auditIssues(issues)
    .map(({ issue, payload }): AuditHistoryRow => {
      const done = issue.state === "closed" ? (payload.completedAt ?? issue.closedAt) : null;
      const dueMs = Date.parse(payload.due);
      const result =
        done !== null ? (Date.parse(done) <= dueMs ? "on time" : "late") : now.getTime() > dueMs ? "overdue" : "open";
      return {
        audit: payload.audit,
        period: payload.period,
        issue: issue.number,
        title: issue.title,
        ...(issue.url ? { url: issue.url } : {}),
        opened: issue.createdAt,
        due: payload.due,
        closed: issue.state === "closed" ? issue.closedAt : null,
        closedBy: issue.state === "closed" ? (issue.closedBy ?? null) : null,
        result,
      };
    })
    .sort((a, b) => a.audit.localeCompare(b.audit) || a.opened.localeCompare(b.opened) || a.issue - b.issue);
}

function day(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)}` : "";
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** The history as a Markdown table (dates as `YYYY-MM-DD` in UTC). Never throws. */
export function renderAuditHistoryMarkdown(rows: readonly AuditHistoryRow[], title = "Audit history"): string {
  const lines = [`## ${title}`, ""];
  if (rows.length === 0) return `${lines.join("\n")}No audit issues found.\n`;
  lines.push("| Audit | Period | Issue | Opened | Due | Closed | Closed by | Result |");
  lines.push("| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of rows) {
    const issue = r.url ? `[#${r.issue}](${r.url})` : `#${r.issue}`;
    lines.push(
      `| ${cell(r.audit)} | ${cell(r.period)} | ${issue} | ${day(r.opened)} | ${localDate(new Date(r.due), "UTC")} | ${day(r.closed)} | ${r.closedBy ? `@${cell(r.closedBy)}` : ""} | ${r.result} |`,
    );
  }
  const closed = rows.filter((r) => r.result === "on time" || r.result === "late");
  const onTime = closed.filter((r) => r.result === "on time").length;
  lines.push("", `${closed.length} of ${rows.length} periods closed, ${onTime} on time.`);
  return `${lines.join("\n")}\n`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The history as CSV (RFC 4180: header row, CRLF line ends, quoted where needed; full ISO times). Never throws. */
export function renderAuditHistoryCsv(rows: readonly AuditHistoryRow[]): string {
  const header = ["audit", "period", "issue", "title", "url", "opened", "due", "closed", "closed_by", "result"];
  const lines = [header.join(",")];
  for (const r of rows) {
    lines.push(
      [
        r.audit,
        r.period,
        String(r.issue),
        r.title,
        r.url ?? "",
        r.opened,
        r.due,
        r.closed ?? "",
        r.closedBy ?? "",
        r.result,
      ]
        .map(csvField)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
