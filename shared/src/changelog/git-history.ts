import { InputError } from "../errors.js";
import type { GitPort } from "../ports.js";
import type { RawCommit } from "./types.js";

/** What {@link readHistory} returns: commits newest first, and every tag name mapped to its commit. */
export interface History {
  /** Commits reachable from the requested revisions, in `git log` order (newest first). */
  commits: RawCommit[];
  /** Commit by full SHA. */
  byHash: Map<string, RawCommit>;
  /** Tag name → peeled commit SHA (annotated tags resolved to the commit they tag). */
  tags: Map<string, string>;
}

/** Options of {@link readHistory}. */
export interface ReadHistoryOptions {
  /** Revisions to log (`HEAD`, `v1.0.0`, `^v0.9.0`); default `["HEAD"]`. */
  revisions?: readonly string[];
  /** Also read the files each commit touched (monorepo packages need it). Default false. */
  files?: boolean;
}

// Each record starts with an empty NUL-terminated field, so a record boundary is an empty token:
// file names (with -z) and the fixed fields can never be confused, whatever the message holds.
const LOG_FORMAT = "--format=%x00%H%x00%P%x00%ct%x00%B";

/** Parses the `-z` output of `git log` in {@link LOG_FORMAT} (with or without `--name-only`). */
function parseLog(out: string): RawCommit[] {
  const tokens = out.split("\0");
  const commits: RawCommit[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (tokens[i] !== "") {
      i++;
      continue;
    }
    const hash = tokens[i + 1];
    if (hash === undefined || hash === "") {
      i++;
      continue;
    }
    const parents = tokens[i + 2] ?? "";
    const commit: RawCommit = {
      hash,
      parents: parents === "" ? [] : parents.split(" "),
      committedAt: Number(tokens[i + 3] ?? 0),
      message: tokens[i + 4] ?? "",
    };
    i += 5;
    const files: string[] = [];
    while (i < tokens.length && tokens[i] !== "") {
      const name = tokens[i] as string;
      const clean = name.startsWith("\n") ? name.slice(1) : name;
      if (clean !== "") files.push(clean);
      i++;
    }
    if (files.length > 0) commit.files = files;
    commits.push(commit);
  }
  return commits;
}

/** Parses `git for-each-ref --format=%(refname)%00%(objectname)%00%(*objectname) refs/tags`. */
function parseTagRefs(out: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const line of out.split("\n")) {
    if (line === "") continue;
    const [ref = "", object = "", peeled = ""] = line.split("\0");
    if (!ref.startsWith("refs/tags/")) continue;
    tags.set(ref.slice("refs/tags/".length), peeled || object);
  }
  return tags;
}

/**
 * Reads the history in two git calls: one `git log` (NUL-separated; hash, parents, committer date,
 * message and, with `files`, the touched paths; merges included so the graph stays connected) and
 * one `git for-each-ref` mapping every tag to its commit. Throws InputError when the directory is not
 * a git repository or a revision does not exist; an empty repository (no commits) gives no commits.
 */
export async function readHistory(git: GitPort, options: ReadHistoryOptions = {}): Promise<History> {
  const revisions = options.revisions ?? ["HEAD"];
  for (const rev of revisions) {
    const ref = rev.startsWith("^") ? rev.slice(1) : rev;
    if (ref === "HEAD" && revisions.length === 1) continue;
    await git.revParse(ref);
  }
  const args = ["-c", "log.showSignature=false", "log", "-z", "--no-decorate", "--no-color", LOG_FORMAT];
  if (options.files) args.push("--name-only", "--no-renames");
  args.push(...revisions, "--");
  // The two reads are independent: run them side by side.
  const [tagOut, logOut] = await Promise.all([
    runGit(git, ["for-each-ref", "--format=%(refname)%00%(objectname)%00%(*objectname)", "refs/tags"]),
    git.run(args).then(
      (out) => ({ out }),
      (err: unknown) => ({ err }),
    ),
  ]);
  const tags = parseTagRefs(tagOut);
  if ("err" in logOut) {
    const err = logOut.err;
    // A fresh repository has no HEAD yet: that is an empty history, not an error.
    if (
      revisions.length === 1 &&
      revisions[0] === "HEAD" &&
      /does not have any commits|unknown revision|bad revision .HEAD./i.test(String(err))
    ) {
      return { commits: [], byHash: new Map(), tags };
    }
    throw err;
  }
  const out = logOut.out;
  const commits = parseLog(out);
  const byHash = new Map<string, RawCommit>();
  for (const c of commits) byHash.set(c.hash, c);
  return { commits, byHash, tags };
}

async function runGit(git: GitPort, args: string[]): Promise<string> {
  try {
    return await git.run(args);
  } catch (err) {
    if (/not a git repository/i.test(String(err instanceof Error ? err.message : err))) {
      throw new InputError("not a git repository (or any parent up to the mount point)", {
        hint: "run upkeep changelog inside a git checkout, or pass -C <dir>",
        cause: err,
      });
    }
    throw err;
  }
}
