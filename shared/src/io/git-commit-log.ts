/** The commits of a pull request as the gate lints them, read through the git port. */
import type { CommitRecord, GitPort } from "../ports.js";

export type { CommitRecord };

/**
 * The commits reachable from `head` but not from `base`, newest first, merges left out; with `paths`, only
 * those touching them (`["."]`: the current folder). Throws what the git port throws for an unknown ref.
 */
export async function commitsBetween(
  git: GitPort,
  base: string,
  head: string,
  paths: readonly string[] = [],
): Promise<CommitRecord[]> {
  // Records end in RS (0x1e) and the sha ends in NUL: neither can stand in a commit message.
  const out = await git.run([
    "log",
    "--no-merges",
    "--format=%H%x00%B%x1e",
    `${base}..${head}`,
    ...(paths.length > 0 ? ["--", ...paths] : []),
  ]);
  return out
    .split("\x1e")
    .map((r) => r.replace(/^\n/, ""))
    .filter((r) => r.includes("\0"))
    .map((r) => {
      const i = r.indexOf("\0");
      return { sha: r.slice(0, i), message: r.slice(i + 1).trim() };
    });
}
