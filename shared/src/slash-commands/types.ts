/** A user's permission on the repository, as GitHub's collaborator permission API reports it. */
export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

/** Who wrote the command. */
export interface CommandActor {
  login: string;
  permission: Permission;
  /** True for GitHub Apps and other bot accounts (`type: "Bot"` or a `[bot]` login). */
  isBot: boolean;
}

export type MaintenanceCommand =
  | { family: "maintenance"; action: "schedule"; start: Date; durationMs: number; title: string }
  | { family: "maintenance"; action: "cancel"; id?: string; reason?: string }
  | { family: "maintenance"; action: "reschedule"; id?: string; start: Date; durationMs?: number };

export type IncidentCommand =
  | { family: "incident"; action: "open"; title: string }
  | { family: "incident"; action: "update"; text: string }
  | { family: "incident"; action: "resolve"; note?: string };

export type SlashCommand = MaintenanceCommand | IncidentCommand;

/**
 * What a comment asked for: nothing (`none`), a command that may run (`command`), a command the actor may
 * not give (`rejected`, with the reason to reply; `silent` when the actor is a bot, whom one never answers
 * to avoid reply loops), or a malformed one (`invalid`, with the reason and the usage line).
 */
export type ParseResult =
  | { kind: "none" }
  | { kind: "command"; command: SlashCommand }
  | { kind: "rejected"; family: SlashCommand["family"]; reason: string; silent: boolean }
  | { kind: "invalid"; family: SlashCommand["family"]; reason: string; usage: string };
