import { execFile } from "node:child_process";
import type { CommandRunner } from "../ports.js";

/**
 * A CommandRunner that starts programs with execFile in `cwd` (no shell, so arguments are passed as
 * is). A program that cannot start or times out (default 30 s) gives a non-zero code and the reason
 * on stderr; it never throws.
 */
export function nodeCommandRunner(cwd: string): CommandRunner {
  return {
    run(command, options = {}) {
      const [program, ...args] = command;
      return new Promise((resolve) => {
        if (!program) {
          resolve({ stdout: "", stderr: "empty command", code: 127 });
          return;
        }
        execFile(
          program,
          args,
          { cwd, timeout: options.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" },
          (err, stdout, stderr) => {
            const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
            resolve({ stdout, stderr: err && !stderr ? err.message : stderr, code });
          },
        );
      });
    },
  };
}
