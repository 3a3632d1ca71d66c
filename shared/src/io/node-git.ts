import { execFile } from "node:child_process";
import { InputError } from "../errors.js";
import type { GitPort } from "../ports.js";

function git(cwd: string, args: readonly string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolvePromise) => {
    execFile("git", [...args], { cwd, maxBuffer: 1024 * 1024 * 1024, encoding: "utf8" }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolvePromise({ stdout, stderr, code });
    });
  });
}

/** A GitPort backed by the `git` command in `cwd`. */
export function nodeGit(cwd: string): GitPort {
  return {
    async show(ref, path) {
      const r = await git(cwd, ["show", `${ref}:${path}`]);
      if (r.code === 0) return r.stdout;
      if (/does not exist|exists on disk, but not in|bad revision|invalid object name/i.test(r.stderr)) {
        // Distinguish a missing file (undefined) from a missing ref (an error the user must fix).
        const ok = await git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
        if (ok.code === 0) return undefined;
      }
      throw new InputError(`git show ${ref}:${path} failed: ${r.stderr.trim()}`, {
        hint: "check that the ref exists (fetch it with `git fetch --depth=0` or actions/checkout `fetch-depth: 0`)",
      });
    },
    async revParse(ref) {
      const r = await git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
      if (r.code !== 0) {
        throw new InputError(`git ref ${ref} does not exist in ${cwd}`, {
          hint: "fetch it first (actions/checkout with `fetch-depth: 0`)",
        });
      }
      return r.stdout.trim();
    },
    async run(args) {
      const r = await git(cwd, args);
      if (r.code !== 0) throw new InputError(`git ${args.join(" ")} failed: ${r.stderr.trim()}`);
      return r.stdout;
    },
  };
}
