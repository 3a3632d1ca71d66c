import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeGit } from "@upkeep/shared/io/node-git.js";
import type { GitPort } from "@upkeep/shared/ports.js";
import { createRepo, type FixtureCommit, gitIn } from "../../../bench/changelog/fast-import.js";

export type { FixtureCommit };

/** Unix seconds of a UTC day plus `hours`. */
export function day(date: string, hours = 12): number {
  return Date.parse(`${date}T00:00:00Z`) / 1000 + hours * 3600;
}

/**
 * A real git repository in a temp dir built with `git fast-import` (identity from env, no global
 * config). `commits` are oldest first; `sha(i)` gives the full SHA of commit i.
 */
export function fixtureRepo(commits: FixtureCommit[], options: { remote?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "upkeep-changelog-"));
  createRepo(dir, commits, options);
  const shas = gitIn(dir, ["rev-list", "--reverse", "--topo-order", "--all"]).trim().split("\n");
  const byMessage = new Map<string, string>();
  for (const line of gitIn(dir, ["log", "--all", "--format=%H %s"]).trim().split("\n")) {
    const [sha = "", ...rest] = line.split(" ");
    byMessage.set(rest.join(" "), sha);
  }
  return {
    dir,
    git: nodeGit(dir) as GitPort,
    /** SHA of the commit whose subject line is `subject`. */
    sha(subject: string): string {
      const s = byMessage.get(subject);
      if (!s) throw new Error(`no commit "${subject}" in ${[...byMessage.keys()].join(" | ")}`);
      return s;
    },
    shas,
    run: (args: string[]) => gitIn(dir, args),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Commits from messages, one hour apart from `start`, tags by index. */
export function linear(messages: (string | [string, string[]])[], start = day("2026-01-05")): FixtureCommit[] {
  return messages.map((m, i) => {
    const [message, tags] = typeof m === "string" ? [m, undefined] : m;
    return {
      message: message.endsWith("\n") ? message : `${message}\n`,
      at: start + i * 3600,
      ...(tags ? { tags } : {}),
    };
  });
}
