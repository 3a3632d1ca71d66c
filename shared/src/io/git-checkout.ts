/**
 * The git checkout a command or action works in, as `upkeep drift-check` and the drift-check action read
 * it: whether there is one, and the files in it that git does not ignore.
 */
import type { GitPort } from "../ports.js";
import { nodeFileSystem } from "./node-fs.js";
import { nodeGit } from "./node-git.js";

/** The git checkout at `root`, or undefined outside one (checks that need history are then skipped). Never throws. */
export async function probeGit(root: string): Promise<GitPort | undefined> {
  const git = nodeGit(root);
  try {
    await git.run(["rev-parse", "--git-dir"]);
    return git;
  } catch {
    return undefined;
  }
}

/**
 * A file lister for the drift detectors: what is on disk below `root`, minus what `.gitignore` ignores, so
 * generated trees (build output, bench/.work) are not checked as docs. Falls back to every file on disk
 * when git cannot list them; throws what walking the folder throws.
 */
export function gitAwareLister(root: string, git: GitPort): () => Promise<string[]> {
  return async () => {
    const onDisk = await nodeFileSystem(root).walk();
    let listed: string;
    try {
      // Paths come relative to root, like the walk's.
      listed = await git.run(["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
    } catch {
      return onDisk;
    }
    const keep = new Set(listed.split("\0").filter(Boolean));
    return onDisk.filter((f) => keep.has(f));
  };
}

/**
 * Whether the checkout is shallow (actions/checkout's default `fetch-depth: 1`): tags and history are then
 * missing. False when git cannot tell; never throws.
 */
export async function isShallow(git: GitPort): Promise<boolean> {
  try {
    return (await git.run(["rev-parse", "--is-shallow-repository"])).trim() === "true";
  } catch {
    return false;
  }
}
