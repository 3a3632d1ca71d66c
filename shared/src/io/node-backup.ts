/**
 * Real implementations of backup-verify's ports (shared/src/backup/types.ts): local backup files,
 * programs for drills and repository checks, and scratch folders that are removed even when the
 * process is interrupted (SIGINT/SIGTERM).
 */

import { execFile, spawn } from "node:child_process";
import { createReadStream, createWriteStream, rmSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { InputError } from "../errors.js";
import type { BackupFilesPort, FileEntry, ProcessPort, ScratchPort } from "../ports.js";

function errCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err ? String((err as { code: unknown }).code) : undefined;
}

/** Local backup folders through node:fs; reads stream in 1 MiB chunks. */
export function nodeBackupFiles(): BackupFilesPort {
  return {
    async kind(path) {
      try {
        const s = await stat(path);
        return s.isDirectory() ? "dir" : s.isFile() ? "file" : "missing";
      } catch {
        return "missing";
      }
    },
    async list(dir) {
      const out: FileEntry[] = [];
      async function walk(d: string): Promise<void> {
        let entries: import("node:fs").Dirent[];
        try {
          entries = await readdir(d, { withFileTypes: true });
        } catch (err) {
          throw new InputError(`cannot list ${d} (${errCode(err) ?? String(err)})`, {
            hint: "check that the folder exists and is readable by this user",
            cause: err,
          });
        }
        for (const e of entries) {
          const p = join(d, e.name);
          if (e.isDirectory()) await walk(p);
          else if (e.isFile()) {
            const s = await stat(p);
            out.push({ path: p, size: s.size, modified: s.mtime });
          }
        }
      }
      await walk(dir);
      return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
    open(path, range) {
      return createReadStream(path, {
        highWaterMark: range?.chunkSize ?? 1024 * 1024,
        ...(range?.start !== undefined ? { start: range.start } : {}),
        ...(range?.end !== undefined ? { end: range.end } : {}),
      });
    },
    async readText(path) {
      try {
        return await readFile(path, "utf8");
      } catch (err) {
        throw new InputError(`cannot read ${path} (${errCode(err) ?? String(err)})`, { cause: err });
      }
    },
    async readState(path) {
      try {
        return await readFile(path, "utf8");
      } catch (err) {
        if (errCode(err) === "ENOENT") return undefined;
        throw new InputError(`cannot read the state file ${path} (${errCode(err)})`, { cause: err });
      }
    },
    async writeState(path, text) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
    },
  };
}

/** Runs programs without a shell; never throws (a program that cannot start gives code 127). */
export function nodeBackupProcess(): ProcessPort {
  return {
    run(command, options = {}) {
      const [program, ...args] = command;
      return new Promise((resolve) => {
        if (!program) {
          resolve({ stdout: "", stderr: "empty command", code: 127 });
          return;
        }
        const child = spawn(program, args, {
          cwd: options.cwd,
          env: { ...process.env, ...options.env },
          stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
        });
        children.add(child);
        let stdout = "";
        let stderr = "";
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          child.kill("SIGKILL");
        }, options.timeoutMs ?? 600_000);
        child.stdout?.on("data", (c: Buffer) => {
          if (stdout.length < 16 * 1024 * 1024) stdout += c.toString("utf8");
        });
        child.stderr?.on("data", (c: Buffer) => {
          if (stderr.length < 16 * 1024 * 1024) stderr += c.toString("utf8");
        });
        if (options.input !== undefined) child.stdin?.end(options.input);
        child.on("error", (err) => {
          children.delete(child);
          clearTimeout(timer);
          resolve({ stdout, stderr: err.message, code: 127 });
        });
        child.on("close", (code) => {
          children.delete(child);
          clearTimeout(timer);
          resolve({ stdout, stderr: timedOut ? `${stderr}\ntimed out` : stderr, code: timedOut ? 124 : (code ?? 1) });
        });
      });
    },
    which(program) {
      return new Promise((resolve) => {
        execFile("sh", ["-c", 'command -v "$1"', "sh", program], (err) => resolve(!err));
      });
    },
    feed(command, input) {
      const [program, ...args] = command;
      if (!program) return Promise.resolve({ stdout: "", stderr: "empty command", code: 127, fed: 0 });
      const child = spawn(program, args, { stdio: ["pipe", "ignore", "pipe"] });
      children.add(child);
      let stderr = "";
      let fed = 0;
      child.stderr.on("data", (c: Buffer) => {
        if (stderr.length < 64 * 1024) stderr += c.toString("utf8");
      });
      // EPIPE when the program stops reading early (it found damage): its exit code and stderr say why
      child.stdin.on("error", () => {});
      const stdinGone = () => child.stdin.destroyed || child.stdin.writableEnded;
      const pump = async () => {
        try {
          for await (const chunk of input) {
            if (stdinGone()) return;
            fed += chunk.length;
            if (!child.stdin.write(chunk)) {
              await new Promise<void>((resolve) => {
                const done = () => {
                  child.stdin.off("drain", done);
                  child.stdin.off("close", done);
                  resolve();
                };
                child.stdin.on("drain", done);
                child.stdin.on("close", done);
              });
            }
          }
          if (!stdinGone()) child.stdin.end();
        } catch (err) {
          child.kill("SIGKILL");
          throw err;
        }
      };
      return new Promise((resolve, reject) => {
        child.on("error", (err) => {
          children.delete(child);
          // could not start: the input was not read
          resolve({ stdout: "", stderr: err.message, code: 127, fed: 0 });
        });
        child.on("spawn", () => {
          const closed = new Promise<number>((done) =>
            child.on("close", (code, signal) => {
              children.delete(child);
              if (signal) stderr += `\nkilled by ${signal}`;
              done(code ?? 1);
            }),
          );
          Promise.all([pump(), closed]).then(([, code]) => resolve({ stdout: "", stderr, code, fed }), reject);
        });
      });
    },
  };
}

const live = new Set<string>();
const children = new Set<import("node:child_process").ChildProcess>();
let hooked = false;

function hookCleanup(): void {
  if (hooked) return;
  hooked = true;
  const cleanup = (signal: NodeJS.Signals) => {
    for (const c of children) c.kill("SIGTERM");
    for (const d of live) {
      try {
        // synchronous: the process is about to end
        rmSync(d, { recursive: true, force: true });
      } catch {
        // best effort
      }
    }
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", cleanup);
  process.once("SIGTERM", cleanup);
}

/** Scratch folders under the system temp folder, removed on remove() and on SIGINT/SIGTERM. */
export function nodeScratch(): ScratchPort {
  return {
    async makeDir(prefix) {
      hookCleanup();
      const d = await mkdtemp(join(tmpdir(), prefix));
      live.add(d);
      return d;
    },
    async remove(path) {
      live.delete(path);
      await rm(path, { recursive: true, force: true }).catch(() => {});
    },
    async mkdir(path) {
      await mkdir(path, { recursive: true });
    },
    async writeFile(path, data, options = {}) {
      let written = 0;
      const limit = options.maxBytes;
      async function* limited(): AsyncIterable<Uint8Array> {
        for await (const c of data) {
          written += c.length;
          if (limit !== undefined && written > limit)
            throw new Error(`more than ${limit} bytes: refusing a possible archive bomb`);
          yield c;
        }
      }
      await pipeline(Readable.from(limited(), { objectMode: false }), createWriteStream(path, { flags: "wx" }));
      return written;
    },
    async symlink(target, path) {
      await symlink(target, path);
    },
    async exists(path) {
      try {
        await stat(path);
        return true;
      } catch {
        return false;
      }
    },
  };
}
