// The plans a slash command leads to: the `/maintenance` plans, and the reply to an invalid or rejected
// command of either family (the incident planner replies through it too).
import { describeDuration } from "../calendar/duration.js";
import type { CalendarWindow } from "../calendar/window.js";
import { formatInZone } from "../calendar/zoned-time.js";
import type { MaintenanceConfig } from "../config/types.js";
import type { IssueSnapshot, Plan, PlanStep } from "../plan/types.js";
import type { MaintenanceCommand, ParseResult } from "../slash-commands/types.js";
import {
  closeSteps,
  initialPayload,
  type MaintenancePlanConfig,
  openAnnouncementSteps,
  rescheduleSteps,
  statusSteps,
} from "./planner.js";
import { type Announcement, announcementKey, findAnnouncements, storeWindow } from "./state.js";

/** Where and by whom a command was given. */
export interface CommandContext {
  /** `owner/name`. */
  repo: string;
  /** The issue (or pull request) the command comment is on. */
  issueNumber: number;
  /** A stable id of the command (the comment id): redeliveries of it must plan the same steps. */
  commandId: string;
  actor: string;
  now: Date;
  /** Open and recently closed issues of the repository (at least those labelled for the feature). */
  existingIssues: readonly IssueSnapshot[];
}

/** The marker key of the bot's reply to a command. */
export function replyKey(commandId: string): string {
  return `command/${commandId}/reply`;
}

/** Where a reply goes: the command's issue, keyed by the command. */
type ReplyTarget = Pick<CommandContext, "repo" | "issueNumber" | "commandId">;

/** A plan with one reply comment on the command's issue (for invalid or rejected commands). */
export function replyPlan(ctx: ReplyTarget, body: string): Plan {
  return { steps: [reply(ctx, body)] };
}

/**
 * The reply to a comment that holds an invalid or rejected command: a comment saying why (with the usage
 * for invalid ones). Bots get no reply (`silent`), and a comment without a command gets none. Never throws.
 */
export function planParseReply(
  result: ParseResult,
  ctx: Pick<CommandContext, "repo" | "issueNumber" | "commandId">,
): Plan {
  if (result.kind === "invalid") {
    return replyPlan(ctx, `⚠️ ${result.reason}.\n\nUsage:\n\`\`\`\n${result.usage}\n\`\`\``);
  }
  if (result.kind === "rejected" && !result.silent) return replyPlan(ctx, `🚫 ${result.reason}.`);
  return { steps: [] };
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
}

/** The id of a window scheduled by command: `20261201-0200-database-upgrade` (UTC start, title). */
export function commandWindowId(start: Date, title: string): string {
  const stamp = start.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
  const s = slug(title);
  return s ? `${stamp}-${s}` : stamp;
}

/** Which announcement a cancel/reschedule means: by id, the issue it was given in, or the only open one. */
function target(
  id: string | undefined,
  ctx: CommandContext,
  announcements: Map<string, Announcement>,
): Announcement | string {
  if (id) return announcements.get(id) ?? `there is no maintenance window \`${id}\``;
  const here = [...announcements.values()].find((a) => a.issue.number === ctx.issueNumber);
  if (here) return here;
  const open = [...announcements.values()].filter(
    (a) => a.payload.status === "scheduled" || a.payload.status === "in-progress",
  );
  if (open.length === 1) return open[0]!;
  if (open.length === 0) return "there is no scheduled maintenance window";
  return `which window? Give its id: ${open.map((a) => `\`${a.payload.id}\``).join(", ")}`;
}

function reply(ctx: ReplyTarget, body: string): PlanStep {
  return {
    kind: "comment",
    key: replyKey(ctx.commandId),
    repo: ctx.repo,
    issue: ctx.issueNumber,
    body,
    reason: "answer the command",
  };
}

/**
 * The plan for a `/maintenance` command (already parsed and permitted, see parseSlashCommand):
 * `schedule` opens the announcement of a new window (its state lives in the issue, so the sweep takes it
 * from there); `cancel` marks it cancelled, comments, unpins and closes it; `reschedule` moves it (same
 * duration unless given), edits it in place and comments. Windows defined in files are changed in their
 * file, not by command. A problem (start in the past, unknown or ambiguous window) gives a plan with just
 * a reply saying so. The bot answers in the command's issue unless that is the announcement itself.
 * Never throws for user input.
 */
export function planMaintenanceCommand(
  command: MaintenanceCommand,
  ctx: CommandContext,
  config: MaintenancePlanConfig & Pick<MaintenanceConfig, "timezone">,
): Plan {
  const announcements = findAnnouncements(ctx.existingIssues);
  if (command.action === "schedule") {
    if (command.start.getTime() <= ctx.now.getTime()) {
      return replyPlan(ctx, `⚠️ ${command.start.toISOString()} is in the past; give a future start time.`);
    }
    const id = commandWindowId(command.start, command.title);
    const existing = announcements.get(id);
    if (existing) return replyPlan(ctx, `ℹ️ This window is already scheduled: #${existing.issue.number}.`);
    const window: CalendarWindow = {
      id,
      kind: "maintenance",
      title: command.title,
      start: command.start,
      end: new Date(command.start.getTime() + command.durationMs),
      timezone: config.timezone,
      impact: "",
      status: "scheduled",
    };
    const payload = initialPayload(window, ctx.now, config, { source: "command", requestedBy: ctx.actor });
    return {
      steps: [
        ...openAnnouncementSteps(ctx.repo, payload, config),
        reply(
          ctx,
          `🗓️ Scheduled **${command.title}** (\`${id}\`) for ${formatInZone(command.start, config.timezone)}, ${describeDuration(command.durationMs)}: {{issue:${announcementKey(id)}}}.`,
        ),
      ],
    };
  }
  const found = target(command.id, ctx, announcements);
  if (typeof found === "string") return replyPlan(ctx, `⚠️ ${found}.`);
  const p = found.payload;
  const ref = found.issue.number;
  const inAnnouncement = ctx.issueNumber === ref;
  if (p.source === "file") {
    return replyPlan(
      ctx,
      `⚠️ Window \`${p.id}\` is defined in \`${p.file ?? ".github/maintenance"}\`: change it there.`,
    );
  }
  if (p.status === "cancelled" || p.status === "completed") {
    return replyPlan(ctx, `ℹ️ Window \`${p.id}\` is already ${p.status}.`);
  }
  if (command.action === "cancel") {
    const steps: PlanStep[] = [
      ...statusSteps(ctx.repo, ref, p, "cancelled", config, {
        comment: `❌ **${p.window.title}** is cancelled by @${ctx.actor}${command.reason ? `: ${command.reason}` : "."}`,
        reason: "window cancelled",
        editReason: `cancelled by @${ctx.actor}`,
      }),
      ...closeSteps(ctx.repo, ref, p, "not_planned"),
    ];
    if (!inAnnouncement) steps.push(reply(ctx, `❌ Cancelled \`${p.id}\` (#${ref}).`));
    return { steps };
  }
  if (p.status === "in-progress")
    return replyPlan(ctx, `⚠️ Window \`${p.id}\` has already started; it cannot be rescheduled.`);
  if (command.start.getTime() <= ctx.now.getTime()) {
    return replyPlan(ctx, `⚠️ ${command.start.toISOString()} is in the past; give a future start time.`);
  }
  const duration = command.durationMs ?? Date.parse(p.window.end) - Date.parse(p.window.start);
  const window = storeWindow({
    id: p.id,
    kind: p.window.kind,
    title: p.window.title,
    start: command.start,
    end: new Date(command.start.getTime() + duration),
    timezone: p.window.timezone,
    impact: p.window.impact,
    status: "scheduled",
    ...(p.window.description ? { description: p.window.description } : {}),
  });
  const steps = rescheduleSteps(ctx.repo, ref, p, window, ctx.now, config, {
    comment: `🔁 **${p.window.title}** is rescheduled by @${ctx.actor} to ${formatInZone(command.start, window.timezone)} – ${formatInZone(new Date(window.end), window.timezone)}.`,
    reason: "window rescheduled",
    editReason: `rescheduled by @${ctx.actor}`,
  });
  if (!inAnnouncement) steps.push(reply(ctx, `🔁 Rescheduled \`${p.id}\` (#${ref}).`));
  return { steps };
}
