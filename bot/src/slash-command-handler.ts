// The bot's issue_comment handler for slash commands (`/maintenance`, `/incident`): reads the comment, checks the
// author's permission, asks the engines for a plan and executes it. The commands themselves are parsed in
// shared/src/slash-commands; the CLI's subcommands are shared/src/cli/commands.
import type { UpkeepConfig } from "@upkeep/shared/config/types.js";
import { NotFoundError } from "@upkeep/shared/errors.js";
import type { GitHubClient } from "@upkeep/shared/github/client.js";
import { planIncidentCommand } from "@upkeep/shared/incidents/planner.js";
import type { Logger } from "@upkeep/shared/logger.js";
import {
  type CommandContext,
  planMaintenanceCommand,
  planParseReply,
} from "@upkeep/shared/maintenance/slash-command-plans.js";
import { executePlan } from "@upkeep/shared/plan/execute.js";
import type { IssueSnapshot, Plan, StepResult } from "@upkeep/shared/plan/types.js";
import type { Clock } from "@upkeep/shared/ports.js";
import { hasSlashCommand, parseSlashCommand } from "@upkeep/shared/slash-commands/parse.js";
import type { CommandActor, ParseResult, Permission } from "@upkeep/shared/slash-commands/types.js";
import { maintenanceSettings } from "./features/maintenance/config.js";
import { listUpkeepIssues } from "./issues.js";
import { type RepoFiles, type RepoRef, readRepoFiles } from "./repo-files.js";

/**
 * What handling a command needs to know about the repository. The server reads it from GitHub
 * ({@link gitHubRepoReader}); `replay` can answer it offline (defaults, no issues, a given permission).
 */
export interface RepoReader {
  permission(login: string): Promise<Permission>;
  config(): Promise<UpkeepConfig>;
  issues(): Promise<IssueSnapshot[]>;
}

/** The parts of an `issue_comment` payload the handler reads. */
export interface CommentPayload {
  action?: string;
  comment: { id: number; body?: string | null; user: { login: string; type?: string } | null };
  issue: { number: number };
  repository: { name: string; owner: { login: string }; default_branch?: string };
  sender?: { login: string; type?: string };
}

/** The answer of GET /repos/{o}/{r}/collaborators/{u}/permission, as a permission level (`none` when not a collaborator). */
export async function collaboratorPermission(client: GitHubClient, repo: RepoRef, login: string): Promise<Permission> {
  try {
    const { data } = await client.rest.repos.getCollaboratorPermissionLevel({
      owner: repo.owner,
      repo: repo.name,
      username: login,
    });
    // `role_name` distinguishes maintain and triage, which the legacy `permission` field folds into write/read.
    const role = (data as { role_name?: string }).role_name ?? data.permission;
    return (["admin", "maintain", "write", "triage", "read"] as const).find((p) => p === role) ?? "none";
  } catch (error) {
    if (error instanceof NotFoundError) return "none";
    throw error;
  }
}

/** A RepoReader over GitHub: conditional reads, files cached per commit. */
export function gitHubRepoReader(client: GitHubClient, repo: RepoRef, filesCache: Map<string, RepoFiles>): RepoReader {
  return {
    permission: (login) => collaboratorPermission(client, repo, login),
    config: async () => (await readRepoFiles(client, repo, filesCache)).config.config,
    issues: () => listUpkeepIssues(client, repo),
  };
}

function isBotAccount(payload: CommentPayload): boolean {
  const login = payload.comment.user?.login ?? payload.sender?.login ?? "";
  return payload.comment.user?.type === "Bot" || payload.sender?.type === "Bot" || /\[bot\]$/i.test(login);
}

/** What a comment means and the plan it calls for. */
export interface CommandPlan {
  parsed: ParseResult;
  plan: Plan;
}

/**
 * Plans the answer to a new comment: nothing when it holds no `/maintenance` or `/incident` command; for a
 * bot, nothing at all (not even a permission look-up: bots never trigger replies, so no reply loops); for a
 * user without write, maintain or admin permission a polite refusal; otherwise the engine's plan. The
 * permission is looked up only when the comment holds a command. Throws GitHubApiError when GitHub fails.
 */
export async function planCommentCommand(payload: CommentPayload, reader: RepoReader, now: Date): Promise<CommandPlan> {
  const body = payload.comment.body ?? "";
  const login = payload.comment.user?.login ?? payload.sender?.login ?? "";
  const none: CommandPlan = { parsed: { kind: "none" }, plan: { steps: [] } };
  // Most comments hold no command: they cost no request.
  if (!hasSlashCommand(body)) return none;
  const isBot = isBotAccount(payload);
  const permission: Permission = isBot ? "none" : await reader.permission(login);
  const actor: CommandActor = { login, permission, isBot };
  const config = await reader.config();
  const parsed = parseSlashCommand(body, actor, { timeZone: config.maintenance.timezone });
  const repo = `${payload.repository.owner.login}/${payload.repository.name}`;
  const base = { repo, issueNumber: payload.issue.number, commandId: String(payload.comment.id) };
  if (parsed.kind !== "command") return { parsed, plan: planParseReply(parsed, base) };
  const ctx: CommandContext = { ...base, actor: login, now, existingIssues: await reader.issues() };
  const command = parsed.command;
  const plan =
    command.family === "maintenance"
      ? planMaintenanceCommand(command, ctx, maintenanceSettings(config))
      : planIncidentCommand(command, ctx, config.incidents);
  return { parsed, plan };
}

/** What the comment handler needs. */
export interface CommandDeps {
  client: GitHubClient;
  clock: Clock;
  logger: Logger;
  filesCache: Map<string, RepoFiles>;
  deliveryId: string;
}

/**
 * Handles `/maintenance` and `/incident` in a new issue comment: plans (see {@link planCommentCommand}) and
 * executes the plan, logging the outcome with the delivery id. Idempotent: the steps' keys derive from the
 * comment id, so a redelivery finds what the first delivery did. Throws GitHubApiError when reading fails.
 */
export async function handleCommentCommand(payload: CommentPayload, deps: CommandDeps): Promise<StepResult[]> {
  const repo: RepoRef = {
    owner: payload.repository.owner.login,
    name: payload.repository.name,
    ...(payload.repository.default_branch ? { defaultBranch: payload.repository.default_branch } : {}),
  };
  const reader = gitHubRepoReader(deps.client, repo, deps.filesCache);
  const { parsed, plan } = await planCommentCommand(payload, reader, deps.clock.now());
  if (parsed.kind === "none") return [];
  const results = await executePlan(deps.client, plan, { logger: deps.logger });
  const count = (o: StepResult["outcome"]) => results.filter((r) => r.outcome === o).length;
  const what =
    parsed.kind === "command"
      ? `/${parsed.command.family} ${parsed.command.action}`
      : `${parsed.kind} /${parsed.family}`;
  deps.logger.info(
    `delivery ${deps.deliveryId}: ${what} by @${payload.comment.user?.login ?? "?"} on ${repo.owner}/${repo.name}#${payload.issue.number}: ` +
      `${count("applied")} applied, ${count("skipped-exists")} already done, ${count("failed")} failed`,
  );
  return results;
}
