import { renderChecklist } from "../audits/checklist.js";
import { describeDuration } from "../calendar/duration.js";
import type { IncidentsConfig } from "../config/types.js";
import { findMarkers } from "../github/markers.js";
import type { CommandContext } from "../maintenance/slash-command-plans.js";
import { replyKey, replyPlan } from "../maintenance/slash-command-plans.js";
import { readPayload } from "../plan/payload.js";
import type { IssueSnapshot, Plan, PlanStep } from "../plan/types.js";
import type { IncidentCommand } from "../slash-commands/types.js";

/** One timeline entry of an incident. */
export interface TimelineEntry {
  /** The command id that added it (so a redelivered update is not added twice). */
  id: string;
  at: string;
  by: string;
  text: string;
}

/** The state of an incident, kept in its issue's marker payload. */
export interface IncidentPayload {
  v: 1;
  id: string;
  title: string;
  openedAt: string;
  openedBy: string;
  status: "open" | "resolved";
  resolvedAt?: string;
  timeline: TimelineEntry[];
  pin?: "upkeep" | "human" | "full" | "unpinned";
  closed?: boolean;
}

/** The marker key of an incident issue. */
export function incidentKey(id: string): string {
  return `incident/${id}`;
}

/** Every incident issue with its payload, oldest first. Never throws. */
export function findIncidents(issues: readonly IssueSnapshot[]): { issue: IssueSnapshot; payload: IncidentPayload }[] {
  const out: { issue: IssueSnapshot; payload: IncidentPayload }[] = [];
  for (const issue of [...issues].sort((a, b) => a.number - b.number)) {
    const marker = findMarkers(issue.body).find((m) => m.key.startsWith(incidentKey("")));
    if (!marker) continue;
    const payload = readPayload<IncidentPayload>(issue.body, marker.key);
    if (payload?.v === 1 && !out.some((o) => o.payload.id === payload.id)) out.push({ issue, payload });
  }
  return out;
}

function utcMinute(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

/** The incident body: status, runbook checklist (keeping ticks from `previous`) and timeline. */
export function incidentBody(p: IncidentPayload, runbook: readonly string[], previous = ""): string {
  const status =
    p.status === "resolved" && p.resolvedAt
      ? `✅ Resolved ${utcMinute(p.resolvedAt)} after ${describeDuration(Date.parse(p.resolvedAt) - Date.parse(p.openedAt))}`
      : "🔥 Open";
  const timeline = p.timeline.map((e) => `- **${utcMinute(e.at)}** @${e.by}: ${e.text.replace(/\n+/g, " ")}`);
  return [
    `## Incident: ${p.title}`,
    "",
    `**Status:** ${status}  `,
    `**Opened:** ${utcMinute(p.openedAt)} by @${p.openedBy}`,
    "",
    "### Runbook",
    "",
    renderChecklist(runbook, previous),
    "",
    "### Timeline",
    "",
    ...(timeline.length ? timeline : ["_No updates yet. Add one with `/incident update <text>`._"]),
    "",
    "_`/incident update <text>` adds to the timeline; `/incident resolve` closes the incident._",
    "",
  ].join("\n");
}

function target(ctx: CommandContext) {
  const incidents = findIncidents(ctx.existingIssues);
  const here = incidents.find((i) => i.issue.number === ctx.issueNumber);
  if (here) return here;
  const open = incidents.filter((i) => i.payload.status === "open" && i.issue.state === "open");
  if (open.length === 1) return open[0]!;
  if (open.length === 0) return "there is no open incident";
  return `there are ${open.length} open incidents (${open.map((i) => `#${i.issue.number}`).join(", ")}): give the command in the incident's issue`;
}

/**
 * The plan for an `/incident` command (already parsed and permitted): `open` creates the incident issue
 * (label and runbook checklist from config, pinned when `config.pin`), `update` appends to the timeline in
 * the body and comments, `resolve` records the end, comments with the duration, unpins what Upkeep pinned
 * and closes. Update and resolve act on the incident the command was given in, or on the only open one;
 * otherwise the plan is a reply saying which to choose. Redelivered commands plan the same keys, so they
 * change nothing twice. Never throws for user input.
 */
export function planIncidentCommand(
  command: IncidentCommand,
  ctx: CommandContext,
  config: Pick<IncidentsConfig, "label" | "runbook" | "pin">,
): Plan {
  if (command.action === "open") {
    const id = `c${ctx.commandId}`.replace(/[^A-Za-z0-9-]/g, "-");
    const key = incidentKey(id);
    const payload: IncidentPayload = {
      v: 1,
      id,
      title: command.title,
      openedAt: ctx.now.toISOString(),
      openedBy: ctx.actor,
      status: "open",
      timeline: [],
    };
    const steps: PlanStep[] = [
      {
        kind: "create-issue",
        key,
        repo: ctx.repo,
        title: `Incident: ${command.title}`,
        body: incidentBody(payload, config.runbook),
        labels: [config.label],
        assignees: [],
        payload: payload as unknown as Record<string, unknown>,
        reason: `incident opened by @${ctx.actor}`,
      },
    ];
    if (config.pin)
      steps.push({ kind: "pin-issue", key: `${key}/pin`, repo: ctx.repo, issue: { key }, markerKey: key });
    steps.push({
      kind: "comment",
      key: replyKey(ctx.commandId),
      repo: ctx.repo,
      issue: ctx.issueNumber,
      body: `🔥 Incident opened: {{issue:${key}}}. Post updates there with \`/incident update <text>\`.`,
    });
    return { steps };
  }
  const found = target(ctx);
  if (typeof found === "string") return replyPlan(ctx, `⚠️ ${found}.`);
  const { issue, payload: p } = found;
  const key = incidentKey(p.id);
  if (p.status === "resolved") return replyPlan(ctx, `ℹ️ Incident #${issue.number} is already resolved.`);
  const elsewhere = ctx.issueNumber !== issue.number;
  if (command.action === "update") {
    const entry: TimelineEntry = { id: ctx.commandId, at: ctx.now.toISOString(), by: ctx.actor, text: command.text };
    const steps: PlanStep[] = [];
    if (!p.timeline.some((e) => e.id === ctx.commandId)) {
      const next = { ...p, timeline: [...p.timeline, entry] };
      steps.push({
        kind: "update-issue",
        key: `${key}/timeline/${ctx.commandId}`,
        repo: ctx.repo,
        issue: issue.number,
        body: incidentBody(next, config.runbook, issue.body),
        record: { key, patch: { timeline: next.timeline } },
        reason: "timeline entry",
      });
    }
    steps.push({
      kind: "comment",
      key: `${key}/update/${ctx.commandId}`,
      repo: ctx.repo,
      issue: issue.number,
      body: `📝 Update by @${ctx.actor}: ${command.text}`,
    });
    return { steps };
  }
  const resolvedAt = ctx.now.toISOString();
  const next: IncidentPayload = { ...p, status: "resolved", resolvedAt };
  const duration = describeDuration(ctx.now.getTime() - Date.parse(p.openedAt));
  const steps: PlanStep[] = [
    {
      kind: "update-issue",
      key: `${key}/status/resolved`,
      repo: ctx.repo,
      issue: issue.number,
      body: incidentBody(next, config.runbook, issue.body),
      record: { key, patch: { status: "resolved", resolvedAt } },
      reason: `resolved by @${ctx.actor}`,
    },
    {
      kind: "comment",
      key: `${key}/resolved`,
      repo: ctx.repo,
      issue: issue.number,
      body: `✅ Resolved by @${ctx.actor} after ${duration}${command.note ? `: ${command.note}` : "."}`,
    },
  ];
  if (p.pin === "upkeep")
    steps.push({ kind: "unpin-issue", key: `${key}/unpin`, repo: ctx.repo, issue: issue.number, markerKey: key });
  steps.push({
    kind: "update-issue",
    key: `${key}/close`,
    repo: ctx.repo,
    issue: issue.number,
    state: "closed",
    stateReason: "completed",
    record: { key, patch: { closed: true } },
  });
  if (elsewhere)
    steps.push({
      kind: "comment",
      key: replyKey(ctx.commandId),
      repo: ctx.repo,
      issue: ctx.issueNumber,
      body: `✅ Resolved #${issue.number} after ${duration}.`,
    });
  return { steps };
}
