import { hasSlashCommand, parseSlashCommand } from "@upkeep/shared/slash-commands/parse.js";
import type { CommandActor, Permission } from "@upkeep/shared/slash-commands/types.js";
import { describe, expect, it } from "vitest";

const writer: CommandActor = { login: "alice", permission: "write", isBot: false };

describe("parseSlashCommand: good input", () => {
  it.each([
    [
      "/maintenance schedule 2026-12-01T02:00Z 2h Database upgrade",
      { action: "schedule", start: "2026-12-01T02:00:00.000Z", durationMs: 7_200_000, title: "Database upgrade" },
    ],
    [
      "/maintenance schedule 2026-12-01T03:00+01:00 1h30m  Swap   disks",
      { action: "schedule", start: "2026-12-01T02:00:00.000Z", durationMs: 5_400_000, title: "Swap disks" },
    ],
    ["/Maintenance SCHEDULE 2026-12-01T02:00Z 90m x", { action: "schedule", durationMs: 5_400_000, title: "x" }],
    [
      "Heads-up:\n/maintenance schedule 2026-12-01 02:00 72h Migration",
      { action: "schedule", start: "2026-12-01T02:00:00.000Z", durationMs: 259_200_000 },
    ],
    ["/maintenance cancel", { action: "cancel" }],
    [
      "/maintenance cancel 20261201-0200-db vendor delayed",
      { action: "cancel", id: "20261201-0200-db", reason: "vendor delayed" },
    ],
    ["/maintenance reschedule 2026-12-02T02:00Z", { action: "reschedule", start: "2026-12-02T02:00:00.000Z" }],
    [
      "/maintenance reschedule db-upgrade 2026-12-02T02:00Z 3h",
      { action: "reschedule", id: "db-upgrade", durationMs: 10_800_000 },
    ],
    ["/incident open API returns 502", { family: "incident", action: "open", title: "API returns 502" }],
    [
      "/incident update Restored from backup\nErrors back to normal",
      { action: "update", text: "Restored from backup\nErrors back to normal" },
    ],
    ["/incident resolve", { action: "resolve" }],
    ["/incident resolve root cause: expired cert", { action: "resolve", note: "root cause: expired cert" }],
  ])("%j", (text, expected) => {
    const result = parseSlashCommand(text, writer);
    expect(result.kind).toBe("command");
    if (result.kind !== "command") return;
    const c = result.command as Record<string, unknown>;
    const shown = { ...c, ...(c.start instanceof Date ? { start: c.start.toISOString() } : {}) };
    expect(shown).toMatchObject(expected);
  });

  it("reads a time without an offset in the configured zone", () => {
    const r = parseSlashCommand("/maintenance schedule 2026-12-01 03:00 2h x", writer, { timeZone: "Europe/Berlin" });
    expect(r.kind === "command" && r.command.action === "schedule" && r.command.start.toISOString()).toBe(
      "2026-12-01T02:00:00.000Z",
    );
  });
});

describe("parseSlashCommand: no command", () => {
  it.each([
    "Thanks, looks good",
    "> /maintenance schedule 2026-12-01T02:00Z 2h quoted reply",
    "```\n/maintenance cancel\n```",
    "see /maintenance docs",
    "/maintenances schedule",
  ])("%j", (text) => {
    expect(parseSlashCommand(text, writer)).toEqual({ kind: "none" });
  });
});

describe("parseSlashCommand: bad and ambiguous input", () => {
  it.each([
    ["/maintenance", /expected schedule, cancel, reschedule/],
    ["/maintenance start 2026-12-01T02:00Z 2h x", /unknown subcommand "start"/],
    ["/maintenance schedule", /start time is missing/],
    ["/maintenance schedule tomorrow 2h x", /"tomorrow" is not a start time/],
    ["/maintenance schedule 2026-12-01T02:00Z Database upgrade", /"Database" is not a duration/],
    ["/maintenance schedule 2026-12-01T02:00Z 2h", /title is missing/],
    ["/maintenance schedule 2026-12-01T02:00Z 0h x", /"0h" is not a duration/],
    ["/maintenance schedule 2026-12-01T02:00Z 72d x", /longer than 31 days/],
    ["/maintenance schedule 2026-02-30T02:00Z 2h x", /is not a date and time/],
    ["/maintenance cancel Big_Window", /not a window id/],
    ["/maintenance reschedule db", /new start time is missing/],
    ["/maintenance reschedule 2026-12-02T02:00Z 2h extra words", /unexpected text/],
    ["/incident open", /title is missing/],
    ["/incident update", /update text is missing/],
    ["/incident open A\n/incident resolve", /one command per comment/],
  ])("%j", (text, reason) => {
    const r = parseSlashCommand(text, writer);
    expect(r.kind).toBe("invalid");
    if (r.kind === "invalid") {
      expect(r.reason).toMatch(reason);
      expect(r.usage).toMatch(/^\/(maintenance|incident) /);
    }
  });

  it.each([
    ["2026-03-29 02:30", "Europe/Berlin", /does not exist \(the clocks go forward\)/],
    ["2026-10-25 02:30", "Europe/Berlin", /happens twice \(the clocks go back\)/],
    ["2026-11-01 01:30", "America/New_York", /happens twice/],
    ["2026-03-08 02:15", "America/New_York", /does not exist/],
  ])("rejects the local time %s in %s as ambiguous", (time, timeZone, reason) => {
    const r = parseSlashCommand(`/maintenance schedule ${time} 2h x`, writer, { timeZone });
    expect(r.kind).toBe("invalid");
    if (r.kind === "invalid") expect(r.reason).toMatch(reason);
    const withOffset = parseSlashCommand(`/maintenance schedule ${time.replace(" ", "T")}Z 2h x`, writer, { timeZone });
    expect(withOffset.kind).toBe("command");
  });
});

describe("parseSlashCommand: permissions and bots", () => {
  it.each<[Permission, string]>([
    ["admin", "command"],
    ["maintain", "command"],
    ["write", "command"],
    ["triage", "rejected"],
    ["read", "rejected"],
    ["none", "rejected"],
  ])("%s permission → %s", (permission, kind) => {
    const r = parseSlashCommand("/incident open Outage", { login: "bob", permission, isBot: false });
    expect(r.kind).toBe(kind);
    if (r.kind === "rejected") {
      expect(r).toMatchObject({
        silent: false,
        reason: `@bob has ${permission} permission; /incident needs write, maintain or admin`,
      });
    }
  });

  it.each([
    { login: "renovate[bot]", permission: "admin" as const, isBot: true },
    { login: "github-actions[bot]", permission: "write" as const, isBot: false },
    { login: "ci-robot", permission: "admin" as const, isBot: true },
  ])("never takes a command from a bot ($login), and does not answer it", (actor) => {
    expect(parseSlashCommand("/maintenance cancel", actor)).toEqual({
      kind: "rejected",
      family: "maintenance",
      reason: "/maintenance commands from bots are ignored",
      silent: true,
    });
  });

  it("checks permission before syntax, so a reader learns nothing about the command", () => {
    expect(parseSlashCommand("/maintenance nonsense", { login: "eve", permission: "read", isBot: false }).kind).toBe(
      "rejected",
    );
  });
});

describe("hasSlashCommand", () => {
  it.each([
    ["/maintenance schedule 2026-12-01T02:00Z 2h x", true],
    ["Thanks!\n\n/INCIDENT resolve", true],
    ["/maintenance", true],
    ["LGTM, merging", false],
    ["see the /maintenance docs", false],
    ["> /incident open quoted from above", false],
    ["```\n/maintenance cancel\n```", false],
    ["/maintenanceschedule", false],
  ])("%j holds a command: %s", (text, expected) => {
    expect(hasSlashCommand(text)).toBe(expected);
    // It agrees with the parser, which the bot calls only when this says yes.
    expect(parseSlashCommand(text, writer).kind !== "none").toBe(expected);
  });
});
