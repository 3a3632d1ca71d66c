/**
 * Builds real git repositories fast with `git fast-import` (one process, no per-commit fork), for the
 * changelog tests and benchmarks. Commits are linear on `main` unless `merge` names a second parent.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";

/** One commit to write. `at` is Unix seconds (author and committer date, UTC). */
export interface FixtureCommit {
  message: string;
  at: number;
  /** Files to write (path → content). Default: one line appended to `log.txt` so the tree changes. */
  files?: Record<string, string>;
  /** Tags on this commit; a name starting with `annotated:` makes an annotated tag (the prefix is dropped). */
  tags?: string[];
  /** Index (into the same list) of a commit to merge in as second parent; it must come earlier. */
  merge?: number;
  /** Index of the first parent when not the previous commit (to build side branches); -1 = root. */
  parent?: number;
  /** Author name, default `Upkeep Test`. */
  author?: string;
}

/** Identity env for git commands in tests, so no global config is needed. */
export const GIT_ENV: Record<string, string> = {
  GIT_AUTHOR_NAME: "Upkeep Test",
  GIT_AUTHOR_EMAIL: "test@example.invalid",
  GIT_COMMITTER_NAME: "Upkeep Test",
  GIT_COMMITTER_EMAIL: "test@example.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

function data(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

/** The fast-import stream for `commits` on `refs/heads/main` (exported for tests of the helper itself). */
export function fastImportStream(commits: readonly FixtureCommit[]): string {
  const out: string[] = [];
  commits.forEach((c, i) => {
    const who = `${c.author ?? "Upkeep Test"} <test@example.invalid> ${c.at} +0000`;
    out.push(`commit refs/heads/main\nmark :${i + 1}\nauthor ${who}\ncommitter ${who}\n${data(c.message)}`);
    const parent = c.parent ?? i - 1;
    if (parent >= 0) out.push(`from :${parent + 1}\n`);
    else if (i > 0) out.push("deleteall\n");
    if (c.merge !== undefined) out.push(`merge :${c.merge + 1}\n`);
    const files = c.files ?? { "log.txt": `${i}\n` };
    for (const [path, content] of Object.entries(files)) out.push(`M 100644 inline ${path}\n${data(content)}`);
    out.push("\n");
    for (const tag of c.tags ?? []) {
      if (tag.startsWith("annotated:")) {
        const name = tag.slice("annotated:".length);
        out.push(`tag ${name}\nfrom :${i + 1}\ntagger ${who}\n${data(`release ${name}`)}`);
      } else {
        out.push(`reset refs/tags/${tag}\nfrom :${i + 1}\n`);
      }
    }
  });
  return out.join("");
}

/**
 * Creates a git repository in `dir` (made if missing) holding `commits` on `main`, checked out, with
 * `origin` set to `remote` when given. Throws when git fails.
 */
export function createRepo(dir: string, commits: readonly FixtureCommit[], options: { remote?: string } = {}): void {
  mkdirSync(dir, { recursive: true });
  const env = { ...process.env, ...GIT_ENV };
  const git = (args: string[], input?: string) =>
    execFileSync("git", args, { cwd: dir, env, input, maxBuffer: 1024 * 1024 * 1024, stdio: "pipe" });
  git(["init", "-q", "-b", "main"]);
  if (commits.length > 0) {
    git(["fast-import", "--quiet", "--done"], `${fastImportStream(commits)}done\n`);
    git(["checkout", "-q", "-f", "main"]);
    // A clone (or gc) keeps tags in packed-refs; thousands of loose tag files would be unrealistically slow.
    git(["pack-refs", "--all"]);
  }
  if (options.remote) git(["remote", "add", "origin", options.remote]);
}

/** Runs git in `dir` with the test identity; returns stdout. */
export function gitIn(dir: string, args: string[]): string {
  return execFileSync("git", args, { cwd: dir, env: { ...process.env, ...GIT_ENV }, encoding: "utf8", stdio: "pipe" });
}
